// Package fnruntime is the production server around a function: it listens on $PORT,
// answers probes, recovers panics, logs in structure and drains gracefully on SIGTERM.
// fnpacks copies it verbatim beside a generated main that calls Main.
package fnruntime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// Function is what the generated main hands the runtime.
type Function struct {
	// Name of the function or variable in the user's package, for the logs.
	Name string
	// Package is the import path of the user's package, for the logs.
	Package string
	// Handler serves every request that is not a probe.
	Handler http.Handler
	// Background, if set, runs beside the server from start-up, once Start has returned (e.g.
	// the CloudEvents client that takes the events Handler receives). Its context ends with
	// the request contexts, at the very end of shutdown, so it can finish the in-flight
	// requests first.
	Background func(ctx context.Context)
	// DefaultMaxBodyBytes is the request body limit unless FNPACKS_MAX_BODY_BYTES sets one; 0
	// means none. The signature decides: a server that reads whole bodies into memory needs
	// one, one that streams them may not.
	DefaultMaxBodyBytes int64

	// The hooks below are for functions with a life of their own beyond each request, such as
	// Knative Functions' instances (New, then Start, Ready, Alive, Stop). All are optional; the
	// runtime calls each in a goroutine of its own and stops waiting at its timeout, so a hook
	// that ignores its context cannot hold up the probes or the shutdown, and a panic in one is
	// logged and counts as an error.

	// Start, if set, prepares the function before it serves (connections, caches, a model).
	// It runs once, after the port is open: a closed port would fail the platform's liveness
	// and TCP probes and get the process restarted mid-start. Until it returns, liveness
	// answers 200, and readiness and every other request 503 with Retry-After, so nothing
	// reaches a function that is not ready. Start has FNPACKS_START_TIMEOUT to return; an
	// error, a panic or running out of time is logged and the process exits 1 without having
	// served a request (a restart is the platform's way to retry). Background starts once it
	// returns. Its context ends at the timeout, or at a signal while it runs; after a
	// successful Start it lives on until the request contexts end, so goroutines it starts
	// may keep it (Knative's Start gets a context that outlives it too).
	Start func(ctx context.Context) error
	// Ready, if set, is asked by each readiness probe from the end of Start until shutdown
	// starts (before and after, readiness is 503 whatever it says), so a function can take
	// itself out of rotation while a dependency is down. False, an error or no answer within
	// FNPACKS_PROBE_TIMEOUT is a 503, the reason logged at debug level.
	Ready func(ctx context.Context) (bool, error)
	// Alive, if set, is asked by each liveness probe once Start has returned, the same way.
	// A 503 there gets the process restarted, which is what a function that knows it is
	// wedged wants; readiness never fails a liveness probe. While Start runs, liveness is
	// 200 without asking: a slow start is bounded by its own timeout, not by restarts.
	Alive func(ctx context.Context) (bool, error)
	// Stop, if set, releases what the function holds (flushes buffers, closes connections). It
	// runs once, at the end of a graceful shutdown: after the in-flight requests have finished
	// and Background's context has ended, so nothing uses what it closes. (Past the shutdown
	// timeout, requests are cancelled, not waited for: one that ignores its context may still
	// be running.) It has FNPACKS_STOP_TIMEOUT; an error or a panic is logged, and the
	// process exits either way. It does not run when Start did not succeed: a function that
	// never started has nothing of its own to release, and Stop may not expect that state.
	Stop func(ctx context.Context) error
	// OnShutdown, if set, is called once, in a goroutine of its own, the moment shutdown starts
	// (the first signal, before the drain delay), so long-lived responses (server-sent events,
	// MCP's streamable HTTP streams) can end then: left open, they would hold the shutdown until
	// its timeout cancels them, while their clients could already be reconnecting to another
	// instance. A context.CancelFunc fits: end the streams' contexts with it, e.g. through
	// context.AfterFunc, and only theirs: other requests should still finish during the drain.
	// (http.Server.RegisterOnShutdown would only fire after the drain delay.)
	OnShutdown func()
}

var errSecondSignal = errors.New("second signal: shutdown abandoned")

// Main serves fn until SIGTERM or SIGINT, then exits: 0 after a graceful shutdown, 1 on a
// second signal or when the server cannot start, 2 on invalid configuration.
func Main(fn Function) {
	cfg, err := LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fnpacks: %v\n", err)
		os.Exit(2)
	}
	log := NewLogger(os.Stdout, cfg)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, os.Interrupt)
	ln, err := net.Listen("tcp", cfg.Address())
	if err != nil {
		log.Error("cannot listen", "address", cfg.Address(), "error", err)
		os.Exit(1)
	}
	if err := Serve(ln, fn, cfg, log, signals, os.Exit); err != nil {
		log.Error("server failed", "error", err)
		os.Exit(1)
	}
}

