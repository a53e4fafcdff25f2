// Near misses that must stay silent: the span was started here (from the
// context this function derived), the End is not deferred (finalizer hooks end
// the span a sibling hook started), the variable is reassigned with a span this
// function starts, the span is only read, or SpanFromContext is a local helper.
package foreign

import (
	"context"

	"go.opentelemetry.io/otel"
	oteltrace "go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("foreign")

type spans struct{}

func (spans) SpanFromContext(ctx context.Context) interface{ End() } { return nil }

func startedHereThenFetched(ctx context.Context) error {
	ctx, _ = tracer.Start(ctx, "own")
	span := oteltrace.SpanFromContext(ctx)
	defer span.End()
	return work(ctx)
}

func finalizerHook(ctx context.Context, err error) {
	span := oteltrace.SpanFromContext(ctx)
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

func reassignedWithOwnSpan(ctx context.Context) error {
	span := oteltrace.SpanFromContext(ctx)
	if !span.IsRecording() {
		ctx, span = tracer.Start(ctx, "fallback")
	}
	defer span.End()
	return work(ctx)
}

func onlyReadsTheSpan(ctx context.Context) error {
	span := oteltrace.SpanFromContext(ctx)
	span.AddEvent("working")
	return work(ctx)
}

func localHelperNamedSpanFromContext(ctx context.Context, s spans) {
	span := s.SpanFromContext(ctx)
	defer span.End()
}

func contextReassignedFirst(ctx context.Context) error {
	ctx = oteltrace.ContextWithSpan(ctx, oteltrace.SpanFromContext(ctx))
	span := oteltrace.SpanFromContext(ctx)
	defer span.End()
	return work(ctx)
}
