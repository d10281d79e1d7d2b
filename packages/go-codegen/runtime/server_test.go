package fnruntime

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer collects log output written from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testServer struct {
	url     string
	addr    string
	signals chan os.Signal
	logs    *syncBuffer
	exits   chan int
	// finished closes when Serve returns err.
	finished chan struct{}
	err      error
}

func start(t *testing.T, handler http.Handler, tweak func(*Config)) *testServer {
	t.Helper()
	return startFunction(t, Function{Name: "Handler", Package: "example.com/fn", Handler: handler}, tweak)
}

func startFunction(t *testing.T, fn Function, tweak func(*Config)) *testServer {
	t.Helper()
	cfg, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	cfg.DrainDelay = 0
	cfg.ShutdownTimeout = 5 * time.Second
	if tweak != nil {
		tweak(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{
		url: "http://" + ln.Addr().String(), addr: ln.Addr().String(),
		signals: make(chan os.Signal, 2), logs: &syncBuffer{}, exits: make(chan int, 1), finished: make(chan struct{}),
	}
	go func() {
		s.err = Serve(ln, fn, cfg, NewLogger(s.logs, cfg), s.signals, func(code int) { s.exits <- code })
		close(s.finished)
	}()
	t.Cleanup(func() {
		select {
		case <-s.finished:
		default:
			s.signals <- syscall.SIGTERM
			<-s.finished
		}
	})
	return s
}

func (s *testServer) stop(t *testing.T) {
	t.Helper()
	s.signals <- syscall.SIGTERM
	s.wait(t)
}

// wait fails the test unless Serve returns nil within 10s.
func (s *testServer) wait(t *testing.T) {
	t.Helper()
	select {
	case <-s.finished:
		if s.err != nil {
			t.Fatal(s.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", r.URL.Path)
})

func TestServesTheFunctionAndProbes(t *testing.T) {
	s := start(t, hello, nil)
	if code, body := get(t, s.url+"/world"); code != 200 || body != "hello /world" {
		t.Errorf("function: %d %q", code, body)
	}
	for _, path := range []string{ReadinessPath, LivenessPath, KnativeReadinessPath, KnativeLivenessPath} {
		if code, body := get(t, s.url+path); code != 200 || body != "ok\n" {
			t.Errorf("%s: %d %q", path, code, body)
		}
	}
	// Kubernetes probes on paths the function never heard of still get the readiness answer.
	if code, body := get(t, s.url+"/healthz", "User-Agent", "kube-probe/1.31"); code != 200 || body != "ok\n" {
		t.Errorf("kube-probe: %d %q", code, body)
	}
	s.stop(t)
}

func TestStartupLogNamesFunctionAddressAndGoVersion(t *testing.T) {
	s := start(t, hello, nil)
	get(t, s.url+"/")
	s.stop(t)
	line, _, _ := strings.Cut(s.logs.String(), "\n")
	var record map[string]any
	if err := json.Unmarshal([]byte(line), &record); err != nil {
		t.Fatalf("first log line is not JSON: %q", line)
	}
	if record["msg"] != "serving function" || record["function"] != "Handler" || record["package"] != "example.com/fn" ||
		record["address"] != s.addr || !strings.HasPrefix(fmt.Sprint(record["go"]), "go") {
		t.Errorf("startup record: %v", record)
	}
}

// panicky serves the panic cases: before anything was written, after the header only, after
// a body that is still buffered (the server would send it with a matching Content-Length), and
// after a flush.
func panicky() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/boom", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	mux.HandleFunc("/late", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		panic("after the header")
	})
	mux.HandleFunc("/buffered", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "half an answer")
		panic("after a buffered write")
	})
	mux.HandleFunc("/flushed", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "half an answer")
		w.(http.Flusher).Flush()
		panic("after a flush")
	})
	mux.Handle("/", hello)
	return mux
}

// outcome is what a client made of a response: its status and body, or where it failed.
func outcome(client *http.Client, url string) string {
	resp, err := client.Get(url)
	if err != nil {
		return "request failed"
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Sprintf("%d, then the body failed after %q", resp.StatusCode, body)
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, body)
}

