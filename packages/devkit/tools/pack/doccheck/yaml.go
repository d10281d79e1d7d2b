package main

import (
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// yamlDocuments decodes every document of a YAML stream into JSON-ready values. Empty documents
// are left out, as kubectl leaves them out. yaml.v3 refuses duplicate keys, which kubectl would
// also refuse.
func yamlDocuments(input io.Reader) ([]any, error) {
	decoder := yaml.NewDecoder(input)
	documents := []any{}
	for index := 0; ; index++ {
		var document any
		err := decoder.Decode(&document)
		if errors.Is(err, io.EOF) {
			return documents, nil
		}
		if err != nil {
			return nil, fmt.Errorf("YAML document %d: %w", index+1, err)
		}
		if document == nil {
			continue
		}
		converted, err := jsonReady(document)
		if err != nil {
			return nil, fmt.Errorf("YAML document %d: %w", index+1, err)
		}
		documents = append(documents, converted)
	}
}

// jsonReady turns maps with non-string keys (which JSON cannot hold, and Kubernetes objects
// never have) into an error instead of an encoding failure.
func jsonReady(value any) (any, error) {
	switch v := value.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, item := range v {
			converted, err := jsonReady(item)
			if err != nil {
				return nil, err
			}
			out[key] = converted
		}
		return out, nil
	case map[any]any:
		return nil, fmt.Errorf("a mapping with a non-string key (%v)", firstKey(v))
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			converted, err := jsonReady(item)
			if err != nil {
				return nil, err
			}
			out[i] = converted
		}
		return out, nil
	default:
		return v, nil
	}
}

func firstKey(m map[any]any) any {
	for key := range m {
		return key
	}
	return nil
}
