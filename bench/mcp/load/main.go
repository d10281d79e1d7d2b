// Command mcpload is the MCP benchmark's load generator: tools/call round trips through the MCP
// Go SDK's own client, against two servers in alternating rounds (A B, B A, …), each round
// measuring the calls completed in a window and the server's CPU time over the same window
// (/proc/PID/task/*/schedstat), so that calls per server CPU-second compare the servers even on
// a busy machine. Every session is opened once per server (initialize, as a client would) and
// kept: the rounds measure calls, not handshakes.
//
//	mcpload -a URL -a-pid N -b URL -b-pid M [-sessions 16] [-pairs 20] [-d 200ms] [-warmup 50ms] -tool Convert -args '{"value":100,"from":"C"}'
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"fnpacks.dev/bench/servercpu"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// round is one server's share of a pair.
type round struct {
	Calls         int     `json:"calls"`
	Errors        int     `json:"errors"`
	CallsPerSec   float64 `json:"calls_per_s"`
	P50Micros     float64 `json:"p50_us"`
	P99Micros     float64 `json:"p99_us"`
	ServerCPUMs   float64 `json:"server_cpu_ms,omitempty"`
	CallsPerCPUS  float64 `json:"calls_per_cpu_s,omitempty"`
	CPUError      string  `json:"cpu_error,omitempty"`
	FirstCallFail string  `json:"first_call_error,omitempty"`
}

type pair struct {
	A round `json:"a"`
	B round `json:"b"`
}

type server struct {
	pid      int
	sessions []*mcp.ClientSession
}

func main() {
	a := flag.String("a", "", "MCP endpoint of server A")
	b := flag.String("b", "", "MCP endpoint of server B")
	pidA := flag.Int("a-pid", 0, "process id of server A")
	pidB := flag.Int("b-pid", 0, "process id of server B")
	sessions := flag.Int("sessions", 16, "client sessions per server, each calling back to back")
	pairs := flag.Int("pairs", 20, "rounds per server")
	duration := flag.Duration("d", 200*time.Millisecond, "measured time per round")
	warmup := flag.Duration("warmup", 50*time.Millisecond, "unmeasured load at the start of each round")
	tool := flag.String("tool", "", "the tool to call")
	args := flag.String("args", "{}", "its arguments, as JSON")
	flag.Parse()
	if *a == "" || *b == "" || *tool == "" || *sessions < 1 || *pairs < 1 {
		fmt.Fprintln(os.Stderr, "usage: mcpload -a URL -a-pid N -b URL -b-pid M -tool NAME [-args JSON] [-sessions n] [-pairs n] [-d 200ms] [-warmup 50ms]")
		os.Exit(2)
	}
	arguments := json.RawMessage(*args)
	ctx := context.Background()
	servers := [2]*server{}
	for i, target := range []struct {
		url string
		pid int
	}{{*a, *pidA}, {*b, *pidB}} {
		s, err := connect(ctx, target.url, *sessions)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mcpload: %s: %v\n", target.url, err)
			os.Exit(1)
		}
		s.pid = target.pid
		servers[i] = s
	}
	out := struct {
		Pairs []pair `json:"pairs"`
	}{}
	for i := 0; i < *pairs; i++ {
		var p pair
		first, second := 0, 1
		if i%2 == 1 {
			first, second = 1, 0
		}
		results := [2]*round{&p.A, &p.B}
		*results[first] = runRound(ctx, servers[first], *tool, arguments, *warmup, *duration)
		*results[second] = runRound(ctx, servers[second], *tool, arguments, *warmup, *duration)
		out.Pairs = append(out.Pairs, p)
	}
	for _, s := range servers {
		for _, session := range s.sessions {
			_ = session.Close()
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

// connect opens n sessions to endpoint, each on its own HTTP connections.
func connect(ctx context.Context, endpoint string, n int) (*server, error) {
	s := &server{}
	for i := 0; i < n; i++ {
		transport := &mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
		session, err := mcp.NewClient(&mcp.Implementation{Name: "mcpload", Version: "1"}, nil).Connect(ctx, transport, nil)
		if err != nil {
			return nil, err
		}
		s.sessions = append(s.sessions, session)
	}
	return s, nil
}

type call struct {
	finished time.Time
	latency  time.Duration
}

// runRound has every session call the tool back to back for warmup+duration and measures the
// window after the warm-up.
func runRound(ctx context.Context, s *server, tool string, arguments json.RawMessage, warmup, duration time.Duration) round {
	stop := make(chan struct{})
	var w servercpu.Window
	go func() {
		time.Sleep(warmup)
		w = servercpu.Sample(s.pid, duration)
		close(stop)
	}()
	var mu sync.Mutex
	var calls []call
	errorCount := 0
	firstError := ""
	var wg sync.WaitGroup
	for _, session := range s.sessions {
		wg.Add(1)
		go func(session *mcp.ClientSession) {
			defer wg.Done()
			mine := make([]call, 0, 1024)
			failed, problem := 0, ""
			for {
				select {
				case <-stop:
					mu.Lock()
					calls = append(calls, mine...)
					errorCount += failed
					if firstError == "" {
						firstError = problem
					}
					mu.Unlock()
					return
				default:
				}
				began := time.Now()
				result, err := session.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: arguments})
				finished := time.Now()
				if err == nil && result.IsError {
					err = errors.New("error result")
				}
				if err != nil {
					failed++
					if problem == "" {
						problem = err.Error()
					}
					continue
				}
				mine = append(mine, call{finished: finished, latency: finished.Sub(began)})
			}
		}(session)
	}
	wg.Wait()
	var latencies []time.Duration
	for _, c := range calls {
		if !c.finished.Before(w.From) && c.finished.Before(w.To) {
			latencies = append(latencies, c.latency)
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	r := round{
		Calls: len(latencies), Errors: errorCount, CallsPerSec: float64(len(latencies)) / w.To.Sub(w.From).Seconds(),
		P50Micros: servercpu.Percentile(latencies, 0.5), P99Micros: servercpu.Percentile(latencies, 0.99), FirstCallFail: firstError,
	}
	if w.Err != nil {
		r.CPUError = w.Err.Error()
	} else {
		r.ServerCPUMs = float64(w.CPU.Microseconds()) / 1000
		r.CallsPerCPUS = float64(len(latencies)) / w.CPU.Seconds()
	}
	return r
}
