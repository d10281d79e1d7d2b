package fnruntime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
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

// The port is open while Start runs: probes are answered (liveness 200 without asking
// Alive, readiness 503) and requests get 503 with Retry-After until Start returns; then the
// function serves, Background starts and Start's context lives on.
func TestStartRunsOnTheOpenPortAndRequestsWaitForIt(t *testing.T) {
	entered, proceed, background := make(chan struct{}), make(chan struct{}), make(chan struct{})
	startCtx := make(chan context.Context, 1)
	mux := http.NewServeMux()
	mux.Handle("/", hello)
	mux.HandleFunc("/start-context", func(w http.ResponseWriter, _ *http.Request) {
		ctx := <-startCtx
		startCtx <- ctx
		fmt.Fprint(w, ctx.Err())
	})
	s := startFunction(t, Function{Name: "New", Handler: mux,
		Start: func(ctx context.Context) error {
			startCtx <- ctx
			close(entered)
			<-proceed
			return nil
		},
		Ready:      func(context.Context) (bool, error) { return true, nil },
		Alive:      func(context.Context) (bool, error) { return false, nil },
		Background: func(context.Context) { close(background) },
	}, nil)
	<-entered

	resp, err := http.Get(s.url + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("request while starting: %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	wantProbes(t, s, 503, 200)
	if code, body := get(t, s.url+KnativeReadinessPath); body != "starting\n" {
		t.Errorf("readiness while starting: %d %q", code, body)
	}
	select {
	case <-background:
		t.Error("Background started before Start returned")
	default:
	}

	close(proceed)
	waitFor(t, func() bool { code, _ := get(t, s.url+ReadinessPath); return code == 200 })
	wantProbes(t, s, 200, 503) // now Alive is asked
	if code, body := get(t, s.url+"/x"); code != 200 || body != "hello /x" {
		t.Errorf("request once started: %d %q", code, body)
	}
	if code, body := get(t, s.url+"/start-context"); body != "<nil>" {
		t.Errorf("Start's context while serving: %d %q, want it alive", code, body)
	}
	<-background
	s.stop(t)
	if ctx := <-startCtx; ctx.Err() == nil {
		t.Error("Start's context outlived the server")
	}
	if logs := s.logs.String(); !strings.Contains(logs, `"msg":"the function has started"`) {
		t.Errorf("no log of the start:\n%s", logs)
	}
}

// startFails starts fn, whose Start fails, and returns its logs once Serve has called exit(1)
// and returned; the function must never have served.
func startFails(t *testing.T, fn Function, tweak func(*Config)) string {
	t.Helper()
	var served, stopped atomic.Int32
	fn.Name = "New"
	fn.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served.Add(1) })
	fn.Stop = func(context.Context) error { stopped.Add(1); return nil }
	fn.OnShutdown = func() { stopped.Add(1) }
	s := startFunction(t, fn, tweak)
	select {
	case code := <-s.exits:
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit")
	}
	<-s.finished
	if s.err == nil {
		t.Error("Serve returned nil")
	}
	if _, err := http.Get(s.url + "/"); err == nil {
		t.Error("still accepting connections")
	}
	if served.Load() != 0 || stopped.Load() != 0 {
		t.Errorf("the function served %d requests and was told of a shutdown or stopped %d times, want neither", served.Load(), stopped.Load())
	}
	logs := s.logs.String()
	if !strings.Contains(logs, `"level":"ERROR","msg":"the function failed to start: exiting without serving"`) {
		t.Errorf("no clear log line:\n%s", logs)
	}
	return logs
}

func TestStartErrorExitsWithoutServing(t *testing.T) {
	logs := startFails(t, Function{Start: func(context.Context) error { return errors.New("cannot reach db:5432") }}, nil)
	if !strings.Contains(logs, `"error":"cannot reach db:5432 (after`) {
		t.Errorf("the error is not logged:\n%s", logs)
	}
}

func TestStartPanicExitsWithoutServing(t *testing.T) {
	logs := startFails(t, Function{Start: func(context.Context) error { panic("no config") }}, nil)
	if !strings.Contains(logs, `"error":"Start panicked: no config`) || !strings.Contains(logs, "lifecycle_test.go") {
		t.Errorf("the panic and its stack are not logged:\n%s", logs)
	}
}