// assertPanicOutcomes checks the panic cases over one client (HTTP/1.1 or h2c).
func assertPanicOutcomes(t *testing.T, client *http.Client, url string) {
	t.Helper()
	if got := outcome(client, url+"/boom"); got != "500 Internal Server Error\n" {
		t.Errorf("panic before writing: %q, want a 500", got)
	}
	// Once the response started, only a failure tells the client the answer is not whole.
	for _, path := range []string{"/late", "/buffered"} {
		if got := outcome(client, url+path); got != "request failed" {
			t.Errorf("panic %s: %q, want the request to fail", path, got)
		}
	}
	if got := outcome(client, url+"/flushed"); got != `200, then the body failed after "half an answer"` {
		t.Errorf("panic after a flush: %q, want the body to fail", got)
	}
	if got := outcome(client, url+"/still"); got != "200 hello /still" {
		t.Errorf("after panics: %q", got)
	}
}

func TestPanicGets500OrAbortsAndServerKeepsServing(t *testing.T) {
	s := start(t, panicky(), nil)
	assertPanicOutcomes(t, &http.Client{Transport: &http.Transport{}}, s.url)
	s.stop(t)
	logs := s.logs.String()
	if !strings.Contains(logs, `"panic":"kaboom"`) || !strings.Contains(logs, "server_test.go") {
		t.Errorf("panic log lacks the value or a stack:\n%s", logs)
	}
	if !strings.Contains(logs, `"panic":"after a flush","response_started":true`) {
		t.Errorf("a panic after the response started is not logged as such:\n%s", logs)
	}
}

func TestAbortHandlerStillAborts(t *testing.T) {
	s := start(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), nil)
	resp, err := http.Get(s.url + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want the connection aborted", resp.StatusCode)
	}
	s.stop(t)
}

func TestStreamingHandlersStillFlush(t *testing.T) {
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "no flusher", 500)
			return
		}
		fmt.Fprint(w, "chunk")
		f.Flush()
	}), nil)
	if code, body := get(t, s.url+"/"); code != 200 || body != "chunk" {
		t.Errorf("%d %q", code, body)
	}
	s.stop(t)
}

func TestGracefulShutdown(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		fmt.Fprint(w, "finished")
	})
	mux.Handle("/", hello)
	s := start(t, mux, func(c *Config) { c.DrainDelay = 500 * time.Millisecond })

	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(s.url + "/slow")
		if err != nil {
			slow <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		slow <- fmt.Sprintf("%d %s", resp.StatusCode, body)
	}()
	<-entered
	s.signals <- syscall.SIGTERM

	// Readiness fails at once; liveness and the function keep answering while draining.
	waitFor(t, func() bool { code, _ := get(t, s.url+ReadinessPath); return code == 503 })
	if code, _ := get(t, s.url+"/x", "User-Agent", "kube-probe/1.31"); code != 503 {
		t.Errorf("kube-probe while draining: %d, want 503", code)
	}
	if code, _ := get(t, s.url+KnativeReadinessPath); code != 503 {
		t.Errorf("Knative readiness while draining: %d, want 503", code)
	}
	// A liveness probe never gets the readiness answer, kube-probe or not.
	for _, path := range []string{LivenessPath, KnativeLivenessPath} {
		for _, agent := range []string{"Go-http-client/1.1", "kube-probe/1.31"} {
			if code, _ := get(t, s.url+path, "User-Agent", agent); code != 200 {
				t.Errorf("liveness at %s (%s) while draining: %d", path, agent, code)
			}
		}
	}
	if code, body := get(t, s.url+"/new"); code != 200 || body != "hello /new" {
		t.Errorf("new request while draining: %d %q", code, body)
	}
	close(release)
	if got := <-slow; got != "200 finished" {
		t.Errorf("in-flight request: %q", got)
	}
	s.wait(t)
	if _, err := http.Get(s.url + "/"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func TestShutdownTimeoutCancelsRequestContexts(t *testing.T) {
	cancelled := make(chan error, 1)
	entered := make(chan struct{})
	s := start(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
		cancelled <- r.Context().Err()
	}), func(c *Config) { c.ShutdownTimeout = 200 * time.Millisecond })
	go func() {
		if resp, err := http.Get(s.url + "/"); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	began := time.Now()
	s.signals <- syscall.SIGTERM
	select {
	case err := <-cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("request context ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("request context never cancelled")
	}
	s.wait(t)
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("shutdown took %s with a 200ms timeout", took)
	}
	if !strings.Contains(s.logs.String(), "shutdown timeout reached") {
		t.Errorf("no log of the timeout:\n%s", s.logs)
	}
}

