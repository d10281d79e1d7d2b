package fnruntime

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testLimit = 1 << 10

// unsized hides a body's length, so the client streams it chunked: the server learns its size
// only by reading it.
type unsized struct{ io.Reader }

// bodyEcho reads the whole body, then answers as a function would: 400 with the read error,
// or 200 with the size.
func bodyEcho(reads *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reads.Add(1)
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, "read: "+err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "read %d bytes", n)
	})
}

func post(t *testing.T, client *http.Client, url string, body io.Reader) (int, string) {
	t.Helper()
	resp, err := client.Post(url, "application/octet-stream", body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp.StatusCode, string(text)
}

// postOutcome is what a client made of a POST: like outcome for a GET.
func postOutcome(url string, body io.Reader) string {
	resp, err := http.Post(url, "application/octet-stream", body)
	if err != nil {
		return "request failed"
	}
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Sprintf("%d, then the body failed after %q", resp.StatusCode, text)
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, text)
}

func limited(c *Config) { c.MaxBodyBytes = testLimit }

func assertTooLarge(t *testing.T, what string, code int, body string) {
	t.Helper()
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "at most 1KiB (1024 bytes)") ||
		!strings.Contains(body, "FNPACKS_MAX_BODY_BYTES") {
		t.Errorf("%s: %d %q, want a 413 naming the limit and the variable", what, code, body)
	}
}

func TestBodiesWithinTheLimitPass(t *testing.T) {
	var reads atomic.Int32
	s := start(t, bodyEcho(&reads), limited)
	client := &http.Client{Transport: &http.Transport{}}
	if code, body := post(t, client, s.url, bytes.NewReader(make([]byte, testLimit))); code != 200 || body != "read 1024 bytes" {
		t.Errorf("sized body at the limit: %d %q", code, body)
	}
	if code, body := post(t, client, s.url, unsized{bytes.NewReader(make([]byte, testLimit))}); code != 200 || body != "read 1024 bytes" {
		t.Errorf("chunked body at the limit: %d %q", code, body)
	}
	if code, body := get(t, s.url+"/"); code != 200 {
		t.Errorf("no body: %d %q", code, body)
	}
}

func TestADeclaredLengthOverTheLimitIsRefusedBeforeTheFunctionRuns(t *testing.T) {
	var reads atomic.Int32
	s := start(t, bodyEcho(&reads), limited)
	code, body := post(t, http.DefaultClient, s.url, bytes.NewReader(make([]byte, testLimit+1)))
	assertTooLarge(t, "Content-Length over the limit", code, body)
	if reads.Load() != 0 {
		t.Error("the function ran")
	}
	s.stop(t)
	if !strings.Contains(s.logs.String(), `"msg":"request body over the limit: refused before the function ran"`) {
		t.Errorf("no log of the refusal:\n%s", s.logs)
	}
}

func TestABodyCrossingTheLimitGets413WhateverTheFunctionAnswers(t *testing.T) {
	var reads atomic.Int32
	s := start(t, bodyEcho(&reads), limited)
	code, body := post(t, http.DefaultClient, s.url, unsized{bytes.NewReader(make([]byte, 64*testLimit))})
	assertTooLarge(t, "chunked body over the limit", code, body)
	if reads.Load() != 1 {
		t.Error("the function did not run")
	}
}

func TestABodyCrossingTheLimitGets413WhenTheFunctionAnswersNothing(t *testing.T) {
	s := start(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}), limited)
	code, body := post(t, http.DefaultClient, s.url, unsized{bytes.NewReader(make([]byte, 2*testLimit))})
	assertTooLarge(t, "function ignoring the read error", code, body)
}

