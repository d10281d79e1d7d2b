package fnruntime

import (
	"log/slog"
	"net/http"
)

// front is the runtime's layer in front of the function, per request: probes, a 503 until
// the function has started, then the function with its request body limited and its panics
// recovered, its responses closing their connections once the server drains.
type front struct {
	fn     http.Handler
	log    *slog.Logger
	health *health
	limit  int64 // request body limit in bytes, 0 for none
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &response{ResponseWriter: w, draining: &f.health.draining, limit: f.limit, log: f.log}
	if f.health.answered(rw, r) {
		return
	}
	if !f.health.started.Load() {
		notStarted(rw)
		return
	}
	if f.limit > 0 && r.Body != nil && r.Body != http.NoBody {
		// A declared length over the limit is refused before the function runs: nothing of
		// the body is read.
		if r.ContentLength > f.limit {
			rw.refuse()
			f.logTooLarge(r, "refused before the function ran")
			return
		}
		// The server's own writer, not rw: http.MaxBytesReader looks for it to stop reading.
		rw.body = newLimitedBody(w, r.Body, f.limit)
		r.Body = rw.body
	}
	defer func() {
		if v := recover(); v != nil {
			recovered(f.log, rw, r, v)
		}
	}()
	f.fn.ServeHTTP(rw, r)
	switch {
	case !rw.started:
		// net/http sends the (empty) answer: headers decided here still make it.
		rw.start(http.StatusOK)
	case rw.body.exceeded() && !rw.refused:
		// The function had started answering when its body went past the limit: it cannot
		// have seen its whole request, so the client must not see a complete answer.
		f.logTooLarge(r, "after the response started: connection aborted")
		panic(http.ErrAbortHandler)
	}
	if rw.refused {
		f.logTooLarge(r, "answered 413")
	}
}

func (f *front) logTooLarge(r *http.Request, what string) {
	f.log.Warn("request body over the limit: "+what,
		"method", r.Method, "path", r.URL.Path, "limit_bytes", f.limit, "variable", EnvPrefix+"MAX_BODY_BYTES")
}

// notStarted answers a request that came before the function's Start returned: 503, which
// clients and proxies take as "try again", with a hint when.
func notStarted(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	http.Error(w, "the function is starting: try again shortly", http.StatusServiceUnavailable)
}