// Start gets its own timeout, even if it ignores its context (which ends then all the same).
func TestStartTimeoutExitsWithoutServing(t *testing.T) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	cause := make(chan error, 1)
	logs := startFails(t, Function{Start: func(ctx context.Context) error {
		go func() { <-ctx.Done(); cause <- context.Cause(ctx) }()
		<-never
		return nil
	}}, func(c *Config) { c.StartTimeout = 50 * time.Millisecond })
	if !strings.Contains(logs, `"error":"Start did not return within 50ms (FNPACKS_START_TIMEOUT) (after`) {
		t.Errorf("the timeout is not logged:\n%s", logs)
	}
	if err := <-cause; err == nil || !strings.Contains(err.Error(), "FNPACKS_START_TIMEOUT") {
		t.Errorf("Start's context ended with %v", err)
	}
}

// A signal while Start runs cancels its context; the shutdown skips the drain delay (nothing
// was routed here) and exits 0. Stop runs if Start still returned nil.
func TestSignalWhileStartingEndsStartAndSkipsTheDrain(t *testing.T) {
	for _, c := range []struct {
		returns error
		stops   int32
		log     string
	}{
		{errShutdownStarted, 0, `"msg":"the function did not start before the shutdown","error":"shutdown started"`},
		{nil, 1, `"msg":"the function has started"`},
	} {
		c := c // go 1.21: one variable for the whole loop
		entered := make(chan struct{})
		var stopped atomic.Int32
		s := startFunction(t, Function{Name: "New", Handler: hello,
			Start: func(ctx context.Context) error {
				close(entered)
				<-ctx.Done()
				return c.returns
			},
			Stop: func(context.Context) error { stopped.Add(1); return nil },
		}, func(c *Config) { c.DrainDelay = time.Minute })
		<-entered
		s.stop(t) // within 10s, so not after the minute's drain delay
		select {
		case code := <-s.exits:
			t.Errorf("exit(%d) called", code)
		default:
		}
		logs := s.logs.String()
		if !strings.Contains(logs, c.log) || !strings.Contains(logs, "no drain delay") {
			t.Errorf("Start returning %v, logs:\n%s", c.returns, logs)
		}
		if stopped.Load() != c.stops {
			t.Errorf("Start returning %v: Stop ran %d times, want %d", c.returns, stopped.Load(), c.stops)
		}
	}
}

// Under concurrent load, SIGTERM: Stop runs once, after the last request has finished (four
// of them held until the listener has closed) and after Background's context ended.
func TestStopRunsOnceAfterTheLastRequest(t *testing.T) {
	var active, handled, stops atomic.Int32
	var activeAtStop, handledAtStop int32
	parked, release := make(chan struct{}), make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/parked", func(w http.ResponseWriter, _ *http.Request) {
		active.Add(1)
		defer active.Add(-1)
		parked <- struct{}{}
		<-release
		handled.Add(1)
		fmt.Fprint(w, "parked")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		active.Add(1)
		defer active.Add(-1)
		handled.Add(1)
		fmt.Fprint(w, "ok")
	})
	background := make(chan context.Context, 1)
	s := startFunction(t, Function{Name: "New", Handler: mux,
		Background: func(ctx context.Context) { background <- ctx },
		Stop: func(context.Context) error {
			stops.Add(1)
			activeAtStop, handledAtStop = active.Load(), handled.Load()
			if (<-background).Err() == nil {
				t.Error("Stop ran before Background's context ended")
			}
			return errors.New("flush failed")
		},
	}, func(c *Config) { c.DrainDelay = 100 * time.Millisecond }) // the load goes on through the drain

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	request := func(path string) (string, error) {
		resp, err := client.Get(s.url + path)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d %s", resp.StatusCode, body), err
	}
	parkedAnswers := make(chan string, 4)
	for i := 0; i < 4; i++ {
		go func() {
			got, err := request("/parked")
			if err != nil {
				got = err.Error()
			}
			parkedAnswers <- got
		}()
		<-parked
	}
	// Load: each client sends requests until the server refuses them.
	var load, loading sync.WaitGroup
	var ok atomic.Int32
	for i := 0; i < 8; i++ {
		load.Add(1)
		loading.Add(1)
		go func() {
			defer load.Done()
			first := true
			for {
				got, err := request("/")
				if err != nil {
					break
				}
				if got == "200 ok" {
					ok.Add(1)
				}
				if first {
					loading.Done()
					first = false
				}
			}
			if first {
				loading.Done()
			}
		}()
	}
	loading.Wait()
	s.signals <- syscall.SIGTERM
	load.Wait() // the listener has closed: Shutdown is under way, waiting for the parked four
	if stops.Load() != 0 {
		t.Fatal("Stop ran while requests were in flight")
	}
	close(release)
	for i := 0; i < 4; i++ {
		if got := <-parkedAnswers; got != "200 parked" {
			t.Errorf("parked request: %q", got)
		}
	}
	s.wait(t)
	t.Logf("%d requests answered 200 under load", ok.Load())
	if stops.Load() != 1 || activeAtStop != 0 || handledAtStop != handled.Load() || ok.Load()+4 > handledAtStop {
		t.Errorf("Stop ran %d times with %d requests active and %d of %d handled (%d answered 200)",
			stops.Load(), activeAtStop, handledAtStop, handled.Load(), ok.Load()+4)
	}
	if logs := s.logs.String(); !strings.Contains(logs, `"level":"ERROR","msg":"the function's Stop failed","error":"flush failed"`) {
		t.Errorf("Stop's error not logged:\n%s", logs)
	}
}

