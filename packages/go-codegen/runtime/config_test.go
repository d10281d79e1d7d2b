package fnruntime

import (
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDefaultsFitKubernetesGracePeriod(t *testing.T) {
	c, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != "8080" || c.Address() != ":8080" {
		t.Errorf("port = %q, address = %q", c.Port, c.Address())
	}
	if total := c.DrainDelay + c.ShutdownTimeout; total <= 0 || total > 25*time.Second {
		t.Errorf("drain + shutdown = %s, want inside a 30s grace period with room to exit", total)
	}
	if c.ReadHeaderTimeout <= 0 || c.IdleTimeout <= 0 {
		t.Errorf("read header timeout %s, idle timeout %s: both must be set", c.ReadHeaderTimeout, c.IdleTimeout)
	}
	if c.WriteTimeout != 0 {
		t.Errorf("write timeout %s: must be off by default so responses can stream", c.WriteTimeout)
	}
}

func TestOverrides(t *testing.T) {
	c, err := LoadConfig(env(map[string]string{
		"PORT":                        "9090",
		"FNPACKS_DRAIN_DELAY":         "0s",
		"FNPACKS_SHUTDOWN_TIMEOUT":    "3s",
		"FNPACKS_READ_HEADER_TIMEOUT": "1s",
		"FNPACKS_IDLE_TIMEOUT":        "2m",
		"FNPACKS_WRITE_TIMEOUT":       "30s",
		"FNPACKS_LOG_FORMAT":          "TEXT",
		"FNPACKS_LOG_LEVEL":           "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: "9090", DrainDelay: 0, ShutdownTimeout: 3 * time.Second, ReadHeaderTimeout: time.Second,
		IdleTimeout: 2 * time.Minute, WriteTimeout: 30 * time.Second, LogFormat: "text", LogLevel: "debug"}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestInvalidValuesAreAllNamed(t *testing.T) {
	_, err := LoadConfig(env(map[string]string{
		"PORT":                "http",
		"FNPACKS_DRAIN_DELAY": "5",
		"FNPACKS_LOG_FORMAT":  "xml",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, part := range []string{`PORT="http"`, `FNPACKS_DRAIN_DELAY="5"`, "such as 5s", `FNPACKS_LOG_FORMAT="xml"`, "json, text"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}
