package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// keepAlive is one HTTP/1.1 connection that sends the same pre-serialized request again and
// again. It is a raw connection rather than net/http's Transport on purpose: the Transport
// re-dials when a connection closes and silently retries some failed requests, and both would
// hide what the drain run counts; it is also lighter, so one core of load can keep one core of
// server busy in the serving rounds.
type keepAlive struct {
	conn    net.Conn
	in      *bufio.Reader
	request []byte
	// until bounds every read and write, so a server that stops answering cannot hang us.
	until time.Time
}

func dial(addr string, request []byte, until time.Time) (*keepAlive, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(until)
	return &keepAlive{conn: conn, in: bufio.NewReaderSize(conn, 16<<10), request: request, until: until}, nil
}

// exchange is what became of one request.
type exchange struct {
	status int
	// closing: the server said it will close the connection after this response
	// (Connection: close), so the connection must not be used again.
	closing bool
}

// roundTrip writes the request and reads one whole response. Any error means the request got
// no complete response, and the connection is no longer usable.
func (k *keepAlive) roundTrip() (exchange, error) {
	if _, err := k.conn.Write(k.request); err != nil {
		return exchange{}, fmt.Errorf("write: %w", err)
	}
	resp, err := http.ReadResponse(k.in, nil)
	if err != nil {
		return exchange{}, fmt.Errorf("read response: %w", err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return exchange{}, fmt.Errorf("read body: %w", err)
	}
	return exchange{status: resp.StatusCode, closing: resp.Close}, nil
}

// closedByServer reports whether the server has already closed the connection (or reset
// it) while it sat idle, without waiting: a careful client (Go's Transport, a proxy) notices
// that before it writes and simply drops the connection. A request written before the close
// arrives is the race that cannot be noticed in time.
func (k *keepAlive) closedByServer() bool {
	if k.in.Buffered() > 0 {
		return false // bytes the server sent unasked: the next read will report them
	}
	_ = k.conn.SetReadDeadline(time.Now())
	_, err := k.in.Peek(1)
	_ = k.conn.SetReadDeadline(k.until)
	return err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

func (k *keepAlive) close() { _ = k.conn.Close() }
