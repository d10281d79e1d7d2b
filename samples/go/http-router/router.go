// Package router exposes a whole router as one value: fnpacks serves any exported
// package-level variable of type http.Handler.
package router

import (
	"encoding/json"
	"net/http"
)

// Handler routes /hello/{name} and /time; Go 1.22 patterns need no third-party router.
var Handler http.Handler = routes()

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"greeting": "Hello, " + r.PathValue("name") + "!"})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("try /hello/gopher\n"))
	})
	return mux
}
