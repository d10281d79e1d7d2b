package fnruntime

import (
	"context"
	"log/slog"
)

type loggerKey struct{}

func withLogger(ctx context.Context, log *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, log)
}

// Logger is the runtime's logger (its format, level and output) as every request's context and
// Background's carry it, for adapters that log about the function, e.g. an error it returned.
// Without it, slog's default logger.
func Logger(ctx context.Context) *slog.Logger {
	if log, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return log
	}
	return slog.Default()
}
