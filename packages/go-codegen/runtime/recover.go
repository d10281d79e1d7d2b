package fnruntime

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// recovered ends a request whose function panicked with v with a structured log line and
// the stack (net/http alone would log to stderr and drop the connection).
//
// Before the response started, the client gets a 500 and the process keeps serving. After it
// started, a 500 can no longer be sent and finishing the response normally would pass a
// truncated answer off as complete (with nothing flushed yet, even with a matching
// Content-Length), so the connection is aborted (HTTP/1.1) or the stream reset (HTTP/2): the
// client sees a failure. http.ErrAbortHandler keeps its meaning: abort, quietly.
func recovered(log *slog.Logger, w *response, r *http.Request, v any) {
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(v)
	}
	log.Error("function panicked",
		"method", r.Method, "path", r.URL.Path, "panic", v, "response_started", w.started, "stack", string(debug.Stack()))
	if w.started {
		panic(http.ErrAbortHandler)
	}
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}
