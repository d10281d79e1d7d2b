package fnruntime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The configuration tables in the READMEs are checked against the code: every variable
// LoadConfig reads is documented, and each documented default is the real default.
func TestREADMETablesMatchTheCode(t *testing.T) {
	read := map[string]bool{}
	_, _ = LoadConfig(func(name string) string { read[name] = true; return "" })
	defaults, _ := LoadConfig(env(nil))
	for _, readme := range []string{"../README.md", "../../../README.md"} {
		documented := documentedDefaults(t, readme)
		for name := range read {
			value, ok := documented[name]
			if !ok {
				t.Errorf("%s: %s is read by LoadConfig but not documented", readme, name)
				continue
			}
			got, err := LoadConfig(env(map[string]string{name: value}))
			if err != nil || got != defaults {
				t.Errorf("%s: %s's documented default %q is not the real default (%v)", readme, name, value, err)
			}
		}
		for name := range documented {
			if (strings.HasPrefix(name, EnvPrefix) || name == "PORT") && !read[name] {
				t.Errorf("%s documents %s, which LoadConfig never reads", readme, name)
			}
		}
	}
}

// documentedDefaults reads the rows "| `NAME` | … | default | meaning |" of a markdown file:
// the default is the next-to-last cell, backticks removed, "off" meaning zero.
func documentedDefaults(t *testing.T, path string) map[string]string {
	t.Helper()
	text, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(text), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) < 3 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if name != "PORT" && !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		value := strings.TrimSpace(cells[len(cells)-2])
		value, _, _ = strings.Cut(value, " ")
		value = strings.Trim(value, "`")
		if value == "off" {
			value = "0s"
		}
		out[name] = value
	}
	return out
}
