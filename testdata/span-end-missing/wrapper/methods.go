// Tracers and spans reached through the package's own methods: a method that returns
// the tracer (`s.getTracer().Start`), and a wrapper type whose method starts a span
// and returns it (`w.StartSpan`). Their spans must be ended like any other; the near
// misses end them, and an OpenTracing span finished with `FinishWithOptions` is ended.
package wrapper

import (
	"context"
	"errors"

	"github.com/opentracing/opentracing-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

type server struct {
	name string
}

func (s *server) getTracer() trace.Tracer {
	return otel.Tracer(s.name)
}

type spans struct {
	tracer trace.Tracer
}

func (w spans) StartSpan(ctx context.Context, name string) (context.Context, trace.Span) {
	return w.tracer.Start(ctx, name)
}

var errBad = errors.New("bad request")

func (s *server) handle(ctx context.Context, bad bool) error {
	ctx, span := s.getTracer().Start(ctx, "handle") // want "span-end-missing"
	if bad {
		return errBad
	}
	span.End()
	return ctx.Err()
}

func (s *server) handleWrapped(ctx context.Context, w spans, bad bool) error {
	ctx, span := w.StartSpan(ctx, "wrapped") // want "span-end-missing"
	if bad {
		return errBad
	}
	span.End()
	return ctx.Err()
}

// Near misses.

func (s *server) handleDeferred(ctx context.Context) error {
	ctx, span := s.getTracer().Start(ctx, "deferred")
	defer span.End()
	return ctx.Err()
}

func (s *server) handleWrappedDeferred(ctx context.Context, w *spans) error {
	ctx, span := w.StartSpan(ctx, "wrapped-deferred")
	defer span.End()
	return ctx.Err()
}

func finishedWithOptions(tracer opentracing.Tracer) {
	span := tracer.StartSpan("options")
	span.FinishWithOptions(opentracing.FinishOptions{})
}
