// A start/end helper pair: startOp starts a span and returns the context that
// carries it, endOp ends that span. Ending the span of the context it is given is
// endOp's job, not a foreign span being cut short.
package helperpair

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("helperpair")

func startOp(ctx context.Context, name string) context.Context {
	ctx, _ = tracer.Start(ctx, name)
	return ctx
}

func endOp(ctx context.Context, err error) {
	span := trace.SpanFromContext(ctx)
	defer span.End()
	if err != nil {
		span.RecordError(err)
	}
}

func Handle(ctx context.Context) error {
	ctx = startOp(ctx, "handle")
	var err error
	defer func() { endOp(ctx, err) }()
	return err
}
