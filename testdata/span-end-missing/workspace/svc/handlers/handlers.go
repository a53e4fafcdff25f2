// Spans started through a helper of another module of the workspace (go.work):
// the helper's Datadog span must be finished like one from tracer.StartSpan.
package handlers

import (
	"context"
	"errors"

	"example.com/lib/ddspan"
)

var errMissing = errors.New("missing")

func lookup(ctx context.Context, key string) error {
	if key == "" {
		return errMissing
	}
	return ctx.Err()
}

// Positive: the early return leaves the span unfinished.
func Get(ctx context.Context, key string) error {
	span, ctx := ddspan.Start(ctx, "get") // want "span-end-missing"
	if err := lookup(ctx, key); err != nil {
		return err
	}
	span.Finish()
	return nil
}

// Near miss: the workspace's own finish helper takes the span.
func Put(ctx context.Context, key string) (err error) {
	span, ctx := ddspan.Start(ctx, "put")
	defer func() { ddspan.Finish(span, err) }()
	return lookup(ctx, key)
}

// Near miss: finished on every path.
func Delete(ctx context.Context, key string) error {
	span, ctx := ddspan.Start(ctx, "delete")
	defer span.Finish()
	return lookup(ctx, key)
}
