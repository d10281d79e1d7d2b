package fnruntime

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// health answers the platform's probes in front of the user's handler, and holds the state
// they answer from.
//
// Liveness is 200 while the process runs, unless the function's Alive says otherwise once it
// has started. Readiness is 200 once the function has started, if its Ready agrees, and
// turns 503 for good the moment shutdown starts, so traffic moves elsewhere while in-flight
// requests finish. Both are answered on the reserved paths and on Knative Functions'
// (/health/liveness, /health/readiness). Kubernetes sends its probes with a "kube-probe/" User-Agent: those are
// answered here on any path (liveness on a liveness path, readiness elsewhere), so a pod spec
// probing "/" or "/healthz" keeps working without the function having to serve it.
type health struct {
	// started is set once the function's Start has returned nil (at once without one): until
	// then readiness fails and requests get 503 (see front), and liveness is 200 without
	// asking Alive.
	started atomic.Bool
	// draining is set at the first signal: readiness fails from then on, and responses close
	// their connections (see response).
	draining atomic.Bool
	// ready and alive are the function's own answers (Function.Ready, Function.Alive), or nil.
	ready, alive func(context.Context) (bool, error)
	// timeout bounds each answer of ready and alive; 0 for none.
	timeout time.Duration
	log     *slog.Logger
}

func newHealth(fn Function, timeout time.Duration, log *slog.Logger) *health {
	h := &health{ready: fn.Ready, alive: fn.Alive, timeout: timeout, log: log}
	h.started.Store(fn.Start == nil)
	return h
}

// answered reports whether r was a probe, which it has then answered.
func (h *health) answered(w http.ResponseWriter, r *http.Request) bool {
	var ok bool
	var why string
	switch {
	case r.URL.Path == LivenessPath || r.URL.Path == KnativeLivenessPath:
		ok, why = h.liveness(r.Context())
	case r.URL.Path == ReadinessPath || r.URL.Path == KnativeReadinessPath,
		strings.HasPrefix(r.Header.Get("User-Agent"), "kube-probe/"):
		ok, why = h.readiness(r.Context())
	default:
		return false
	}
	probeAnswer(w, ok, why)
	return true
}

// readiness is false from the first signal on, whatever Ready says.
func (h *health) readiness(ctx context.Context) (bool, string) {
	switch {
	case h.draining.Load():
		return false, "shutting down"
	case !h.started.Load():
		return false, "starting"
	}
	return h.ask(ctx, "Ready", h.ready), "not ready"
}

func (h *health) liveness(ctx context.Context) (bool, string) {
	if !h.started.Load() {
		return true, ""
	}
	return h.ask(ctx, "Alive", h.alive), "not alive"
}

// ask asks the function's source (Ready or Alive) within the probe timeout: false, an error, a
// panic or no answer in time all fail the probe. Why is logged at debug level only: probes
// come every few seconds, and the platform acts on the answer.
func (h *health) ask(ctx context.Context, name string, source func(context.Context) (bool, error)) bool {
	if source == nil {
		return true
	}
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, h.timeout,
			fmt.Errorf("no answer within %s (%sPROBE_TIMEOUT)", h.timeout, EnvPrefix))
		defer cancel()
	}
	var answer hookResult
	select {
	case answer = <-call(h.log, name, func() (bool, error) { return source(ctx) }):
	case <-ctx.Done():
		answer.err = context.Cause(ctx) // the timeout, or the prober went away
	}
	switch {
	case answer.err != nil:
		h.log.Debug("probe failed: the function's "+name+" returned an error", "error", answer.err)
	case !answer.ok:
		h.log.Debug("probe failed: the function's " + name + " returned false")
	}
	return answer.ok && answer.err == nil
}

func probeAnswer(w http.ResponseWriter, ok bool, why string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if ok {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("ok\n"))
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(why + "\n"))
}
