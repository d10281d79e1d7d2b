// Package servercpu measures a server process's CPU time over a window, so load generators can
// report requests per server CPU-second: a figure other work on a busy machine barely moves.
// Shared by loadgen and the MCP benchmark's load generator (bench/mcp/load).
package servercpu

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Window is a measured span and the server's CPU time in it (0 if unknown, with Err saying why).
type Window struct {
	From, To time.Time
	CPU      time.Duration
	Err      error
}

// Sample reads pid's CPU time now and after d; the window is the span between the reads. A pid
// of 0 or less only measures the span.
func Sample(pid int, d time.Duration) Window {
	if pid <= 0 {
		from := time.Now()
		time.Sleep(d)
		return Window{From: from, To: time.Now()}
	}
	before, err1 := Time(pid)
	from := time.Now()
	time.Sleep(d)
	after, err2 := Time(pid)
	w := Window{From: from, To: time.Now(), CPU: after - before, Err: errors.Join(err1, err2)}
	if w.Err == nil && w.CPU <= 0 {
		w.Err = fmt.Errorf("process %d used no CPU in the window", pid)
	}
	return w
}

// Time is the CPU time all threads of process pid have used so far, from the scheduler's
// nanosecond counters (/proc/PID/task/*/schedstat) rather than /proc/PID/stat's 10 ms ticks,
// which would be a 2 % step in a 500 ms round.
func Time(pid int) (time.Duration, error) {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var total time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(dir + "/" + t.Name() + "/schedstat")
		if err != nil {
			continue // a thread that just exited
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s/%s/schedstat: %w", dir, t.Name(), err)
		}
		total += time.Duration(ns)
	}
	return total, nil
}

// Percentile of sorted latencies, in microseconds.
func Percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(float64(len(sorted)-1)*p)].Microseconds())
}
