// Package obs builds on the module's tracing package: its starters start nothing
// themselves, they return the span of a tracing starter (a wrapper of a wrapper).
package obs

import (
	"context"

	"example.com/shop/internal/tracing"
	"go.opentelemetry.io/otel/trace"
)

// StartRequest returns the span tracing.Open starts.
func StartRequest(ctx context.Context) (context.Context, trace.Span) {
	return tracing.Open(ctx, "request")
}

// StartIdle returns a span it takes from the context: not a start.
func StartIdle(ctx context.Context) (context.Context, trace.Span) {
	return ctx, trace.SpanFromContext(ctx)
}
