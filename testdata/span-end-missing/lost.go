// Spans lost in ways other than an early return: only printed or blanked, overwritten
// by a second start into the same variable, ended only under a condition in a deferred
// function. The near misses below must stay silent: a second start after the first
// span's End was deferred, a deferred End guarded by a flag the body sets when it ends
// the span itself, a guard on the span itself, and a deferred function that ends the
// span on every path (recover and re-panic included).
package leaks

import (
	"context"
	"fmt"
	"log"

	census "go.opencensus.io/trace"
)

func onlyPrinted(ctx context.Context) {
	_, span := tracer.Start(ctx, "printed") // want "span-end-missing"
	fmt.Println("started", span)
}

func onlyLogged(ctx context.Context, id string) {
	ctx, span := tracer.Start(ctx, "logged") // want "span-end-missing"
	log.Printf("span %v for %s", span, id)
	_ = load(ctx, id)
}

func blanked(ctx context.Context, parent census.SpanContext) {
	_, span := census.StartSpanWithRemoteParent(ctx, "remote", parent) // want "span-end-missing"
	_ = span
}

func declaredWithVar(ctx context.Context) {
	var _, span = tracer.Start(ctx, "var") // want "span-end-missing"
	span.AddEvent("x")
}

func overwrittenBeforeEnd(ctx context.Context, ids []string) error {
	ctx, span := tracer.Start(ctx, "first") // want "span-end-missing"
	if len(ids) == 0 {
		span.End()
		return nil
	}
	ctx, span = tracer.Start(ctx, "second")
	defer span.End()
	return load(ctx, ids[0])
}

func endedOnlyOnError(ctx context.Context, id string) (err error) {
	ctx, span := tracer.Start(ctx, "on-error") // want "span-end-missing"
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.End()
		}
	}()
	return load(ctx, id)
}

func goroutineEndsOnlySometimes(ctx context.Context, results <-chan error) {
	_, span := tracer.Start(ctx, "async") // want "span-end-missing"
	go func() {
		if err := <-results; err == nil {
			span.End()
		}
	}()
}

// Near misses.

func secondStartAfterDeferredEnd(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "outer")
	defer span.End()
	_, span = tracer.Start(ctx, "inner")
	defer span.End()
}

func reusedInLoop(ctx context.Context, ids []string) {
	for _, id := range ids {
		_, span := tracer.Start(ctx, id)
		span.End()
	}
}

func flagGuardsTheDeferredEnd(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "flag")
	ended := false
	defer func() {
		if !ended {
			span.End()
		}
	}()
	if err := load(ctx, id); err != nil {
		return err
	}
	span.End()
	ended = true
	return nil
}

func guardedByTheSpan(ctx context.Context) {
	_, span := tracer.Start(ctx, "guard")
	defer func() {
		if span.IsRecording() {
			span.End()
		}
	}()
}

func deferredEndsOnEveryPath(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "recover")
	defer func() {
		if r := recover(); r != nil {
			span.End()
			panic(r)
		}
		span.End()
	}()
	return load(ctx, id)
}

func printedThenEnded(ctx context.Context) {
	_, span := tracer.Start(ctx, "printed-ended")
	fmt.Println(span)
	span.End()
}
