// A package of its own named trace, and a Start method on a type that is not a
// tracer: nothing here is a span start.
package localtrace

import "context"

type Tracer struct{}

func (Tracer) Start(ctx context.Context, name string) (context.Context, func()) {
	return ctx, func() {}
}

func StartRegion(ctx context.Context, name string) func() { return func() {} }

func localTracerIsNotOtel(ctx context.Context, t Tracer) {
	ctx, end := t.Start(ctx, "local")
	_ = ctx
	_ = end
	_ = StartRegion(ctx, "local")
}
