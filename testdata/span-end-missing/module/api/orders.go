// Spans started through the module's own tracing package (resolved through
// go.mod's module path) must be ended like any other.
package api

import (
	"context"
	"errors"

	"example.com/shop/internal/obs"
	"example.com/shop/internal/tracing"
)

var errEmpty = errors.New("empty order")

func validate(ctx context.Context, items []string) error {
	if len(items) == 0 {
		return errEmpty
	}
	return ctx.Err()
}

// Positive: the error return leaves the span open.
func PlaceOrder(ctx context.Context, items []string) error {
	ctx, span := tracing.StartSpan(ctx, "PlaceOrder") // want "span-end-missing"
	if err := validate(ctx, items); err != nil {
		return err
	}
	span.End()
	return nil
}

// Positive: the span-first wrapper, never ended.
func Refund(ctx context.Context, items []string) error {
	span, ctx := tracing.StartRootSpan(ctx, "Refund") // want "span-end-missing"
	span.AddEvent("refund")
	return validate(ctx, items)
}

// Silent: ended on every path.
func Cancel(ctx context.Context, items []string) error {
	ctx, span := tracing.StartSpan(ctx, "Cancel")
	defer span.End()
	return validate(ctx, items)
}

// Silent: a span read from the context is the caller's to end.
func Annotate(ctx context.Context) {
	span := tracing.StartedAt(ctx)
	span.AddEvent("annotated")
}

// Silent: not a span at all.
func Measure() int {
	stop := tracing.StartTimer()
	return stop()
}

// Silent: handed back to the caller.
func Begin(ctx context.Context) (context.Context, func()) {
	ctx, span := tracing.StartSpan(ctx, "Begin")
	return ctx, func() { span.End() }
}

// Positive: a wrapper of a wrapper in the same package of the module.
func Ship(ctx context.Context, items []string) error {
	ctx, span := tracing.StartOp(ctx, "ship") // want "span-end-missing"
	if err := validate(ctx, items); err != nil {
		return err
	}
	span.End()
	return nil
}

// Positive: a wrapper in another package around the tracing package's starter.
func Track(ctx context.Context) {
	_, span := obs.StartRequest(ctx) // want "span-end-missing"
	span.AddEvent("tracked")
}

// Silent: the same wrapper, ended.
func Trace(ctx context.Context) {
	_, span := obs.StartRequest(ctx)
	defer span.End()
}

// Silent: a span taken from the context is the caller's.
func Idle(ctx context.Context) {
	_, span := obs.StartIdle(ctx)
	span.AddEvent("idle")
}