// A function that started its answer before its body went past the limit: the client must
// see a failure, not a clean answer to a request the function never fully read.
func TestABodyCrossingTheLimitAfterTheResponseStartedAbortsIt(t *testing.T) {
	readErr := make(chan error, 2)
	mux := http.NewServeMux()
	mux.HandleFunc("/buffered", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "started; ")
		_, err := io.Copy(io.Discard, r.Body)
		readErr <- err
		fmt.Fprint(w, "done")
	})
	mux.HandleFunc("/flushed", func(w http.ResponseWriter, r *http.Request) {
		_ = http.NewResponseController(w).EnableFullDuplex()
		fmt.Fprint(w, "started; ")
		w.(http.Flusher).Flush()
		_, err := io.Copy(io.Discard, r.Body)
		readErr <- err
		fmt.Fprint(w, "done")
	})
	s := start(t, mux, limited)
	for path, want := range map[string]string{
		"/buffered": "request failed",
		"/flushed":  `200, then the body failed after "started; "`,
	} {
		if got := postOutcome(s.url+path, unsized{bytes.NewReader(make([]byte, 4*testLimit))}); got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
		var tooLarge *http.MaxBytesError
		if err := <-readErr; !errors.As(err, &tooLarge) {
			t.Errorf("%s: the function read %v, want http.MaxBytesError", path, err)
		}
	}
	s.stop(t)
	if !strings.Contains(s.logs.String(), "after the response started: connection aborted") {
		t.Errorf("no log of the abort:\n%s", s.logs)
	}
}

func TestTheFunctionsDefaultLimitAppliesUnlessSet(t *testing.T) {
	var reads atomic.Int32
	fn := Function{Name: "Receive", Handler: bodyEcho(&reads), DefaultMaxBodyBytes: testLimit}
	s := startFunction(t, fn, nil)
	code, body := post(t, http.DefaultClient, s.url, bytes.NewReader(make([]byte, 2*testLimit)))
	assertTooLarge(t, "function's default", code, body)

	off := startFunction(t, fn, func(c *Config) { c.MaxBodyBytes = 0 })
	if code, body := post(t, http.DefaultClient, off.url, bytes.NewReader(make([]byte, 2*testLimit))); code != 200 || body != "read 2048 bytes" {
		t.Errorf("limit set off: %d %q", code, body)
	}
}

func TestReadTimeoutCutsOffASlowBody(t *testing.T) {
	readErr := make(chan error, 1)
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.Copy(io.Discard, r.Body)
		readErr <- err
	}), func(c *Config) { c.ReadTimeout = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A tenth of the declared body, and then nothing.
	fmt.Fprint(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
	select {
	case err := <-readErr:
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			t.Errorf("the function's read ended with %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a slow body was not cut off")
	}
	// And the connection is closed, not left for another request.
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(bufio.NewReader(conn)); err != nil {
		t.Errorf("connection not closed: %v", err)
	}
}

// sdk-go reads each event with io.Copy into a bytes.Buffer: a body at the limit must cost its
// size (the buffer grows once), and one over it must not be buffered at all.
func TestCopyingALimitedBodyIntoABufferGrowsItOnce(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 123457)
	limitedTo := func(limit int) *limitedBody {
		return newLimitedBody(httptest.NewRecorder(), io.NopCloser(bytes.NewReader(body)), int64(limit))
	}
	var buf bytes.Buffer
	if n, err := io.Copy(&buf, limitedTo(len(body))); err != nil || n != int64(len(body)) || !bytes.Equal(buf.Bytes(), body) {
		t.Fatalf("copy at the limit: %d bytes, %v", n, err)
	}
	if buf.Cap() > len(body)+64<<10 {
		t.Errorf("a %d-byte body took a %d-byte buffer", len(body), buf.Cap())
	}
	var over bytes.Buffer
	lb := limitedTo(len(body) - 1)
	_, err := io.Copy(&over, lb)
	var tooLarge *http.MaxBytesError
	if !errors.As(err, &tooLarge) || !lb.exceeded() || over.Cap() != 0 {
		t.Errorf("copy over the limit: %v, exceeded %v, buffered %d bytes", err, lb.exceeded(), over.Cap())
	}
	var other strings.Builder
	if n, err := io.Copy(&other, limitedTo(len(body))); err != nil || n != int64(len(body)) || other.String() != string(body) {
		t.Errorf("copy into another writer: %d bytes, %v", n, err)
	}
}

// The runtime's layer around one small event as sdk-go reads it (io.Copy into a bytes.Buffer),
// under the CloudEvents default limit: it should cost about what http.MaxBytesReader does.
func BenchmarkSmallLimitedBodyIntoABuffer(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := &front{log: log, health: newHealth(Function{}, 0, log), limit: 32 << 20,
		fn: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var buf bytes.Buffer
			_, _ = io.Copy(&buf, r.Body)
			_, _ = w.Write(buf.Bytes())
		})}
	body := strings.NewReader("ping")
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	w := discardWriter{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		body.Reset("ping")
		r.Body, r.ContentLength = io.NopCloser(body), 4
		f.ServeHTTP(w, r)
	}
}

type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}
