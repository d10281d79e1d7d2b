// Package helloworld is a CloudEvent function written for Google Cloud Functions: registered
// in init() with the Functions Framework, unexported, in a package that imports only sdk-go's
// event package. fnpacks serves it as it is, under its registered name, with no main and no
// GOOGLE_FUNCTION_TARGET.
package helloworld

import (
	"context"
	"fmt"
	"log"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
	"github.com/cloudevents/sdk-go/v2/event"
)

func init() {
	functions.CloudEvent("HelloPubSub", helloPubSub)
}

// MessagePublishedData is the data of a Pub/Sub CloudEvent (google.cloud.pubsub.topic.v1.messagePublished).
type MessagePublishedData struct {
	Message PubSubMessage
}

// PubSubMessage is the published message; its data is base64 in the event's JSON.
type PubSubMessage struct {
	Data []byte `json:"data"`
}

// helloPubSub logs a greeting for the message's data; an event whose data is not a Pub/Sub
// message is an error, which the server answers as a failure.
func helloPubSub(ctx context.Context, e event.Event) error {
	var msg MessagePublishedData
	if err := e.DataAs(&msg); err != nil {
		return fmt.Errorf("event.DataAs: %w", err)
	}
	name := string(msg.Message.Data)
	if name == "" {
		name = "World"
	}
	log.Printf("Hello, %s!", name)
	return nil
}
