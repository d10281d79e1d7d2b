// Package hello is the smallest fnpacks function: no main, no server code.
package hello

import (
	"fmt"
	"net/http"
)

// Handler greets whoever asks; try /?name=Gopher.
func Handler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "world"
	}
	fmt.Fprintf(w, "Hello, %s!\n", name)
}
