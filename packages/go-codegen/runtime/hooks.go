package fnruntime

import (
	"fmt"
	"log/slog"
	"runtime/debug"
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
