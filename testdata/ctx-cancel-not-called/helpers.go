// A package helper that derives a context and returns its cancel function: its
// callers owe the call on every path, as with context.WithTimeout itself.
package notcalled

import (
	"context"
	"errors"
	"time"
)

func withBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 2*time.Second)
}

func helperCancelSkippedOnError(ctx context.Context, id string) error {
	ctx, cancel := withBudget(ctx) // want "ctx-cancel-not-called"
	if id == "" {
		return errors.New("no id")
	}
	defer cancel()
	return ctx.Err()
}

func helperCancelDeferred(ctx context.Context, id string) error {
	ctx, cancel := withBudget(ctx)
	defer cancel()
	if id == "" {
		return errors.New("no id")
	}
	return ctx.Err()
}
