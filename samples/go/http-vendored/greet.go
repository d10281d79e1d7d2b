// Package greet is a function whose dependencies are vendored: go-build builds it with
// -mod=vendor and no network.
package greet

import (
	"fmt"
	"net/http"

	"example.com/greetings"
)

// Greet answers /?name=... with a greeting from the vendored package.
func Greet(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, greetings.For(r.URL.Query().Get("name")))
}
