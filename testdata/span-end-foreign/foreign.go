// A deferred End on a span taken from the context the function was given: the
// caller's span is cut short. OpenTelemetry (aliased too), OpenCensus,
// OpenTracing, an http handler's r.Context(), a method, a deferred closure and
// a goroutine body.
package foreign

import (
	"context"
	"net/http"

	"github.com/opentracing/opentracing-go"
	oteltrace "go.opentelemetry.io/otel/trace"
	"go.opencensus.io/trace"
)

type Repo struct{}

func endsCallersSpan(ctx context.Context) error {
	span := oteltrace.SpanFromContext(ctx)
	defer span.End() // want "span-end-foreign"
	return work(ctx)
}

func (r *Repo) methodEndsCallersSpan(ctx context.Context, id string) error {
	span := oteltrace.SpanFromContext(ctx)
	span.SetAttributes()
	defer span.End() // want "span-end-foreign"
	return work(ctx)
}

func handlerEndsRequestSpan(w http.ResponseWriter, r *http.Request) {
	span := oteltrace.SpanFromContext(r.Context())
	defer span.End() // want "span-end-foreign"
	w.WriteHeader(http.StatusOK)
}

func inlineDeferred(ctx context.Context) error {
	defer oteltrace.SpanFromContext(ctx).End() // want "span-end-foreign"
	return work(ctx)
}

func censusFromContext(ctx context.Context) error {
	span := trace.FromContext(ctx)
	defer func() {
		span.End() // want "span-end-foreign"
	}()
	return work(ctx)
}

func openTracingFinish(ctx context.Context) error {
	span := opentracing.SpanFromContext(ctx)
	defer span.Finish() // want "span-end-foreign"
	return work(ctx)
}

func goroutineBody(ctx context.Context, done chan<- struct{}) {
	go func(ctx context.Context) {
		span := oteltrace.SpanFromContext(ctx)
		defer span.End() // want "span-end-foreign"
		close(done)
	}(ctx)
}

func work(ctx context.Context) error {
	_ = ctx
	return nil
}
