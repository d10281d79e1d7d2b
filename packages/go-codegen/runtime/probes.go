package fnruntime

import (
	"net/http"
	"strings"
	"sync/atomic"
)

// health answers the platform's probes in front of the user's handler.
//
// Liveness stays 200 while the process runs. Readiness turns 503 the moment shutdown
// starts, so traffic moves elsewhere while in-flight requests finish. Both are answered on
// the reserved paths and on Knative Functions' (/health/liveness, /health/readiness).
// Kubernetes sends its probes with a "kube-probe/" User-Agent: those are answered here on any
// path (liveness on a liveness path, readiness elsewhere), so a pod spec probing "/" or
// "/healthz" keeps working without the function having to serve it.
type health struct {
	ready atomic.Bool
}

func newHealth() *health {
	h := &health{}
	h.ready.Store(true)
	return h
}

func (h *health) setNotReady() { h.ready.Store(false) }

// answered reports whether r was a probe, which it has then answered.
func (h *health) answered(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.URL.Path == LivenessPath || r.URL.Path == KnativeLivenessPath:
		probeAnswer(w, true)
	case r.URL.Path == ReadinessPath || r.URL.Path == KnativeReadinessPath,
		strings.HasPrefix(r.Header.Get("User-Agent"), "kube-probe/"):
		probeAnswer(w, h.ready.Load())
	default:
		return false
	}
	return true
}

func probeAnswer(w http.ResponseWriter, ok bool) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if ok {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("ok\n"))
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte("shutting down\n"))
}
