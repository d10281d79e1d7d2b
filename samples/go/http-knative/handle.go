// Package function has knative func's Go signature: the context is the request's, cancelled
// when the client goes away or the server shuts down.
package function

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Handle echoes the request body back with its length.
func Handle(ctx context.Context, res http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(res, err.Error(), http.StatusBadRequest)
		return
	}
	if ctx.Err() != nil {
		return
	}
	fmt.Fprintf(res, "received %d bytes: %s\n", len(body), body)
}
