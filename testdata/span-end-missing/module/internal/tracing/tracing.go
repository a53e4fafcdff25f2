// Package tracing wraps OpenTelemetry for the rest of the module, as services
// often do: the module's other packages start spans only through it.
package tracing

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("shop")

// StartSpan starts a span named name as a child of ctx's span.
func StartSpan(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name)
}

// StartRootSpan returns the span first.
func StartRootSpan(ctx context.Context, name string) (trace.Span, context.Context) {
	ctx, span := tracer.Start(ctx, name, trace.WithNewRoot())
	return span, ctx
}

// Open starts a span; StartOp names it after the operation through Open, with no
// start call of its own: a starter because Open is one.
func Open(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name)
}

func StartOp(ctx context.Context, op string) (context.Context, trace.Span) {
	return Open(ctx, "op."+op)
}

// StartedAt only reads the span a context already carries: not a start.
func StartedAt(ctx context.Context) trace.Span {
	return trace.SpanFromContext(ctx)
}

// StartTimer has nothing to do with spans.
func StartTimer() func() int { return func() int { return 0 } }