// Stop gets its own budget, even if it ignores its context.
func TestStopTimeout(t *testing.T) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	s := startFunction(t, Function{Name: "New", Handler: hello,
		Stop: func(context.Context) error { <-never; return nil },
	}, func(c *Config) { c.StopTimeout = 50 * time.Millisecond })
	s.stop(t)
	if logs := s.logs.String(); !strings.Contains(logs, `"msg":"stop timeout reached: exiting while the function's Stop still runs","error":"Stop did not return within 50ms (FNPACKS_STOP_TIMEOUT)"`) {
		t.Errorf("logs:\n%s", logs)
	}
}

// OnShutdown is called at the first signal, while the drain delay has long to go.
func TestOnShutdownIsCalledAtTheFirstSignal(t *testing.T) {
	called := make(chan struct{})
	var calls atomic.Int32
	s := startFunction(t, Function{Name: "New", Handler: hello,
		OnShutdown: func() {
			if calls.Add(1) == 1 {
				close(called)
			}
		},
	}, func(c *Config) { c.DrainDelay = time.Minute })
	if code, _ := get(t, s.url+ReadinessPath); code != 200 || calls.Load() != 0 {
		t.Fatalf("before the signal: readiness %d, OnShutdown called %d times", code, calls.Load())
	}
	s.signals <- syscall.SIGTERM
	select {
	case <-called:
	case <-time.After(10 * time.Second):
		t.Fatal("OnShutdown not called")
	}
	select {
	case <-s.finished:
		t.Fatal("the drain delay ended first")
	default:
	}
	if code, _ := get(t, s.url+ReadinessPath); code != 503 {
		t.Errorf("readiness once OnShutdown was called: %d", code)
	}
	s.signals <- syscall.SIGINT
	<-s.finished
	if calls.Load() != 1 {
		t.Errorf("OnShutdown called %d times", calls.Load())
	}
}

// A long-lived stream ended through OnShutdown finishes cleanly when shutdown starts, so the
// shutdown is done long before its timeout and the process exits 0.
func TestStreamsEndWhenShutdownStarts(t *testing.T) {
	streams, endStreams := context.WithCancel(context.Background())
	defer endStreams()
	s := startFunction(t, Function{Name: "New",
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// As an adapter would: the request's context also ends with the streams'.
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			defer context.AfterFunc(streams, cancel)()
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "data: hello\n\n")
			w.(http.Flusher).Flush()
			<-ctx.Done()
			fmt.Fprint(w, "data: bye\n\n")
		}),
		OnShutdown: endStreams,
	}, func(c *Config) { c.ShutdownTimeout = time.Minute })
	resp, err := http.Get(s.url + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, len("data: hello\n\n"))
	if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != "data: hello\n\n" {
		t.Fatalf("first event: %q %v", first, err)
	}
	s.stop(t) // within 10s, so not at the minute's shutdown timeout
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "data: bye\n\n" {
		t.Errorf("the stream ended with %q, %v; want its last event and a clean end", rest, err)
	}
	if strings.Contains(s.logs.String(), "shutdown timeout reached") {
		t.Error("the stream held the shutdown until its timeout")
	}
}
