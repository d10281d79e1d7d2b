//go:build go1.24

package fnruntime

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// h2cClient speaks HTTP/2 without TLS, with prior knowledge, as Cloud Run and Knative do.
func h2cClient(t *testing.T) *http.Client {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	transport := &http.Transport{Protocols: &protocols}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport}
}

func TestServesH2CWithPriorKnowledge(t *testing.T) {
	s := start(t, hello, nil)
	resp, err := h2cClient(t).Get(s.url + "/h2")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.ProtoMajor != 2 || string(body) != "hello /h2" {
		t.Errorf("%s %q", resp.Proto, body)
	}
}

func TestPanicGets500OrResetsTheStreamOnH2C(t *testing.T) {
	s := start(t, panicky(), nil)
	client := h2cClient(t)
	assertPanicOutcomes(t, client, s.url)
	// On HTTP/2 the failure is the stream's reset (INTERNAL_ERROR), not the connection's.
	_, err := client.Get(s.url + "/buffered")
	if err == nil || !strings.Contains(err.Error(), "INTERNAL_ERROR") {
		t.Errorf("panic after writing on h2c: %v, want the stream reset (INTERNAL_ERROR)", err)
	}
}

// h2Frames is a bare HTTP/2 client connection, frame by frame: net/http's own client hides
// the GOAWAY the drain test is about.
type h2Frames struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

const (
	h2Data, h2Headers, h2Settings, h2Ping, h2GoAway = 0x0, 0x1, 0x4, 0x6, 0x7
	h2EndStream, h2EndHeaders, h2Ack                = 0x1, 0x4, 0x1
)

func dialH2(t *testing.T, addr string) *h2Frames {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	h := &h2Frames{t: t, conn: conn, r: bufio.NewReader(conn)}
	_, _ = io.WriteString(conn, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
	h.write(h2Settings, 0, 0, nil)
	return h
}

func (h *h2Frames) write(typ, flags byte, stream uint32, payload []byte) {
	header := make([]byte, 9)
	header[0], header[1], header[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	header[3], header[4] = typ, flags
	binary.BigEndian.PutUint32(header[5:], stream)
	if _, err := h.conn.Write(append(header, payload...)); err != nil {
		h.t.Fatal(err)
	}
}

// get opens stream with a GET for path. HPACK without tables: indexed :method GET (2) and
// :scheme http (6), then :path (4) and :authority (1) as literals with indexed names.
func (h *h2Frames) get(stream uint32, path string) {
	block := []byte{0x82, 0x86, 0x04, byte(len(path))}
	block = append(block, path...)
	block = append(block, 0x01, 2, 'f', 'n')
	h.write(h2Headers, h2EndStream|h2EndHeaders, stream, block)
}

// h2Outcome is what the server sent until a stream ended (and, if asked, the connection too).
type h2Outcome struct {
	status200 bool // the response's header block starts with HPACK's indexed ":status: 200"
	body      string
	goAway    bool
	goAwayErr uint32 // 0 is NO_ERROR: a graceful GOAWAY
	lastID    uint32 // the last stream the server will have processed
	closed    bool   // the server closed the connection (EOF)
}

func (h *h2Frames) until(stream uint32, connectionEnd bool) h2Outcome {
	h.t.Helper()
	var o h2Outcome
	ended := false
	for !ended || connectionEnd && !o.closed {
		header := make([]byte, 9)
		if _, err := io.ReadFull(h.r, header); err != nil {
			if errors.Is(err, io.EOF) {
				o.closed = true
				break
			}
			h.t.Fatalf("reading frames: %v", err)
		}
		payload := make([]byte, int(header[0])<<16|int(header[1])<<8|int(header[2]))
		if _, err := io.ReadFull(h.r, payload); err != nil {
			h.t.Fatalf("reading a frame: %v", err)
		}
		typ, flags, id := header[3], header[4], binary.BigEndian.Uint32(header[5:])&(1<<31-1)
		switch {
		case typ == h2Settings && flags&h2Ack == 0:
			h.write(h2Settings, h2Ack, 0, nil)
		case typ == h2Ping && flags&h2Ack == 0:
			h.write(h2Ping, h2Ack, 0, payload)
		case typ == h2GoAway:
			o.goAway, o.lastID, o.goAwayErr = true, binary.BigEndian.Uint32(payload)&(1<<31-1), binary.BigEndian.Uint32(payload[4:])
		case typ == h2Headers && id == stream:
			o.status200 = len(payload) > 0 && payload[0] == 0x88
		case typ == h2Data && id == stream:
			o.body += string(payload)
		}
		if (typ == h2Headers || typ == h2Data) && id == stream && flags&h2EndStream != 0 {
			ended = true
		}
	}
	if !ended {
		h.t.Fatalf("the connection closed before stream %d ended", stream)
	}
	return o
}

// The h2c side of the drain: a response on a connection opened before the signal says
// Connection: close, which net/http's HTTP/2 server turns into a graceful GOAWAY (NO_ERROR)
// that covers the stream; the stream completes and the server then closes the connection.
func TestDrainingSendsAGracefulGoAwayOnH2C(t *testing.T) {
	s := start(t, hello, func(c *Config) { c.DrainDelay = time.Minute })
	h := dialH2(t, s.addr)
	h.get(1, "/before")
	if o := h.until(1, false); !o.status200 || o.body != "hello /before" || o.goAway {
		t.Fatalf("before the signal: %+v", o)
	}

	s.signals <- syscall.SIGTERM
	waitDraining(t, s)

	h.get(3, "/during")
	o := h.until(3, true)
	if !o.status200 || o.body != "hello /during" {
		t.Errorf("while draining: %+v, want the stream served", o)
	}
	if !o.goAway || o.goAwayErr != 0 || o.lastID < 3 {
		t.Errorf("while draining: %+v, want a graceful GOAWAY that covers stream 3", o)
	}
	if !o.closed {
		t.Error("the server did not close the connection after its GOAWAY")
	}

	s.signals <- syscall.SIGINT
	<-s.finished
}

func TestBodyLimitOnH2C(t *testing.T) {
	var reads atomic.Int32
	s := start(t, bodyEcho(&reads), limited)
	client := h2cClient(t)
	code, body := post(t, client, s.url, bytes.NewReader(make([]byte, 2*testLimit)))
	assertTooLarge(t, "h2c, declared length over the limit", code, body)
	if reads.Load() != 0 {
		t.Error("the function ran for a declared length over the limit")
	}
	code, body = post(t, client, s.url, unsized{bytes.NewReader(make([]byte, 64*testLimit))})
	assertTooLarge(t, "h2c, streamed body over the limit", code, body)
	if code, body := post(t, client, s.url, unsized{bytes.NewReader(make([]byte, testLimit))}); code != 200 || body != "read 1024 bytes" {
		t.Errorf("h2c, streamed body at the limit: %d %q", code, body)
	}
}
