// Command loadgen drives an HTTP server from a separate process: a fixed number of
// keep-alive connections, each sending requests back to back for a duration (closed loop).
// It prints one JSON line: requests, errors, requests/s and latency percentiles.
//
// With -until-unready it behaves like a load balancer during a rollout: it polls the
// server's readiness URL and stops sending new requests once that fails, so every request
// it did send must succeed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type report struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	RPS         float64 `json:"rps"`
	P50Micros   float64 `json:"p50_us"`
	P99Micros   float64 `json:"p99_us"`
}

func main() {
	url := flag.String("url", "", "URL to request")
	connections := flag.Int("c", 16, "concurrent keep-alive connections")
	duration := flag.Duration("d", 5*time.Second, "how long to send")
	warmup := flag.Duration("warmup", time.Second, "unmeasured load before measuring")
	method := flag.String("method", http.MethodGet, "request method")
	body := flag.String("body", "", "request body")
	var headers headerFlags
	flag.Var(&headers, "H", "request header 'Name: value' (repeatable)")
	untilUnready := flag.String("until-unready", "", "readiness URL: stop sending once it fails")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "usage: loadgen -url http://127.0.0.1:8080/ [-c 16] [-d 5s]")
		os.Exit(2)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *connections, MaxConnsPerHost: *connections}}
	newRequest := func() (*http.Request, error) {
		req, err := http.NewRequest(*method, *url, strings.NewReader(*body))
		if err != nil {
			return nil, err
		}
		for _, h := range headers {
			name, value, _ := strings.Cut(h, ":")
			req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
		}
		return req, nil
	}
	var routing atomic.Bool
	routing.Store(true)
	if *untilUnready != "" {
		go watchReadiness(*untilUnready, &routing)
	}
	if *warmup > 0 {
		run(client, newRequest, *connections, *warmup, &routing)
	}
	latencies, errors, firstError, elapsed := run(client, newRequest, *connections, *duration, &routing)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	r := report{
		Connections: *connections, Seconds: elapsed.Seconds(), Requests: len(latencies), Errors: errors, FirstError: firstError,
		RPS: float64(len(latencies)) / elapsed.Seconds(), P50Micros: percentile(latencies, 0.50), P99Micros: percentile(latencies, 0.99),
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
}

func run(client *http.Client, newRequest func() (*http.Request, error), connections int, duration time.Duration, routing *atomic.Bool) ([]time.Duration, int, string, time.Duration) {
	var mu sync.Mutex
	var all []time.Duration
	errors := 0
	firstError := ""
	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for i := 0; i < connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			failed := 0
			problem := ""
			for time.Now().Before(deadline) && routing.Load() {
				began := time.Now()
				req, err := newRequest()
				var resp *http.Response
				if err == nil {
					resp, err = client.Do(req)
				}
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode >= 300 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					failed++
					if problem == "" {
						problem = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(began))
			}
			mu.Lock()
			all = append(all, mine...)
			errors += failed
			if firstError == "" {
				firstError = problem
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, errors, firstError, time.Since(start)
}

// watchReadiness clears routing once the readiness URL stops answering 200.
func watchReadiness(url string, routing *atomic.Bool) {
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		if err != nil || resp.StatusCode != http.StatusOK {
			routing.Store(false)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, ", ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(float64(len(sorted)-1)*p)].Microseconds())
}
