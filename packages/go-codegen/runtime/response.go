package fnruntime

import (
	"bufio"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
)

// response is the ResponseWriter the function writes to. The runtime acts at the moment the
// response starts (its final header, first byte or first flush), because only then is it
// known what the client gets:
//   - once the server drains, the response carries Connection: close, so the client sends no
//     further request on a connection that is about to close (net/http's HTTP/2 server turns
//     it into a graceful GOAWAY); checking at the start rather than when the request arrived
//     also catches requests that were already in flight when draining began;
//   - if the request body has gone past the limit by then, a 413 goes out in place of the
//     function's answer.
//
// It also remembers whether the response has started, which decides how a panic ends. It
// passes on Flush and Hijack, which streaming handlers and websockets look for by type
// assertion, and unwraps for http.ResponseController.
type response struct {
	http.ResponseWriter
	draining *atomic.Bool
	body     *limitedBody // nil without a body limit
	limit    int64
	log      *slog.Logger
	started  bool
	status   int  // the status the response started with
	refused  bool // a 413 went out in place of the function's answer
}

// start marks the response started with status code and reports whether the function's
// answer may go out.
func (w *response) start(code int) bool {
	if w.started {
		return !w.refused
	}
	w.started, w.status = true, code
	// A protocol switch (101) keeps its Connection: Upgrade; the connection is no longer HTTP.
	if w.draining.Load() && code != http.StatusSwitchingProtocols {
		w.Header().Set("Connection", "close")
	}
	if w.body.exceeded() {
		w.refuse()
	}
	return !w.refused
}

// refuse answers 413 in place of the function.
func (w *response) refuse() {
	if w.draining.Load() {
		w.Header().Set("Connection", "close")
	}
	w.started, w.refused = true, true
	tooLarge(w.ResponseWriter, w.limit)
}

func (w *response) WriteHeader(code int) {
	// Informational answers (100 Continue, 103 Early Hints) go out before the response starts.
	informational := code < 200 && code != http.StatusSwitchingProtocols
	switch {
	case informational && !w.started:
		w.ResponseWriter.WriteHeader(code)
	case informational:
	case w.started && !w.refused:
		// net/http would log "superfluous response.WriteHeader call" naming the first frame
		// outside net/http: this method. Caught here, it names the function's own line.
		w.superfluous(code)
	case w.start(code):
		w.ResponseWriter.WriteHeader(code)
	}
}

// superfluous logs a WriteHeader after the response started, with the caller that made it.
func (w *response) superfluous(code int) {
	if w.log == nil {
		return
	}
	w.log.Warn("superfluous WriteHeader call: the response had already started, the status stays",
		"status", w.status, "ignored_status", code, "caller", callerOutsideRuntime())
}

// callerOutsideRuntime is the first frame above this writer and net/http: the function's code
// (or a library or middleware it used) that wrote the header twice.
func callerOutsideRuntime() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		frame, more := frames.Next()
		if !strings.Contains(frame.Function, "fnruntime.(*response).") && !strings.HasPrefix(frame.Function, "net/http.") {
			return fmt.Sprintf("%s (%s:%d)", frame.Function, frame.File, frame.Line)
		}
		if !more {
			return "unknown"
		}
	}
}

func (w *response) Write(b []byte) (int, error) {
	w.start(http.StatusOK)
	if w.body.exceeded() {
		// Refused with a 413, or past the limit after the response started (the connection is
		// aborted when the function returns): either way its bytes have nowhere to go.
		return 0, &http.MaxBytesError{Limit: w.limit}
	}
	return w.ResponseWriter.Write(b)
}

func (w *response) Flush() {
	w.start(http.StatusOK)
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *response) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	w.started = true
	return h.Hijack()
}

func (w *response) Unwrap() http.ResponseWriter { return w.ResponseWriter }
