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
	if total := c.DrainDelay + c.ShutdownTimeout + c.StopTimeout; total <= 0 || total > 25*time.Second {
		t.Errorf("drain + shutdown + stop = %s, want inside a 30s grace period with room to exit", total)
	}
	if c.ReadHeaderTimeout <= 0 || c.IdleTimeout <= 0 {
		t.Errorf("read header timeout %s, idle timeout %s: both must be set", c.ReadHeaderTimeout, c.IdleTimeout)
	}
	if c.StartTimeout <= 0 || c.StopTimeout <= 0 || c.ProbeTimeout <= 0 {
		t.Errorf("start timeout %s, stop timeout %s, probe timeout %s: a function's hooks must be bounded by default",
			c.StartTimeout, c.StopTimeout, c.ProbeTimeout)
	}
	if c.WriteTimeout != 0 || c.ReadTimeout != 0 {
		t.Errorf("write timeout %s, read timeout %s: both must be off by default so bodies can stream", c.WriteTimeout, c.ReadTimeout)
	}
	if c.MaxBodyBytes != FunctionDefault {
		t.Errorf("body limit %d: the function's signature decides unless it is set", c.MaxBodyBytes)
	}
}

func TestTheBodyLimitIsTheFunctionsUnlessSet(t *testing.T) {
	streams, buffers := Function{}, Function{DefaultMaxBodyBytes: 32 << 20}
	for _, c := range []struct {
		env  string
		fn   Function
		want int64
	}{
		{"", streams, 0},
		{"", buffers, 32 << 20},
		{"off", buffers, 0},
		{"0", buffers, 0},
		{"1MiB", streams, 1 << 20},
		{"1MiB", buffers, 1 << 20},
	} {
		cfg, err := LoadConfig(env(map[string]string{"FNPACKS_MAX_BODY_BYTES": c.env}))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.ForFunction(c.fn).MaxBodyBytes; got != c.want {
			t.Errorf("FNPACKS_MAX_BODY_BYTES=%q, function default %d: limit %d, want %d", c.env, c.fn.DefaultMaxBodyBytes, got, c.want)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"1048576": 1 << 20, "32MiB": 32 << 20, "10MB": 10_000_000, "512 kib": 512 << 10, "2GiB": 2 << 30,
		"1kb": 1000, "7B": 7, "0": 0, "off": 0, "OFF": 0,
	} {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MiB", "32M", "32 mebibytes", "MiB", "lots", "9999999999GiB"} {
		if got, err := ParseBytes(in); err == nil {
			t.Errorf("ParseBytes(%q) = %d, want an error", in, got)
		}
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
		"FNPACKS_READ_TIMEOUT":        "1m",
		"FNPACKS_START_TIMEOUT":       "off",
		"FNPACKS_STOP_TIMEOUT":        "2s",
		"FNPACKS_PROBE_TIMEOUT":       "250ms",
		"FNPACKS_MAX_BODY_BYTES":      "10MB",
		"FNPACKS_LOG_FORMAT":          "TEXT",
		"FNPACKS_LOG_LEVEL":           "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: "9090", DrainDelay: 0, ShutdownTimeout: 3 * time.Second, ReadHeaderTimeout: time.Second,
		IdleTimeout: 2 * time.Minute, WriteTimeout: 30 * time.Second, ReadTimeout: time.Minute, StopTimeout: 2 * time.Second, ProbeTimeout: 250 * time.Millisecond, MaxBodyBytes: 10_000_000,
		LogFormat: "text", LogLevel: "debug"}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestInvalidValuesAreAllNamed(t *testing.T) {
	_, err := LoadConfig(env(map[string]string{
		"PORT":                   "http",
		"FNPACKS_DRAIN_DELAY":    "5",
		"FNPACKS_LOG_FORMAT":     "xml",
		"FNPACKS_MAX_BODY_BYTES": "32M",
	}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, part := range []string{`PORT="http"`, `FNPACKS_DRAIN_DELAY="5"`, "such as 5s", `FNPACKS_LOG_FORMAT="xml"`, "json, text",
		`FNPACKS_MAX_BODY_BYTES="32M"`, "such as 1048576, 32MiB or 10MB"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}
