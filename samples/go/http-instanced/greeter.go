// Package function is an instanced HTTP function in the form Knative Functions' Go template
// has: New makes one instance, Handle serves every request with it, and the optional lifecycle
// methods Start, Ready, Alive and Stop are called around it. No main, no server code.
package function

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// stallAfter is how long the background worker may go without a beat before Alive reports
// the instance wedged (and the platform restarts it).
const stallAfter = 10 * time.Second

// Greeter greets with the greeting its configuration names and counts the greetings for each
// name, and keeps a background worker (standing in for a connection kept alive or a cache kept
// fresh) that the probes watch.
type Greeter struct {
	greeting   string
	mu         sync.Mutex
	greeted    map[string]int
	served     atomic.Int64
	lastBeat   atomic.Int64 // the worker's last beat, in Unix nanoseconds; 0 before its first
	stopWorker context.CancelFunc
	workerDone chan struct{}
}

// New makes the instance, once, before the server starts.
func New() *Greeter {
	return &Greeter{greeting: "Hello", greeted: map[string]int{}}
}

// Start gets the function's configuration (with fnpacks: the process environment) before the
// first request; until it returns, requests and readiness answer 503. GREETING replaces the
// default greeting. An error here stops the process, so bad configuration fails fast.
func (g *Greeter) Start(ctx context.Context, cfg map[string]string) error {
	if greeting, set := cfg["GREETING"]; set {
		if greeting == "" {
			return errors.New("GREETING is set but empty: unset it for the default, or name a greeting")
		}
		g.greeting = greeting
	}
	worker, stop := context.WithCancel(context.Background())
	g.stopWorker, g.workerDone = stop, make(chan struct{})
	go g.beat(worker)
	fmt.Printf("greeter started: greeting %q\n", g.greeting)
	return nil
}

// beat records a heartbeat now and every second until ctx ends.
func (g *Greeter) beat(ctx context.Context) {
	defer close(g.workerDone)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		g.lastBeat.Store(time.Now().UnixNano())
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Handle greets whoever asks (try /?name=Gopher) and says how often this instance has greeted
// them: one instance serves every request, so the count grows.
func (g *Greeter) Handle(w http.ResponseWriter, r *http.Request) {
	g.served.Add(1)
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "world"
	}
	g.mu.Lock()
	g.greeted[name]++
	times := g.greeted[name]
	g.mu.Unlock()
	fmt.Fprintf(w, "%s, %s! (greeting #%d for %s)\n", g.greeting, name, times, name)
}

// Ready keeps the instance out of rotation until its worker has beaten once.
func (g *Greeter) Ready(ctx context.Context) (bool, error) {
	if g.lastBeat.Load() == 0 {
		return false, errors.New("the background worker has not started yet")
	}
	return true, nil
}

// Alive reports a stalled worker: that is what a restart fixes, so only that fails liveness
// (a worker that has not beaten yet has only just started: Ready covers that).
func (g *Greeter) Alive(ctx context.Context) (bool, error) {
	last := g.lastBeat.Load()
	if since := time.Since(time.Unix(0, last)); last != 0 && since > stallAfter {
		return false, fmt.Errorf("the background worker has not beaten for %s", since.Round(time.Second))
	}
	return true, nil
}

// Stop runs once, after the last in-flight request: it stops the worker and says what was done.
func (g *Greeter) Stop(ctx context.Context) error {
	g.stopWorker()
	select {
	case <-g.workerDone:
	case <-ctx.Done():
		return fmt.Errorf("the background worker did not stop: %w", ctx.Err())
	}
	fmt.Printf("greeter stopped after %d requests\n", g.served.Load())
	return nil
}
