package main

import (
	"errors"
	"flag"
	"fmt"
	"fnpacks.dev/bench/servercpu"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type steadyReport struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	RPS         float64 `json:"rps"`
	P50Micros   float64 `json:"p50_us"`
	P99Micros   float64 `json:"p99_us"`
}

// steadyMain is load through net/http's client, as a load balancer sends it: it may open new
// connections whenever it likes, and with -until-unready it stops sending once the server's
// readiness fails.
func steadyMain(args []string) (any, error) {
	fs := flag.NewFlagSet("steady", flag.ExitOnError)
	target := fs.String("url", "", "URL to request")
	connections := fs.Int("c", 16, "concurrent keep-alive connections")
	duration := fs.Duration("d", 5*time.Second, "how long to send at most")
	untilUnready := fs.String("until-unready", "", "readiness URL: stop sending once it fails")
	var req requestFlags
	req.register(fs)
	_ = fs.Parse(args)
	if *target == "" || *connections < 1 || *connections > 1024 {
		return nil, errors.New("need -url URL and 1 ≤ -c ≤ 1024")
	}
	if _, err := req.build(*target); err != nil {
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *connections, MaxConnsPerHost: *connections}}
	var routing atomic.Bool
	routing.Store(true)
	if *untilUnready != "" {
		go watchReadiness(*untilUnready, &routing)
	}
	var mu sync.Mutex
	var latencies []time.Duration
	out := steadyReport{Connections: *connections}
	start := time.Now()
	deadline := start.Add(*duration)
	var wg sync.WaitGroup
	for i := 0; i < *connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			failed := 0
			problem := ""
			for time.Now().Before(deadline) && routing.Load() {
				began := time.Now()
				r, _ := req.build(*target)
				resp, err := client.Do(r)
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
			latencies = append(latencies, mine...)
			out.Errors += failed
			if out.FirstError == "" {
				out.FirstError = problem
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	out.Seconds = elapsed.Seconds()
	out.Requests = len(latencies)
	out.RPS = float64(len(latencies)) / elapsed.Seconds()
	out.P50Micros = servercpu.Percentile(latencies, 0.50)
	out.P99Micros = servercpu.Percentile(latencies, 0.99)
	return out, nil
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
