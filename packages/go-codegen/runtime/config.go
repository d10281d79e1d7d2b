package fnruntime

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts every runtime variable except PORT, which platforms set themselves.
const EnvPrefix = "FNPACKS_"

// Reserved paths for the platform's probes. The leading dot keeps them out of any route
// a function is likely to serve.
const (
	ReadinessPath = "/.fnpacks/ready"
	LivenessPath  = "/.fnpacks/live"
)

// The paths Knative Functions (func deploy) puts in a function's probes, answered as well so
// such a deployment works unchanged, and a liveness probe there never gets the readiness answer.
const (
	KnativeReadinessPath = "/health/readiness"
	KnativeLivenessPath  = "/health/liveness"
)

// Config is the server's behaviour, read from the environment at start-up.
type Config struct {
	// Port to listen on, on all interfaces (PORT, default 8080).
	Port string
	// DrainDelay is how long new requests are still served after SIGTERM while readiness
	// reports 503, so load balancers stop routing here first.
	DrainDelay time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests after the drain delay; when it
	// runs out, request contexts are cancelled and the process exits.
	ShutdownTimeout time.Duration
	// ReadHeaderTimeout guards against slow clients (slowloris).
	ReadHeaderTimeout time.Duration
	// IdleTimeout closes idle keep-alive connections.
	IdleTimeout time.Duration
	// WriteTimeout is off by default so responses can stream.
	WriteTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included: off by default so request
	// bodies can stream, and a way to cut off clients that send their bodies too slowly.
	ReadTimeout time.Duration
	// MaxBodyBytes caps request bodies (413 past it); 0 means no limit. The default,
	// FunctionDefault, leaves the choice to the function's signature (Function.DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// StartTimeout bounds the function's Start (Function.Start); 0 (off) for no limit.
	StartTimeout time.Duration
	// StopTimeout bounds the function's Stop (Function.Stop), which runs after ShutdownTimeout;
	// 0 (off) for no limit.
	StopTimeout time.Duration
	// ProbeTimeout bounds each answer of the function's Ready and Alive: the platform's probes
	// give up after their own timeout (Kubernetes: 1 s by default), and an answer after that
	// only holds a goroutine. 0 (off) leaves only the probe's own.
	ProbeTimeout time.Duration
	// LogFormat is "json" (default) or "text".
	LogFormat string
	// LogLevel is debug, info (default), warn or error.
	LogLevel string
}

// Defaults keep drain, shutdown and stop (25 s at most) inside Kubernetes' 30 s grace period.
var defaults = Config{
	Port:              "8080",
	DrainDelay:        5 * time.Second,
	ShutdownTimeout:   15 * time.Second,
	ReadHeaderTimeout: 10 * time.Second,
	IdleTimeout:       120 * time.Second,
	StartTimeout:      time.Minute,
	StopTimeout:       5 * time.Second,
	ProbeTimeout:      time.Second,
	LogFormat:         "json",
	LogLevel:          "info",
	MaxBodyBytes:      FunctionDefault,
}

// FunctionDefault as Config.MaxBodyBytes: unset, so the function's signature decides.
const FunctionDefault = -1

// LoadConfig reads the configuration through getenv (os.Getenv in production).
func LoadConfig(getenv func(string) string) (Config, error) {
	c := defaults
	var errs []string
	str := func(name string, into *string, allowed ...string) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		if len(allowed) > 0 && !contains(allowed, strings.ToLower(v)) {
			errs = append(errs, fmt.Sprintf("%s=%q: use one of %s", name, v, strings.Join(allowed, ", ")))
			return
		}
		*into = strings.ToLower(v)
	}
	duration := func(name string, into *time.Duration) {
		v := strings.TrimSpace(getenv(EnvPrefix + name))
		if v == "" {
			return
		}
		if strings.EqualFold(v, "off") {
			*into = 0
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Sprintf("%s%s=%q: use a non-negative duration such as 5s or 500ms, or off", EnvPrefix, name, v))
			return
		}
		*into = d
	}
	if port := strings.TrimSpace(getenv("PORT")); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			errs = append(errs, fmt.Sprintf("PORT=%q: use a port number between 0 and 65535", port))
		} else {
			c.Port = port
		}
	}
	duration("DRAIN_DELAY", &c.DrainDelay)
	duration("SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	duration("READ_HEADER_TIMEOUT", &c.ReadHeaderTimeout)
	duration("IDLE_TIMEOUT", &c.IdleTimeout)
	duration("WRITE_TIMEOUT", &c.WriteTimeout)
	duration("READ_TIMEOUT", &c.ReadTimeout)
	duration("START_TIMEOUT", &c.StartTimeout)
	duration("STOP_TIMEOUT", &c.StopTimeout)
	duration("PROBE_TIMEOUT", &c.ProbeTimeout)
	if v := strings.TrimSpace(getenv(EnvPrefix + "MAX_BODY_BYTES")); v != "" {
		n, err := ParseBytes(v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%sMAX_BODY_BYTES=%q: %v", EnvPrefix, v, err))
		} else {
			c.MaxBodyBytes = n
		}
	}
	str(EnvPrefix+"LOG_FORMAT", &c.LogFormat, "json", "text")
	str(EnvPrefix+"LOG_LEVEL", &c.LogLevel, "debug", "info", "warn", "error")
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ForFunction resolves what the function's signature decides: the body limit, unless set.
func (c Config) ForFunction(fn Function) Config {
	if c.MaxBodyBytes == FunctionDefault {
		c.MaxBodyBytes = fn.DefaultMaxBodyBytes
	}
	if c.MaxBodyBytes < 0 {
		c.MaxBodyBytes = 0
	}
	return c
}

// Address is where the server listens.
func (c Config) Address() string { return ":" + c.Port }
