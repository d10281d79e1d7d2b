package fnruntime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// hookResult is what a call of one of the function's hooks came to.
type hookResult struct {
	ok  bool
	err error
}

// call runs hook, one of the function's lifecycle hooks (user code), in a goroutine of its own
// and returns the channel its result arrives on. Whoever waits for it can stop waiting (a
// timeout, a second signal) even if the hook ignores its context; a goroutine left behind
// that way ends with the process. A panic comes back as an error, its stack logged, instead of
// ending the process from a goroutine the user never started.
func call(log *slog.Logger, name string, hook func() (bool, error)) <-chan hookResult {
	c := make(chan hookResult, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				log.Error("function's "+name+" panicked", "panic", v, "stack", string(debug.Stack()))
				c <- hookResult{err: fmt.Errorf("%s panicked: %v", name, v)}
			}
		}()
		ok, err := hook()
		c <- hookResult{ok, err}
	}()
	return c
}

// errShutdownStarted ends the context of a Start still running at the first signal.
var errShutdownStarted = errors.New("shutdown started")

// runStart runs fn.Start with ctx, which end cancels, and waits for it to return within
// cfg.StartTimeout. It reports whether Start returned nil, and returns for Serve to exit on
// Start's error, its panic or its timeout. A shutdown that begins meanwhile (stopping) cancels
// ctx and Start still gets the rest of its time; if it then fails, that is only logged, as
// the process is on its way out anyway.
func runStart(ctx context.Context, end context.CancelCauseFunc, fn Function, cfg Config, log *slog.Logger,
	stopping <-chan struct{}, abandoned context.Context) (started bool, err error) {
	log.Info("starting the function: readiness and requests answer 503 until it has started",
		"start_timeout", cfg.StartTimeout.String())
	began := time.Now()
	done := call(log, "Start", func() (bool, error) { return true, fn.Start(ctx) })
	var timeout <-chan time.Time
	if cfg.StartTimeout > 0 {
		timer := time.NewTimer(cfg.StartTimeout)
		defer timer.Stop()
		timeout = timer.C
	}
	interrupted := false
wait:
	for {
		select {
		case result := <-done:
			err = result.err
			break wait
		case <-timeout:
			err = fmt.Errorf("Start did not return within %s (%sSTART_TIMEOUT)", cfg.StartTimeout, EnvPrefix)
			break wait
		case <-stopping:
			end(errShutdownStarted)
			interrupted, stopping = true, nil
		case <-abandoned.Done():
			return false, errSecondSignal
		}
	}
	took := time.Since(began).Round(time.Millisecond).String()
	if err == nil {
		log.Info("the function has started", "took", took)
		return true, nil
	}
	end(err)
	if interrupted {
		log.Warn("the function did not start before the shutdown", "error", err, "took", took)
		return false, nil
	}
	return false, fmt.Errorf("%w (after %s)", err, took)
}

// runStop runs fn.Stop and waits for it within cfg.StopTimeout, logging how it went. Only a
// second signal ends the wait early: then it returns errSecondSignal.
func runStop(fn Function, cfg Config, log *slog.Logger, abandoned context.Context) error {
	ctx, cancel := context.WithCancel(abandoned)
	defer cancel()
	if cfg.StopTimeout > 0 {
		var cancelTimeout context.CancelFunc
		ctx, cancelTimeout = context.WithTimeoutCause(ctx, cfg.StopTimeout,
			fmt.Errorf("Stop did not return within %s (%sSTOP_TIMEOUT)", cfg.StopTimeout, EnvPrefix))
		defer cancelTimeout()
	}
	began := time.Now()
	select {
	case result := <-call(log, "Stop", func() (bool, error) { return true, fn.Stop(ctx) }):
		took := time.Since(began).Round(time.Millisecond).String()
		if result.err != nil {
			log.Error("the function's Stop failed", "error", result.err, "took", took)
		} else {
			log.Info("the function has stopped", "took", took)
		}
	case <-ctx.Done():
		if abandoned.Err() != nil {
			return errSecondSignal
		}
		log.Warn("stop timeout reached: exiting while the function's Stop still runs", "error", context.Cause(ctx))
	}
	return nil
}
