// Local closures: where their body runs is where they are called. A closure that
// is only ever called once the context is done (the final flush of a loop that
// ends on ctx.Done()) or from a goroutine nobody waits for needs a context of its
// own; one called on the normal path runs within the call and should use ctx.
package detached

import (
	"context"
	"time"
)

type batcher struct {
	input chan string
	stop  chan struct{}
	batch []string
}

func (b *batcher) flush(ctx context.Context) error {
	_ = ctx
	b.batch = b.batch[:0]
	return nil
}

// Silent: shutdown runs after ctx is done, or from the detached loop on stop.
func (b *batcher) run(ctx context.Context) {
	ticker := time.NewTicker(time.Second)
	shutdown := func() {
		final, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.flush(final)
	}
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-b.stop:
				shutdown()
				return
			case <-ctx.Done():
				shutdown()
				return
			case <-ticker.C:
				_ = b.flush(ctx)
			}
		}
	}()
}

// Silent: the only call is in the ctx.Done() case.
func (b *batcher) drainOnCancel(ctx context.Context) {
	drain := func() {
		_ = b.flush(context.Background())
	}
	for {
		select {
		case s := <-b.input:
			b.batch = append(b.batch, s)
		case <-ctx.Done():
			drain()
			return
		}
	}
}

// Positive: the closure is also called on the normal path, within the request.
func (b *batcher) flushEachTurn(ctx context.Context) {
	flushNow := func() {
		_ = b.flush(context.Background()) // want "ctx-background-in-scope"
	}
	for {
		select {
		case s := <-b.input:
			b.batch = append(b.batch, s)
			flushNow()
		case <-ctx.Done():
			flushNow()
			return
		}
	}
}

// Positive: called once, right away.
func (b *batcher) flushOnce(ctx context.Context) error {
	send := func() error {
		return b.flush(context.TODO()) // want "ctx-background-in-scope"
	}
	return send()
}
