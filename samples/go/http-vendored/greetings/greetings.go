// Package greetings is the sample's dependency, reached through vendor/.
package greetings

import "strings"

// For greets name politely, or the world when name is empty.
func For(name string) string {
	if strings.TrimSpace(name) == "" {
		name = "world"
	}
	return "Greetings, " + name + "!"
}
