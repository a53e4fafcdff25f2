// Near misses that must stay silent: the span is kept (and ended), only the
// context is discarded, the context carrying the span is returned or stored, or
// the call is not a span start (unknown receiver, SpanFromContext).
package discarded

import (
	"context"
	rtrace "runtime/trace"

	oteltrace "go.opentelemetry.io/otel/trace"
)

type holder struct {
	ctx context.Context
}

type pool struct{}

func (pool) Start(ctx context.Context, name string) (context.Context, error) {
	return ctx, nil
}

func spanKept(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "kept")
	defer span.End()
	return load(ctx)
}

func contextDiscarded(ctx context.Context) {
	_, span := tracer.Start(ctx, "ctx dropped")
	span.End()
}

func contextReturnedCarriesSpan(ctx context.Context) context.Context {
	ctx, _ = tracer.Start(ctx, "carried")
	return ctx
}

func contextStoredCarriesSpan(ctx context.Context, h *holder) {
	h.ctx, _ = tracer.Start(ctx, "stored")
}

func unknownReceiverDropped(ctx context.Context, p pool) {
	p.Start(ctx, "not a tracer")
	_, _ = p.Start(ctx, "still not")
}

func spanFromContextDropped(ctx context.Context) {
	_ = oteltrace.SpanFromContext(ctx)
}

func regionEndedInline(ctx context.Context) {
	defer rtrace.StartRegion(ctx, "inline").End()
}
