package servercpu

import (
	"os"
	"testing"
	"time"
)

func TestSampleSeesThisProcessWork(t *testing.T) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	w := Sample(os.Getpid(), 50*time.Millisecond)
	close(done)
	if w.Err != nil || w.CPU <= 0 || !w.To.After(w.From) {
		t.Fatalf("want CPU time over a real window, got %+v", w)
	}
	if _, err := Time(-1); err == nil {
		t.Error("want an error for a process that does not exist")
	}
	if got := Percentile([]time.Duration{time.Millisecond, 2 * time.Millisecond, 3 * time.Millisecond}, 0.5); got != 2000 {
		t.Errorf("median of 1, 2, 3 ms = %v µs, want 2000", got)
	}
}
