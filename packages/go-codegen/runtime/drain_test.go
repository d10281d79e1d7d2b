package fnruntime

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// keepAlive is one client connection, driven request by request.
type keepAlive struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialKeepAlive(t *testing.T, addr string) *keepAlive {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	return &keepAlive{t: t, conn: conn, r: bufio.NewReader(conn)}
}

func (k *keepAlive) send(method, path, body string) {
	k.t.Helper()
	if _, err := fmt.Fprintf(k.conn, "%s %s HTTP/1.1\r\nHost: fn\r\nContent-Length: %d\r\n\r\n%s", method, path, len(body), body); err != nil {
		k.t.Fatal(err)
	}
}

// response reads the next response whole: "status body", and whether it says Connection:
// close (net/http reads that header into resp.Close).
func (k *keepAlive) response() (string, bool) {
	k.t.Helper()
	resp, err := http.ReadResponse(k.r, nil)
	if err != nil {
		k.t.Fatalf("reading a response: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		k.t.Fatalf("reading a body: %v", err)
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, body), resp.Close
}

// closedByServer reports whether the server has closed the connection: the next read is EOF.
func (k *keepAlive) closedByServer() bool {
	_, err := k.r.ReadByte()
	return err == io.EOF
}

// waitDraining returns once readiness fails, asked on connections of its own.
func waitDraining(t *testing.T, s *testServer) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	waitFor(t, func() bool {
		resp, err := client.Get(s.url + ReadinessPath)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
}

// Once draining starts, a request on a keep-alive connection opened before is still served,
// and its response says Connection: close and the server closes the connection after it, so
// the client never sends a request the closing server would drop. That holds for a response
// to a request that was already in flight when draining began too.
func TestDrainingResponsesCloseTheirConnections(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/in-flight", func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		fmt.Fprint(w, "finished")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Path, body)
	})
	// A drain delay that outlasts the test: the second signal ends it.
	s := start(t, mux, func(c *Config) { c.DrainDelay = time.Minute })

	idle := dialKeepAlive(t, s.addr)
	idle.send("POST", "/before", "a")
	if got, closing := idle.response(); got != "200 POST /before a" || closing {
		t.Fatalf("before the signal: %q, closing %v", got, closing)
	}
	busy := dialKeepAlive(t, s.addr)
	busy.send("GET", "/in-flight", "")
	<-entered

	s.signals <- syscall.SIGTERM
	waitDraining(t, s)

	idle.send("POST", "/during", "b")
	if got, closing := idle.response(); got != "200 POST /during b" || !closing {
		t.Errorf("on a keep-alive connection while draining: %q, Connection: close %v", got, closing)
	}
	if !idle.closedByServer() {
		t.Error("the server kept the connection open after a draining response")
	}
	close(release)
	if got, closing := busy.response(); got != "200 finished" || !closing {
		t.Errorf("in flight when draining began: %q, Connection: close %v", got, closing)
	}
	if !busy.closedByServer() {
		t.Error("the server kept the in-flight request's connection open")
	}

	s.signals <- syscall.SIGINT
	if code := <-s.exits; code != 1 {
		t.Errorf("second signal: exit %d", code)
	}
	<-s.finished
}

// Before draining, responses keep their connections: Connection: close is the drain's doing.
func TestResponsesKeepTheirConnectionsUntilDraining(t *testing.T) {
	s := start(t, hello, nil)
	c := dialKeepAlive(t, s.addr)
	for _, path := range []string{"/one", "/two"} {
		c.send("GET", path, "")
		if got, closing := c.response(); got != "200 hello "+path || closing {
			t.Errorf("%s: %q, closing %v", path, got, closing)
		}
	}
}

// A protocol switch while draining keeps its Connection: Upgrade: what follows is not HTTP.
func TestDrainingLeavesProtocolSwitchesAlone(t *testing.T) {
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Connection", "Upgrade")
		w.Header().Set("Upgrade", "example")
		w.WriteHeader(http.StatusSwitchingProtocols)
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = rw.WriteString("switched")
		_ = rw.Flush()
	}), func(c *Config) { c.DrainDelay = time.Minute })
	s.signals <- syscall.SIGTERM
	waitDraining(t, s)
	c := dialKeepAlive(t, s.addr)
	c.send("GET", "/", "")
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Connection") != "Upgrade" {
		t.Errorf("%d, Connection: %q; want 101 with Connection: Upgrade", resp.StatusCode, resp.Header.Get("Connection"))
	}
	if rest, _ := io.ReadAll(c.r); string(rest) != "switched" {
		t.Errorf("after the switch: %q", rest)
	}
	s.signals <- syscall.SIGINT
	<-s.finished
}
