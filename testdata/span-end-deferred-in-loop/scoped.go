// Near misses that must stay silent: the defer sits in a function literal each
// iteration calls, the span is ended at the end of the iteration, the defer is
// outside the loop, or the deferred End is on a value that is not a span.
package loops

import (
	"context"
	"time"
)

type stopwatch struct{ start time.Time }

func (s *stopwatch) End() {}

func literalPerIteration(ctx context.Context, items []string) {
	for _, item := range items {
		func() {
			_, span := tracer.Start(ctx, item)
			defer span.End()
			process(item)
		}()
	}
}

func endedPerIteration(ctx context.Context, items []string) {
	for _, item := range items {
		_, span := tracer.Start(ctx, item)
		process(item)
		span.End()
	}
}

func deferOutsideLoop(ctx context.Context, items []string) {
	ctx, span := tracer.Start(ctx, "all")
	defer span.End()
	for _, item := range items {
		_ = ctx
		process(item)
	}
}

func notASpan(items []string) {
	for range items {
		sw := &stopwatch{start: time.Now()}
		defer sw.End()
	}
}

func goroutinePerIteration(ctx context.Context, items []string) {
	for _, item := range items {
		go func(item string) {
			_, span := tracer.Start(ctx, item)
			defer span.End()
			process(item)
		}(item)
	}
}

func namedHelperPerIteration(ctx context.Context, items []string) {
	for _, item := range items {
		handle(ctx, item)
	}
}

func handle(ctx context.Context, item string) {
	_, span := tracer.Start(ctx, item)
	defer span.End()
	process(item)
}
