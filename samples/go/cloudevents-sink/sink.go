// Package sink consumes CloudEvents and replies with nothing but a status code.
package sink

import (
	"log/slog"

	cloudevents "github.com/cloudevents/sdk-go/v2"
)

// Receive logs each event it is sent.
func Receive(e cloudevents.Event) {
	slog.Info("received event", "id", e.ID(), "source", e.Source(), "type", e.Type(), "data", string(e.Data()))
}
