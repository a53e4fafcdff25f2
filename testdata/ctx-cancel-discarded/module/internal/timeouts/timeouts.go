// Package timeouts derives contexts for the rest of the module: its callers owe the
// cancel functions it returns, as they would for context.WithTimeout.
package timeouts

import (
	"context"
	"time"
)

// WithDefault bounds ctx by the module's default deadline.
func WithDefault(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 5*time.Second)
}

// Detached returns ctx unchanged with a no-op cancel: it derives nothing, so its
// cancel needs no call.
func Detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return ctx, func() {}
}
