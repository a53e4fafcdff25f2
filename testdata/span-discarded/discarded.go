// Spans that can never be ended: the span result assigned to `_`, or the whole
// call dropped as a statement, across OpenTelemetry, OpenCensus, OpenTracing
// and runtime/trace, with aliased imports, fields, closures and goroutines.
package discarded

import (
	"context"
	rtrace "runtime/trace"

	"github.com/opentracing/opentracing-go"
	"go.opentelemetry.io/otel"
	oteltrace "go.opentelemetry.io/otel/trace"
	"go.opencensus.io/trace"
)

var tracer = otel.Tracer("discarded")

type Service struct {
	tracer oteltrace.Tracer
}

func blankSpan(ctx context.Context) error {
	ctx, _ = tracer.Start(ctx, "blank") // want "span-discarded"
	return load(ctx)
}

func (s *Service) droppedCall(ctx context.Context) {
	s.tracer.Start(ctx, "dropped") // want "span-discarded"
}

func censusBlank(ctx context.Context) error {
	ctx, _ = trace.StartSpan(ctx, "census") // want "span-discarded"
	return load(ctx)
}

func openTracingBlank(ctx context.Context) error {
	_, ctx = opentracing.StartSpanFromContext(ctx, "ot") // want "span-discarded"
	return load(ctx)
}

func regionDropped(ctx context.Context) {
	rtrace.StartRegion(ctx, "region") // want "span-discarded"
}

func taskInClosure(items []string) {
	each := func(ctx context.Context, item string) error {
		ctx, _ = rtrace.NewTask(ctx, item) // want "span-discarded"
		return load(ctx)
	}
	_ = each
}

func inGoroutine(ctx context.Context) {
	go func() {
		var _ = opentracing.GlobalTracer().StartSpan("global") // want "span-discarded"
	}()
}

func load(ctx context.Context) error {
	_ = ctx
	return nil
}
