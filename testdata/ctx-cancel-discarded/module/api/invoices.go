// Contexts derived through the module's own helpers (in another package, resolved
// through go.mod, and in this package): their cancel functions must be kept and called.
package api

import (
	"context"
	"time"

	"example.com/billing/internal/timeouts"
)

func send(ctx context.Context, id string) error {
	_ = id
	return ctx.Err()
}

func withRetryBudget(ctx context.Context, attempts int) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, time.Duration(attempts)*time.Second)
}

func Issue(ctx context.Context, id string) error {
	ctx, _ = timeouts.WithDefault(ctx) // want "ctx-cancel-discarded"
	return send(ctx, id)
}

func Retry(ctx context.Context, id string) error {
	ctx, _ = withRetryBudget(ctx, 3) // want "ctx-cancel-discarded"
	return send(ctx, id)
}

// Near misses.

func Void(ctx context.Context, id string) error {
	ctx, cancel := timeouts.WithDefault(ctx)
	defer cancel()
	return send(ctx, id)
}

func Background(ctx context.Context, id string) error {
	ctx, _ = timeouts.Detached(ctx)
	return send(ctx, id)
}
