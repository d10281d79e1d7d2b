// Command loadgen drives an HTTP server from a separate process: a fixed number of
// keep-alive connections, each sending requests back to back for a duration (closed loop).
// It prints one JSON line: requests, errors, requests/s and latency percentiles.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

type report struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	RPS         float64 `json:"rps"`
	P50Micros   float64 `json:"p50_us"`
	P99Micros   float64 `json:"p99_us"`
}

func main() {
	url := flag.String("url", "", "URL to request")
	connections := flag.Int("c", 16, "concurrent keep-alive connections")
	duration := flag.Duration("d", 5*time.Second, "how long to send")
	warmup := flag.Duration("warmup", time.Second, "unmeasured load before measuring")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "usage: loadgen -url http://127.0.0.1:8080/ [-c 16] [-d 5s]")
		os.Exit(2)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *connections, MaxConnsPerHost: *connections}}
	run(client, *url, *connections, *warmup)
	latencies, errors, elapsed := run(client, *url, *connections, *duration)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	r := report{
		Connections: *connections, Seconds: elapsed.Seconds(), Requests: len(latencies), Errors: errors,
		RPS: float64(len(latencies)) / elapsed.Seconds(), P50Micros: percentile(latencies, 0.50), P99Micros: percentile(latencies, 0.99),
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
}

func run(client *http.Client, url string, connections int, duration time.Duration) ([]time.Duration, int, time.Duration) {
	var mu sync.Mutex
	var all []time.Duration
	errors := 0
	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for i := 0; i < connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			failed := 0
			for time.Now().Before(deadline) {
				began := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != http.StatusOK {
					failed++
					continue
				}
				mine = append(mine, time.Since(began))
			}
			mu.Lock()
			all = append(all, mine...)
			errors += failed
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, errors, time.Since(start)
}

func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(float64(len(sorted)-1)*p)].Microseconds())
}
