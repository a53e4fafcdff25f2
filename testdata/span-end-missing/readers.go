// Spans passed to the package's own helpers. A helper that only reads the span
// (sets attributes, records an error, prints it) does not take it over: the caller
// still owes the End. A helper that ends, stores or passes the span on does.
package leaks

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	oteltrace "go.opentelemetry.io/otel/trace"
)

func annotate(span oteltrace.Span, user string) {
	if span == nil {
		return
	}
	span.SetAttributes(attribute.String("user", user))
	fmt.Printf("annotated %v\n", span)
}

func recordFailure(ctx context.Context, span oteltrace.Span, err error) {
	if err != nil && span.IsRecording() {
		span.RecordError(err)
	}
	_ = ctx
}

func finishSpan(span oteltrace.Span, err error) {
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

var pending []oteltrace.Span

func keep(span oteltrace.Span) {
	pending = append(pending, span)
}

func annotatedOnly(ctx context.Context, user string) error {
	ctx, span := tracer.Start(ctx, "annotated") // want "span-end-missing"
	annotate(span, user)
	return load(ctx, user)
}

func failureRecordedOnly(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "recorded") // want "span-end-missing"
	err := load(ctx, id)
	recordFailure(ctx, span, err)
	return err
}

// Near misses: the helper ends or keeps the span.

func finishedByHelper(ctx context.Context, id string) (err error) {
	ctx, span := tracer.Start(ctx, "finished")
	defer finishSpan(span, err)
	return load(ctx, id)
}

func keptByHelper(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "kept")
	keep(span)
	return load(ctx, id)
}

func annotatedAndEnded(ctx context.Context, user string) error {
	ctx, span := tracer.Start(ctx, "annotated-ended")
	defer span.End()
	annotate(span, user)
	return load(ctx, user)
}
