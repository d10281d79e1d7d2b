// Package echo replies to every CloudEvent with an event carrying the same data.
package echo

import (
	"context"
	"fmt"

	cloudevents "github.com/cloudevents/sdk-go/v2"
)

// Echo answers each event with an "<type>.echo" event from source example/echo.
func Echo(ctx context.Context, in cloudevents.Event) (*cloudevents.Event, error) {
	out := cloudevents.NewEvent()
	out.SetID("echo-" + in.ID())
	out.SetSource("example/echo")
	out.SetType(in.Type() + ".echo")
	if err := out.SetData(in.DataContentType(), in.Data()); err != nil {
		return nil, fmt.Errorf("copy data of %s: %w", in.ID(), err)
	}
	return &out, nil
}