func TestSecondSignalExitsAtOnce(t *testing.T) {
	s := start(t, hello, func(c *Config) { c.DrainDelay = 2 * time.Second })
	s.signals <- syscall.SIGTERM
	waitFor(t, func() bool { code, _ := get(t, s.url+ReadinessPath); return code == 503 })
	s.signals <- syscall.SIGINT
	select {
	case code := <-s.exits:
		if code != 1 {
			t.Errorf("exit code %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second signal did not exit")
	}
}

func TestSlowHeadersAreCutOff(t *testing.T) {
	s := start(t, hello, func(c *Config) { c.ReadHeaderTimeout = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	began := time.Now()
	_, err = bufio.NewReader(conn).ReadString('\n')
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Fatal("connection still open after 5s of slow headers")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("closed after %s", took)
	}
	s.stop(t)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBackgroundRunsUntilTheEndOfShutdown(t *testing.T) {
	cfg, _ := LoadConfig(env(nil))
	cfg.DrainDelay = 0
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	ended := make(chan struct{})
	signals := make(chan os.Signal, 1)
	fn := Function{Name: "F", Handler: hello, Background: func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		close(ended)
	}}
	done := make(chan error, 1)
	go func() { done <- Serve(ln, fn, cfg, NewLogger(io.Discard, cfg), signals, func(int) {}) }()
	<-started
	select {
	case <-ended:
		t.Fatal("background context ended while serving")
	case <-time.After(50 * time.Millisecond):
	}
	signals <- syscall.SIGTERM
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("background context not cancelled at shutdown")
	}
}

func TestSuperfluousWriteHeaderIsCaughtAndNamesTheFunctionsLine(t *testing.T) {
	var calls int
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		io.WriteString(w, "already answering")
		w.WriteHeader(http.StatusInternalServerError) // the line the log must name
	}), nil)
	status, body := get(t, s.url+"/")
	s.stop(t)
	if status != http.StatusOK || body != "already answering" {
		t.Fatalf("got %d %q, want the 200 the response started with", status, body)
	}
	logs := s.logs.String()
	if strings.Contains(logs, "response.go") || strings.Contains(logs, "http: superfluous") {
		t.Errorf("the log names the runtime, or net/http logged it too:\n%s", logs)
	}
	want := `"status":200,"ignored_status":500,"caller":"fnpacks.dev/fnruntime.TestSuperfluousWriteHeaderIsCaughtAndNamesTheFunctionsLine.func1`
	if !strings.Contains(logs, `"msg":"superfluous WriteHeader call: the response had already started, the status stays"`) || !strings.Contains(logs, want) || !strings.Contains(logs, "server_test.go:") {
		t.Errorf("want a warning with the status, the ignored one and the handler's own frame:\n%s", logs)
	}
}

func TestRequestsAndBackgroundCarryTheRuntimesLogger(t *testing.T) {
	background := make(chan bool, 1)
	s := startFunction(t, Function{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			Logger(r.Context()).Warn("from the handler")
		}),
		Background: func(ctx context.Context) { background <- Logger(ctx) != slog.Default() },
	}, nil)
	get(t, s.url+"/")
	s.stop(t)
	if !<-background {
		t.Error("Background's context does not carry the runtime's logger")
	}
	if !strings.Contains(s.logs.String(), `"level":"WARN","msg":"from the handler"`) {
		t.Errorf("the handler's record is not in the runtime's log:\n%s", s.logs.String())
	}
	if Logger(context.Background()) != slog.Default() {
		t.Error("a context without the runtime's logger gives slog's default")
	}
}
