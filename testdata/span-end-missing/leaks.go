// Spans that some path out of the starting function leaves open: early returns,
// switch and select branches, a span never ended at all, across OpenTelemetry
// (tracers from otel.Tracer, fields, package variables and parameters),
// OpenCensus, OpenTracing and runtime/trace.
package leaks

import (
	"context"
	"errors"
	"runtime/trace"

	"github.com/opentracing/opentracing-go"
	"go.opentelemetry.io/otel"
	oteltrace "go.opentelemetry.io/otel/trace"
	census "go.opencensus.io/trace"
)

var tracer = otel.Tracer("leaks")

type Store struct {
	tracer oteltrace.Tracer
}

func earlyReturnLeaks(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "load") // want "span-end-missing"
	if id == "" {
		return errors.New("empty id")
	}
	err := load(ctx, id)
	span.End()
	return err
}

func (s *Store) methodOnFieldTracer(ctx context.Context, key string) error {
	_, span := s.tracer.Start(ctx, "get") // want "span-end-missing"
	span.SetAttributes()
	if key == "" {
		return nil
	}
	span.End()
	return nil
}

func switchBranchLeaks(ctx context.Context, mode int) {
	ctx, span := otel.Tracer("x").Start(ctx, "mode") // want "span-end-missing"
	switch mode {
	case 0:
		span.End()
	case 1:
		_ = load(ctx, "one")
	default:
		span.End()
	}
}

func selectBranchLeaks(ctx context.Context, results chan error) error {
	_, span := otel.GetTracerProvider().Tracer("x").Start(ctx, "wait") // want "span-end-missing"
	select {
	case err := <-results:
		span.End()
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func neverEnded(ctx context.Context, t oteltrace.Tracer) {
	ctx, span := t.Start(ctx, "never") // want "span-end-missing"
	span.AddEvent("started")
	_ = load(ctx, "x")
}

func openCensusAliased(ctx context.Context) error {
	ctx, span := census.StartSpan(ctx, "census") // want "span-end-missing"
	if err := load(ctx, "y"); err != nil {
		return err
	}
	span.End()
	return nil
}

func openTracingFinishMissing(ctx context.Context) error {
	span, ctx := opentracing.StartSpanFromContext(ctx, "ot") // want "span-end-missing"
	if err := load(ctx, "z"); err != nil {
		return err
	}
	span.Finish()
	return nil
}

func regionNotEnded(ctx context.Context, n int) int {
	region := trace.StartRegion(ctx, "sum") // want "span-end-missing"
	if n < 0 {
		return 0
	}
	region.End()
	return n
}

func taskLeaksInClosure(items []string) {
	process := func(ctx context.Context, item string) error {
		ctx, task := trace.NewTask(ctx, "item") // want "span-end-missing"
		if item == "" {
			return nil
		}
		defer task.End()
		return load(ctx, item)
	}
	_ = process
	_ = items
}

func goroutineLeaks(ctx context.Context, done chan struct{}) {
	go func() {
		_, span := tracer.Start(ctx, "background") // want "span-end-missing"
		span.AddEvent("tick")
		close(done)
	}()
}

func load(ctx context.Context, id string) error {
	_ = ctx
	_ = id
	return nil
}