// NewLogger writes JSON (or text) records at the configured level.
func NewLogger(w io.Writer, cfg Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// Serve serves fn on ln until the first signal, then shuts down in order:
//  1. readiness fails at once, so the platform stops sending traffic;
//  2. requests are still served for cfg.DrainDelay, while that news spreads;
//  3. the listener closes and in-flight requests get up to cfg.ShutdownTimeout to finish;
//  4. request contexts are cancelled, the function's Stop runs (see runStop) and Serve returns.
//
// Once draining starts, every response carries Connection: close (see response).
//
// A function with a Start hook is started first, on the open port (see runStart): an
// error or a timeout there calls exit(1) and Serve returns without having served. A signal
// while Start runs skips the drain delay: readiness never passed, so nothing was routed here.
//
// A second signal calls exit(1) at once (should exit return, Serve returns too).
func Serve(ln net.Listener, fn Function, cfg Config, log *slog.Logger, signals <-chan os.Signal, exit func(int)) error {
	// Every request context hangs off this one, so the last step can cancel them all.
	requests, cancelRequests := context.WithCancel(withLogger(context.Background(), log))
	defer cancelRequests()

	cfg = cfg.ForFunction(fn)
	health := newHealth(fn, cfg.ProbeTimeout, log)
	front := &front{fn: fn.Handler, log: log, health: health, limit: cfg.MaxBodyBytes}
	srv := &http.Server{
		Handler:           front,
		ReadTimeout:       cfg.ReadTimeout,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		BaseContext:       func(net.Listener) context.Context { return requests },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	protocols := enableH2C(srv)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving function",
		"function", fn.Name, "package", fn.Package, "address", ln.Addr().String(),
		"protocols", protocols, "max_body_bytes", cfg.MaxBodyBytes, "go", runtime.Version())

	// The first signal starts the shutdown at once, whatever Serve is doing (Start may still be
	// running), and closes stopping. A second one calls exit(1); abandoned ends then (exit only
	// returns in tests), or when Serve returns.
	abandoned, abandon := context.WithCancel(context.Background())
	defer abandon()
	stopping := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			// Draining first: whoever sees readiness fail also gets Connection: close.
			health.draining.Store(true)
			log.Info("shutting down: readiness fails at once",
				"signal", sig.String(), "drain_delay", cfg.DrainDelay.String(), "shutdown_timeout", cfg.ShutdownTimeout.String())
			if fn.OnShutdown != nil {
				call(log, "OnShutdown", func() (bool, error) { fn.OnShutdown(); return true, nil })
			}
			close(stopping)
		case <-abandoned.Done():
			return
		}
		select {
		case again := <-signals:
			log.Warn("second signal: exiting at once", "signal", again.String())
			exit(1)
			abandon()
		case <-abandoned.Done():
		}
	}()

	started := true      // Start returned nil, or there is none: Stop is for a started function
	interrupted := false // by a signal while Start ran
	if fn.Start != nil {
		// Its context lives on after a successful Start, until the request contexts end.
		startCtx, endStart := context.WithCancelCause(requests)
		defer endStart(nil)
		var err error
		started, err = runStart(startCtx, endStart, fn, cfg, log, stopping, abandoned)
		switch {
		case errors.Is(err, errSecondSignal):
			return err
		case err != nil:
			log.Error("the function failed to start: exiting without serving", "error", err)
			_ = srv.Close()
			exit(1)
			return err
		}
		select {
		case <-stopping:
			log.Info("shutdown began while the function was starting: no drain delay, nothing was routed here")
			interrupted = true
		default:
		}
	}

	if !interrupted {
		// Serving, until the first signal; then still for the drain delay.
		health.started.Store(true)
		if fn.Background != nil {
			go fn.Background(requests)
		}
		select {
		case err := <-served:
			return fmt.Errorf("server stopped unexpectedly: %w", err)
		case <-stopping:
		}
		select {
		case <-time.After(cfg.DrainDelay):
		case err := <-served:
			return fmt.Errorf("server stopped while draining: %w", err)
		case <-abandoned.Done():
			return errSecondSignal
		}
	}

	ctx, cancel := context.WithTimeout(abandoned, cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("shutdown: %w", err)
		}
		cancelRequests()
		_ = srv.Close()
		if abandoned.Err() != nil {
			return errSecondSignal
		}
		log.Warn("shutdown timeout reached: cancelling the requests still in flight")
	}
	// No request runs any more (or the ones left are cancelled): Background's context ends,
	// then the function stops.
	cancelRequests()
	if started && fn.Stop != nil {
		if err := runStop(fn, cfg, log, abandoned); err != nil {
			return err
		}
	}
	log.Info("stopped")
	return nil
}
