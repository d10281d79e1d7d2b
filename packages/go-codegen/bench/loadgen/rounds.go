package main

import (
	"errors"
	"flag"
	"fmt"
	"fnpacks.dev/bench/servercpu"
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
	// ServerCPUMillis is the CPU time the server's threads used in the measured window, and
	// RequestsPerCPUSecond the requests it served per second of it: unlike req/s, it hardly
	// moves when other work on the machine takes the server's CPU away for a while.
	ServerCPUMillis      float64 `json:"server_cpu_ms,omitempty"`
	RequestsPerCPUSecond float64 `json:"requests_per_cpu_s,omitempty"`
	// CPUError says why the server's CPU time could not be read.
	CPUError string `json:"cpu_error,omitempty"`
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
	pidA := fs.Int("a-pid", 0, "process id of server A, to read its CPU time (Linux)")
	pidB := fs.Int("b-pid", 0, "process id of server B, to read its CPU time (Linux)")
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
		firstAddr, firstRaw, firstPid, secondAddr, secondRaw, secondPid := addrA, rawA, *pidA, addrB, rawB, *pidB
		if i%2 == 1 {
			first, second = second, first
			firstAddr, firstRaw, firstPid, secondAddr, secondRaw, secondPid = secondAddr, secondRaw, secondPid, firstAddr, firstRaw, firstPid
		}
		var problem string
		if *first, problem = runRound(firstAddr, firstRaw, firstPid, *connections, *warmup, *duration); out.FirstError == "" {
			out.FirstError = problem
		}
		if *second, problem = runRound(secondAddr, secondRaw, secondPid, *connections, *warmup, *duration); out.FirstError == "" {
			out.FirstError = problem
		}
		out.Pairs = append(out.Pairs, p)
	}
	return out, nil
}

// runRound opens fresh connections and loads them back to back for warmup+duration. It
// measures the window after the warm-up: the responses that arrive in it and, with pid, the
// server's CPU time over it, both between the same two instants (when the CPU time was read).
func runRound(addr string, request []byte, pid, connections int, warmup, duration time.Duration) (round, string) {
	// The load goes on until the window has been read, however late that is, so the
	// window never has a tail without load.
	stop := make(chan struct{})
	var w servercpu.Window
	go func() {
		time.Sleep(warmup)
		w = servercpu.Sample(pid, duration)
		close(stop)
	}()
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	// Deadline for every read and write: a server that stops answering cannot hang a round.
	hang := time.Now().Add(warmup + duration + 30*time.Second)
	var mu sync.Mutex
	var done []response
	errorCount := 0
	firstError := ""
	var wg sync.WaitGroup
	for i := 0; i < connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]response, 0, 4096)
			failed := 0
			problem := ""
			// A connection that fails is replaced by a new one: in this mode errors are
			// counted and reported, not studied. The loop ends with the window.
			var k *keepAlive
			for !stopped() {
				if k == nil {
					var err error
					if k, err = dial(addr, request, hang); err != nil {
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
				mine = append(mine, response{finished: finished, latency: finished.Sub(began)})
			}
			if k != nil {
				k.close()
			}
			mu.Lock()
			done = append(done, mine...)
			errorCount += failed
			if firstError == "" {
				firstError = problem
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	<-stop // w is set (the workers only end once stop is closed)
	var latencies []time.Duration
	for _, d := range done {
		if !d.finished.Before(w.From) && d.finished.Before(w.To) {
			latencies = append(latencies, d.latency)
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	seconds := w.To.Sub(w.From).Seconds()
	r := round{
		Requests: len(latencies), Errors: errorCount, RPS: float64(len(latencies)) / seconds,
		P50Micros: servercpu.Percentile(latencies, 0.50), P99Micros: servercpu.Percentile(latencies, 0.99),
	}
	if w.Err != nil {
		r.CPUError = w.Err.Error()
	} else if pid > 0 {
		r.ServerCPUMillis = float64(w.CPU.Microseconds()) / 1000
		r.RequestsPerCPUSecond = float64(len(latencies)) / w.CPU.Seconds()
	}
	return r, firstError
}

type response struct {
	finished time.Time
	latency  time.Duration
}
