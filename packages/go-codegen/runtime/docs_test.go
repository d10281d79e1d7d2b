package fnruntime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The configuration tables in the READMEs are checked against the code: every variable
// LoadConfig reads is documented, and each documented default is the real default. Where the
// default depends on the signature ("`off` for HTTP, `32MiB` for CloudEvents"), the first is
// the runtime's own (a Function that sets no default) and every one must be a valid value;
// go-codegen's TypeScript tests check the others against the generators.
func TestREADMETablesMatchTheCode(t *testing.T) {
	read := map[string]bool{}
	_, _ = LoadConfig(func(name string) string { read[name] = true; return "" })
	defaults, _ := LoadConfig(env(nil))
	for _, readme := range []string{"../README.md", "../../../README.md"} {
		documented, cells := documentedDefaults(t, readme)
		for name := range read {
			value, ok := documented[name]
			if !ok {
				t.Errorf("%s: %s is read by LoadConfig but not documented", readme, name)
				continue
			}
			got, err := LoadConfig(env(map[string]string{name: value}))
			if err != nil || got.ForFunction(Function{}) != defaults.ForFunction(Function{}) {
				t.Errorf("%s: %s's documented default %q is not the real default (%v)", readme, name, value, err)
			}
			parts := strings.Split(cells[name], "`")
			for i := 1; i < len(parts); i += 2 { // inside backticks
				if _, err := LoadConfig(env(map[string]string{name: parts[i]})); err != nil {
					t.Errorf("%s: %s's documented default %q is not a valid value: %v", readme, name, parts[i], err)
				}
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
// the default is the first word of the next-to-last cell, backticks removed; cells holds that
// whole cell.
func documentedDefaults(t *testing.T, path string) (defaults, cells map[string]string) {
	t.Helper()
	text, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	defaults, cells = map[string]string{}, map[string]string{}
	for _, line := range strings.Split(string(text), "\n") {
		row := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(row) < 3 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(row[0]), "`")
		if name != "PORT" && !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		cell := strings.TrimSpace(row[len(row)-2])
		value, _, _ := strings.Cut(cell, " ")
		defaults[name], cells[name] = strings.Trim(value, "`"), cell
	}
	return defaults, cells
}
