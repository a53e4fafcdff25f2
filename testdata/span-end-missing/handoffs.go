// Near misses that must stay silent: the span is ended on every path (deferred,
// in a deferred closure, on each branch), or it leaves the function (returned,
// stored, passed to a helper, sent, ended in a goroutine, carried by a returned
// context), a path ends in panic or os.Exit, or the receiver of Start is not a
// known tracer.
package leaks

import (
	"context"
	"log"
	"os"
	"runtime/trace"

	"github.com/opentracing/opentracing-go"
	oteltrace "go.opentelemetry.io/otel/trace"
)

type Job struct {
	span oteltrace.Span
}

type runner struct{}

func (runner) Start(ctx context.Context, name string) (context.Context, func()) {
	return ctx, func() {}
}

func deferredEnd(ctx context.Context, id string) error {
	ctx, span := tracer.Start(ctx, "deferred")
	defer span.End()
	if id == "" {
		return nil
	}
	return load(ctx, id)
}

func deferredClosureEnds(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "closure")
	defer func() {
		if err != nil {
			span.RecordError(err)
		}
		span.End()
	}()
	return load(ctx, "a")
}

func endedOnEveryBranch(ctx context.Context, mode int) error {
	ctx, span := tracer.Start(ctx, "branches")
	switch mode {
	case 0:
		span.End()
		return nil
	default:
		err := load(ctx, "b")
		span.End()
		return err
	}
}

func returnedToCaller(ctx context.Context) (context.Context, oteltrace.Span) {
	ctx, span := tracer.Start(ctx, "returned")
	return ctx, span
}

func contextReturned(ctx context.Context) context.Context {
	ctx, span := tracer.Start(ctx, "carried")
	span.AddEvent("started")
	return ctx
}

func storedInStruct(ctx context.Context, job *Job) {
	_, span := tracer.Start(ctx, "stored")
	job.span = span
}

func passedToHelper(ctx context.Context) (err error) {
	ctx, span := tracer.Start(ctx, "helper")
	defer finish(span, &err)
	return load(ctx, "c")
}

func sentOnChannel(ctx context.Context, spans chan<- oteltrace.Span) {
	_, span := tracer.Start(ctx, "sent")
	spans <- span
}

func endedInGoroutine(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "async")
	go func() {
		defer span.End()
		_ = load(ctx, "d")
	}()
}

func panicPathNeedsNothing(ctx context.Context, id string) {
	_, span := tracer.Start(ctx, "panics")
	if id == "" {
		panic("empty id")
	}
	if id == "exit" {
		os.Exit(1)
	}
	if id == "fatal" {
		log.Fatal("fatal")
	}
	span.End()
}

func unknownReceiver(ctx context.Context, r runner) {
	ctx, stop := r.Start(ctx, "not a tracer")
	_ = ctx
	_ = stop
}

func regionDeferredInline(ctx context.Context) {
	defer trace.StartRegion(ctx, "inline").End()
	_ = load(ctx, "e")
}

func openTracingFinished(ctx context.Context) error {
	span, ctx := opentracing.StartSpanFromContext(ctx, "ot")
	defer span.Finish()
	return load(ctx, "f")
}

func guardedByNil(ctx context.Context) {
	_, span := tracer.Start(ctx, "guarded")
	if span != nil {
		span.End()
	}
}

func capturedBeforeStart(ctx context.Context) {
	var span oteltrace.Span
	defer func() { span.End() }()
	ctx, span = tracer.Start(ctx, "late")
	_ = load(ctx, "g")
}

func cleanupHandsOff(ctx context.Context, register func(func(...oteltrace.SpanEndOption))) {
	_, span := tracer.Start(ctx, "cleanup")
	register(span.End)
}

func finish(span oteltrace.Span, err *error) {
	if *err != nil {
		span.RecordError(*err)
	}
	span.End()
}

func derivedContextReturned(ctx context.Context, key, value string) context.Context {
	ctx, span := tracer.Start(ctx, "tagged")
	span.AddEvent("tagged")
	return withValue(ctx, key, value)
}

func withValue(ctx context.Context, key, value string) context.Context {
	return context.WithValue(ctx, key, value)
}
