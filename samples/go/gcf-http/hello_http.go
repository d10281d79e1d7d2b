// Package helloworld is an HTTP function written for Google Cloud Functions: registered in
// init() with the Functions Framework, and unexported. fnpacks serves it as it is, under its
// registered name, with no main and no GOOGLE_FUNCTION_TARGET.
package helloworld

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
)

func init() {
	functions.HTTP("HelloHTTP", helloHTTP)
}

// helloHTTP greets the name in a JSON body ({"name": "…"}), else in the query, else World.
func helloHTTP(w http.ResponseWriter, r *http.Request) {
	var d struct {
		Name string `json:"name"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&d); err != nil {
			http.Error(w, "cannot decode the body: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	if d.Name == "" {
		d.Name = r.URL.Query().Get("name")
	}
	if d.Name == "" {
		d.Name = "World"
	}
	fmt.Fprintf(w, "Hello, %s!\n", html.EscapeString(d.Name))
}

// HelloGet is another HTTP function in the package, of the same shape, and not registered:
// the registration says which one this package serves.
func HelloGet(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "Hello, World!")
}
