package fnruntime

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// probes asks every probe path, as anyone and as Kubernetes, and returns the status codes.
func probes(t *testing.T, s *testServer) map[string]int {
	t.Helper()
	codes := map[string]int{}
	for _, path := range []string{ReadinessPath, KnativeReadinessPath, LivenessPath, KnativeLivenessPath, "/healthz"} {
		for _, agent := range []string{"curl/8", "kube-probe/1.31"} {
			if path == "/healthz" && agent == "curl/8" {
				continue // not a probe: the function's
			}
			code, _ := get(t, s.url+path, "User-Agent", agent)
			codes[path+" "+agent] = code
		}
	}
	return codes
}

// wantProbes checks every probe answer: readiness everywhere but on the liveness paths.
func wantProbes(t *testing.T, s *testServer, readiness, liveness int) {
	t.Helper()
	for probe, code := range probes(t, s) {
		want := readiness
		if strings.HasPrefix(probe, LivenessPath) || strings.HasPrefix(probe, KnativeLivenessPath) {
			want = liveness
		}
		if code != want {
			t.Errorf("%s: %d, want %d", probe, code, want)
		}
	}
}

func TestReadyAndAliveFeedTheProbes(t *testing.T) {
	var ready, alive atomic.Bool
	var readyErr atomic.Value
	readyErr.Store(errors.New(""))
	alive.Store(true)
	s := startFunction(t, Function{Name: "New", Handler: hello,
		Ready: func(context.Context) (bool, error) {
			if err := readyErr.Load().(error); err.Error() != "" {
				return true, err
			}
			return ready.Load(), nil
		},
		Alive: func(context.Context) (bool, error) { return alive.Load(), nil },
	}, func(c *Config) { c.LogLevel = "debug" })

	// Not ready: readiness fails, liveness (also a kube-probe at Knative's path) does not, and
	// the function still serves whoever reaches it.
	wantProbes(t, s, 503, 200)
	if code, body := get(t, s.url+ReadinessPath); body != "not ready\n" {
		t.Errorf("readiness: %d %q", code, body)
	}
	if code, body := get(t, s.url+"/x"); code != 200 || body != "hello /x" {
		t.Errorf("function while not ready: %d %q", code, body)
	}
	ready.Store(true)
	wantProbes(t, s, 200, 200)

	// An error is a 503 whatever the answer, and is logged at debug level.
	readyErr.Store(errors.New("database unreachable"))
	wantProbes(t, s, 503, 200)
	readyErr.Store(errors.New(""))

	alive.Store(false)
	wantProbes(t, s, 200, 503)
	if code, body := get(t, s.url+KnativeLivenessPath); body != "not alive\n" {
		t.Errorf("liveness: %d %q", code, body)
	}
	s.stop(t)
	if logs := s.logs.String(); !strings.Contains(logs, `"level":"DEBUG","msg":"probe failed: the function's Ready returned an error","error":"database unreachable"`) ||
		!strings.Contains(logs, `"msg":"probe failed: the function's Alive returned false"`) {
		t.Errorf("probe failures not logged at debug level:\n%s", logs)
	}
}

// A Ready that never answers, or an Alive that panics, fails its probe in time; the server
// goes on.
func TestProbeSourcesAreBounded(t *testing.T) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	s := startFunction(t, Function{Name: "New", Handler: hello,
		Ready: func(context.Context) (bool, error) { <-never; return true, nil }, // ignores its context
		Alive: func(context.Context) (bool, error) { panic("wedged") },
	}, func(c *Config) { c.ProbeTimeout = 50 * time.Millisecond; c.LogLevel = "debug" })
	wantProbes(t, s, 503, 503)
	if code, body := get(t, s.url+"/x"); code != 200 || body != "hello /x" {
		t.Errorf("function: %d %q", code, body)
	}
	s.stop(t)
	logs := s.logs.String()
	for _, want := range []string{"no answer within 50ms (FNPACKS_PROBE_TIMEOUT)", `"msg":"function's Alive panicked","panic":"wedged"`, "lifecycle_test.go"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

// From the first signal on, readiness fails without asking Ready.
func TestReadinessFailsFromTheFirstSignalWhateverReadySays(t *testing.T) {
	var asked atomic.Int32
	s := startFunction(t, Function{Name: "New", Handler: hello,
		Ready: func(context.Context) (bool, error) { asked.Add(1); return true, nil },
	}, func(c *Config) { c.DrainDelay = time.Minute })
	wantProbes(t, s, 200, 200)
	s.signals <- syscall.SIGTERM
	waitDraining(t, s)
	before := asked.Load()
	wantProbes(t, s, 503, 200)
	if after := asked.Load(); after != before {
		t.Errorf("Ready asked %d times while draining", after-before)
	}
	s.signals <- syscall.SIGINT
	<-s.finished
}
