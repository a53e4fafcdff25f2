// `defer span.End()` in a loop body: the spans of every iteration stay open
// until the function returns. Shapes: range and three-clause loops, an aliased
// OpenTelemetry import, a tracer field, OpenCensus, OpenTracing's Finish,
// runtime/trace regions, a deferred closure, and a loop inside a goroutine.
package loops

import (
	"context"
	"runtime/trace"

	"github.com/opentracing/opentracing-go"
	"go.opentelemetry.io/otel"
	oteltrace "go.opentelemetry.io/otel/trace"
	census "go.opencensus.io/trace"
)

var tracer = otel.Tracer("loops")

type Worker struct {
	tracer oteltrace.Tracer
}

func rangeLoop(ctx context.Context, items []string) {
	for _, item := range items {
		_, span := tracer.Start(ctx, item)
		defer span.End() // want "span-end-deferred-in-loop"
		process(item)
	}
}

func (w *Worker) threeClause(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		_, span := w.tracer.Start(ctx, "step")
		defer span.End() // want "span-end-deferred-in-loop"
	}
}

func censusLoop(ctx context.Context, items []string) {
	for _, item := range items {
		_, span := census.StartSpan(ctx, item)
		defer span.End() // want "span-end-deferred-in-loop"
	}
}

func openTracingLoop(ctx context.Context, items []string) {
	for _, item := range items {
		span, _ := opentracing.StartSpanFromContext(ctx, item)
		defer span.Finish() // want "span-end-deferred-in-loop"
	}
}

func regionInline(ctx context.Context, items []string) {
	for range items {
		defer trace.StartRegion(ctx, "item").End() // want "span-end-deferred-in-loop"
	}
}

func deferredClosure(ctx context.Context, items []string) {
	for _, item := range items {
		_, span := tracer.Start(ctx, item)
		defer func() { // want "span-end-deferred-in-loop"
			span.End()
		}()
	}
}

func loopInGoroutine(ctx context.Context, jobs <-chan string) {
	go func() {
		for job := range jobs {
			_, span := tracer.Start(ctx, job)
			defer span.End() // want "span-end-deferred-in-loop"
		}
	}()
}

func process(item string) { _ = item }
