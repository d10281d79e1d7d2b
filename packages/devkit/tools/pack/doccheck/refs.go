package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/google/go-containerregistry/pkg/name"
)

// imageNameFacts says whether a name passes kpack's checks: validate.Image parses an image
// reference, validate.Tag a tag (both with go-containerregistry's weak validation, in
// pkg/apis/validate/validation_helpers.go of kpack).
type imageNameFacts struct {
	Name           string `json:"name"`
	ReferenceError string `json:"referenceError,omitempty"`
	TagError       string `json:"tagError,omitempty"`
}

func checkImageNames(input io.Reader) ([]imageNameFacts, error) {
	var names []string
	if err := json.NewDecoder(input).Decode(&names); err != nil {
		return nil, fmt.Errorf("reading the image names: %w", err)
	}
	facts := make([]imageNameFacts, 0, len(names))
	for _, imageName := range names {
		fact := imageNameFacts{Name: imageName}
		if _, err := name.ParseReference(imageName, name.WeakValidation); err != nil {
			fact.ReferenceError = err.Error()
		}
		if _, err := name.NewTag(imageName, name.WeakValidation); err != nil {
			fact.TagError = err.Error()
		}
		facts = append(facts, fact)
	}
	return facts, nil
}
