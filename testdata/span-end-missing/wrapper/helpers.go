// A package's own span starter: startOp starts a span and returns it with its
// context. Its callers must end the span; a helper that only takes the span from
// the context (currentSpan) starts nothing, and its callers owe nothing.
package wrapper

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("wrapper")

func startOp(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name)
}

func currentSpan(ctx context.Context) trace.Span {
	return trace.SpanFromContext(ctx)
}

func lookupLeaks(ctx context.Context, key string) error {
	ctx, span := startOp(ctx, "lookup") // want "span-end-missing"
	if key == "" {
		return errors.New("empty key")
	}
	span.End()
	return ctx.Err()
}

func lookupEnds(ctx context.Context) error {
	ctx, span := startOp(ctx, "lookup")
	defer span.End()
	return ctx.Err()
}

func lookupDiscards(ctx context.Context) error {
	ctx, _ = startOp(ctx, "lookup") // want "span-discarded"
	return ctx.Err()
}

func annotateOnly(ctx context.Context) {
	span := currentSpan(ctx)
	span.AddEvent("seen")
}

func handsTheSpanBack(ctx context.Context) (context.Context, trace.Span) {
	ctx, span := startOp(ctx, "nested")
	return ctx, span
}
