package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"
)

// failure is a request that got no complete (2xx) response, and when.
type failure struct {
	AtUnixMillis int64  `json:"at_unix_ms"`
	Error        string `json:"error"`
}

type drainReport struct {
	Connections int `json:"connections"`
	// Requests that got a complete 2xx response, the first one of each connection included.
	Requests int `json:"requests"`
	// Failures: requests written on an open connection that got no complete response (reset,
	// EOF before or inside the response, timeout) or a non-2xx one.
	Failures int       `json:"failures"`
	Samples  []failure `json:"failure_samples,omitempty"`
	// How the connections ended. ClosedWithNotice: a response said Connection: close and the
	// worker stopped. ClosedIdle: the server closed the connection between two requests and
	// the worker noticed before writing (nothing lost). Failed: a failure ended it. Open: still
	// in use when -max ran out.
	ClosedWithNotice int `json:"closed_with_notice"`
	ClosedIdle       int `json:"closed_idle"`
	Failed           int `json:"failed"`
	Open             int `json:"open"`
	// LastResponseUnixMillis: when the last complete response arrived.
	LastResponseUnixMillis int64 `json:"last_response_unix_ms"`
}

func drainMain(args []string) (any, error) {
	fs := flag.NewFlagSet("drain", flag.ExitOnError)
	target := fs.String("url", "", "URL to request")
	connections := fs.Int("c", 16, "keep-alive connections, all opened at the start")
	limit := fs.Duration("max", 40*time.Second, "give up after this long")
	var req requestFlags
	req.register(fs)
	_ = fs.Parse(args)
	if *target == "" || *connections < 1 || *connections > 1024 {
		return nil, errors.New("need -url URL and 1 ≤ -c ≤ 1024")
	}
	addr, raw, err := req.wire(*target)
	if err != nil {
		return nil, err
	}
	stop := time.Now().Add(*limit)

	// Every connection is opened and has answered once before "ready": these are the only
	// connections this run ever uses, so nothing below can open a new one.
	conns := make([]*keepAlive, *connections)
	for i := range conns {
		if conns[i], err = dial(addr, raw, stop); err != nil {
			return nil, err
		}
		x, err := conns[i].roundTrip()
		if err == nil && x.status >= 300 {
			err = fmt.Errorf("status %d", x.status)
		}
		if err != nil || x.closing {
			return nil, fmt.Errorf("first request on connection %d: %v (closing: %v)", i, err, x.closing)
		}
	}
	out := drainReport{Connections: *connections, Requests: *connections, LastResponseUnixMillis: time.Now().UnixMilli()}
	fmt.Fprintln(os.Stdout, "ready")

	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range conns {
		wg.Add(1)
		go func(k *keepAlive) {
			defer wg.Done()
			defer k.close()
			// Each pass sends one request, so the loop is bounded by -max through the
			// connection's deadline as well as by the clock.
			for time.Now().Before(stop) {
				if k.closedByServer() {
					mu.Lock()
					out.ClosedIdle++
					mu.Unlock()
					return
				}
				x, err := k.roundTrip()
				if err == nil && x.status >= 300 {
					err = fmt.Errorf("status %d", x.status)
					// A complete response: the connection stays usable unless it says not.
				}
				now := time.Now()
				mu.Lock()
				if err != nil {
					out.Failures++
					if len(out.Samples) < 20 {
						out.Samples = append(out.Samples, failure{AtUnixMillis: now.UnixMilli(), Error: err.Error()})
					}
				} else {
					out.Requests++
					out.LastResponseUnixMillis = max(out.LastResponseUnixMillis, now.UnixMilli())
				}
				switch {
				case err != nil && x.status == 0: // no complete response: the connection is done
					out.Failed++
				case x.closing:
					out.ClosedWithNotice++
				}
				mu.Unlock()
				if (err != nil && x.status == 0) || x.closing {
					return
				}
			}
			mu.Lock()
			out.Open++
			mu.Unlock()
		}(k)
	}
	wg.Wait()
	return out, nil
}
