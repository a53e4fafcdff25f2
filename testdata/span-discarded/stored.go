// The context that carries the span is stored where someone else takes it up (a
// field of a request, a map of pending operations, a channel): the span travels
// with it and is ended by whoever recovers it. `span-end-missing` agrees.
package discarded

import "context"

type request struct {
	ctx context.Context
	id  string
}

var pending = map[string]context.Context{}

func spanInARequestField(ctx context.Context, r *request) {
	r.ctx, _ = tracer.Start(ctx, "request")
}

func contextStoredInAField(ctx context.Context, r *request) {
	spanCtx, _ := tracer.Start(ctx, "request")
	r.ctx = spanCtx
}

func contextStoredInAMap(ctx context.Context, id string) {
	spanCtx, _ := tracer.Start(ctx, "pending")
	pending[id] = spanCtx
}

func contextInACompositeLiteral(ctx context.Context, queue chan<- *request) {
	spanCtx, _ := tracer.Start(ctx, "queued")
	queue <- &request{ctx: spanCtx, id: "q"}
}

func contextSent(ctx context.Context, out chan<- context.Context) {
	spanCtx, _ := tracer.Start(ctx, "sent")
	out <- spanCtx
}

func contextOnlyPassedToACall(ctx context.Context) error {
	spanCtx, _ := tracer.Start(ctx, "passed") // want "span-discarded"
	return load(spanCtx)
}

type tagKey struct{}

func withTag(ctx context.Context, v string) (context.Context, error) {
	return context.WithValue(ctx, tagKey{}, v), nil
}

// A start helper: the context carrying the span is derived again into the same name,
// then returned; the matching end helper takes the span back out of it.
func startOp(ctx context.Context, name string) context.Context {
	ctx, _ = tracer.Start(ctx, name)
	ctx, err := withTag(ctx, name)
	if err != nil {
		panic(err)
	}
	return context.WithValue(ctx, tagKey{}, "started")
}
