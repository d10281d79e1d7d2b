package main

import (
	"errors"
	"flag"
	"fmt"
	"sort"
	"sync"
	"time"
)

// round is one server's share of a pair: the requests completed inside the measured window.
type round struct {
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	RPS       float64 `json:"rps"`
	P50Micros float64 `json:"p50_us"`
	P99Micros float64 `json:"p99_us"`
}

type pair struct {
	A round `json:"a"`
	B round `json:"b"`
}

type roundsReport struct {
	Connections int    `json:"connections"`
	Pairs       []pair `json:"pairs"`
	FirstError  string `json:"first_error,omitempty"`
}

func roundsMain(args []string) (any, error) {
	fs := flag.NewFlagSet("rounds", flag.ExitOnError)
	a := fs.String("a", "", "URL of server A")
	b := fs.String("b", "", "URL of server B")
	pairs := fs.Int("pairs", 20, "rounds per server, alternating A B, B A, …")
	connections := fs.Int("c", 16, "keep-alive connections per round")
	duration := fs.Duration("d", 500*time.Millisecond, "measured time per round")
	warmup := fs.Duration("warmup", 200*time.Millisecond, "unmeasured load at the start of each round")
	var req requestFlags
	req.register(fs)
	_ = fs.Parse(args)
	if *a == "" || *b == "" || *pairs < 1 || *pairs > 1000 || *connections < 1 || *connections > 1024 {
		return nil, errors.New("need -a URL -b URL, 1 ≤ -pairs ≤ 1000, 1 ≤ -c ≤ 1024")
	}
	addrA, rawA, err := req.wire(*a)
	if err != nil {
		return nil, err
	}
	addrB, rawB, err := req.wire(*b)
	if err != nil {
		return nil, err
	}
	out := roundsReport{Connections: *connections}
	for i := 0; i < *pairs; i++ {
		var p pair
		// Swap the order every pair, so neither server always runs right after the other.
		first, second := &p.A, &p.B
		firstAddr, firstRaw, secondAddr, secondRaw := addrA, rawA, addrB, rawB
		if i%2 == 1 {
			first, second = second, first
			firstAddr, firstRaw, secondAddr, secondRaw = secondAddr, secondRaw, firstAddr, firstRaw
		}
		var problem string
		if *first, problem = runRound(firstAddr, firstRaw, *connections, *warmup, *duration); out.FirstError == "" {
			out.FirstError = problem
		}
		if *second, problem = runRound(secondAddr, secondRaw, *connections, *warmup, *duration); out.FirstError == "" {
			out.FirstError = problem
		}
		out.Pairs = append(out.Pairs, p)
	}
	return out, nil
}

// runRound opens fresh connections, loads them back to back for warmup+duration and measures
// the requests that start after the warm-up and finish before the end.
func runRound(addr string, request []byte, connections int, warmup, duration time.Duration) (round, string) {
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(duration)
	var mu sync.Mutex
	var latencies []time.Duration
	errorCount := 0
	firstError := ""
	var wg sync.WaitGroup
	for i := 0; i < connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 4096)
			failed := 0
			problem := ""
			// A connection that fails is replaced by a new one: in this mode errors are
			// counted and reported, not studied. The loop ends at the round's end.
			var k *keepAlive
			for time.Now().Before(end) {
				if k == nil {
					var err error
					if k, err = dial(addr, request, end.Add(5*time.Second)); err != nil {
						failed++
						problem = err.Error()
						time.Sleep(10 * time.Millisecond)
						continue
					}
				}
				began := time.Now()
				x, err := k.roundTrip()
				finished := time.Now()
				if err == nil && x.status >= 300 {
					err = fmt.Errorf("status %d", x.status)
				}
				if err != nil || x.closing {
					k.close()
					k = nil
				}
				if err != nil {
					failed++
					if problem == "" {
						problem = err.Error()
					}
					continue
				}
				if !began.Before(measureFrom) && !finished.After(end) {
					mine = append(mine, finished.Sub(began))
				}
			}
			if k != nil {
				k.close()
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errorCount += failed
			if firstError == "" {
				firstError = problem
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return round{
		Requests: len(latencies), Errors: errorCount, RPS: float64(len(latencies)) / duration.Seconds(),
		P50Micros: percentile(latencies, 0.50), P99Micros: percentile(latencies, 0.99),
	}, firstError
}
