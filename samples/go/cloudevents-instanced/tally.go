// Package function is an instanced CloudEvents function in the form Knative Functions'
// CloudEvents template has: New makes one instance, and its Handle receives every event and
// replies with one. Start and Stop, both optional, are called around it. No main, no server
// code.
//
// It imports sdk-go's root package, as cloudevents-echo does: the server fnpacks generates
// uses sdk-go's client and HTTP protocol too, and with the root package imported, go mod tidy
// keeps go.sum's lines for the modules those need.
package function

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	cloudevents "github.com/cloudevents/sdk-go/v2"
)

// Tally counts the events it receives by type. One instance receives them all, so the counts
// grow from event to event.
type Tally struct {
	source string
	mu     sync.Mutex
	counts map[string]int
}

// Count is the reply's data: how many events of this type the instance has received so far.
type Count struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// New makes the instance, once, before the server starts.
func New() *Tally {
	return &Tally{source: "example/tally", counts: map[string]int{}}
}

// Start gets the function's configuration (with fnpacks: the process environment) before the
// first event: TALLY_SOURCE replaces the replies' source.
func (t *Tally) Start(ctx context.Context, cfg map[string]string) error {
	if source := cfg["TALLY_SOURCE"]; source != "" {
		t.source = source
	}
	fmt.Printf("tally started: replies from %s\n", t.source)
	return nil
}

// Handle counts the event and replies with an "example.tally" event holding its type's count.
func (t *Tally) Handle(ctx context.Context, e cloudevents.Event) (*cloudevents.Event, error) {
	t.mu.Lock()
	t.counts[e.Type()]++
	count := Count{Type: e.Type(), Count: t.counts[e.Type()]}
	t.mu.Unlock()

	reply := cloudevents.NewEvent()
	reply.SetID("tally-" + e.ID())
	reply.SetSource(t.source)
	reply.SetType("example.tally")
	if err := reply.SetData(cloudevents.ApplicationJSON, count); err != nil {
		return nil, fmt.Errorf("reply to %s: %w", e.ID(), err)
	}
	return &reply, nil
}

// Stop runs once, after the last event in flight: it logs the final counts.
func (t *Tally) Stop(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	counts := make([]string, 0, len(t.counts))
	for eventType, count := range t.counts {
		counts = append(counts, fmt.Sprintf("%s=%d", eventType, count))
	}
	sort.Strings(counts)
	if len(counts) == 0 {
		counts = append(counts, "no events")
	}
	fmt.Printf("tally stopped: %s\n", strings.Join(counts, " "))
	return nil
}
