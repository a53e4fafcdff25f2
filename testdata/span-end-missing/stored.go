// The span travels in a context that is stored for someone else to take up (a
// request field, a map of pending operations): handed off, as `span-discarded`
// also says. A context that is only passed to a call does not hand the span off.
package leaks

import (
	"context"
	"errors"
)

type pendingRequest struct {
	ctx context.Context
}

var inflight = map[string]context.Context{}

func enqueueWithSpanInField(ctx context.Context, r *pendingRequest) {
	spanCtx, span := tracer.Start(ctx, "enqueue")
	span.SetAttributes()
	r.ctx = spanCtx
}

func trackInflight(ctx context.Context, id string) {
	spanCtx, span := tracer.Start(ctx, "inflight")
	span.AddEvent("tracked")
	inflight[id] = spanCtx
}

func enqueueFailsBeforeStoring(ctx context.Context, r *pendingRequest, full bool) error {
	spanCtx, span := tracer.Start(ctx, "enqueue") // want "span-end-missing"
	if full {
		return errors.New("queue full")
	}
	span.AddEvent("queued")
	r.ctx = spanCtx
	return nil
}
