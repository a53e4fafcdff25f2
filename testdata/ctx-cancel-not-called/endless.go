// `defer cancel()` inside an endless loop runs only when the function returns: one
// context per iteration, none released. A loop that calls cancel at the end of each
// iteration, or a deferred cancel in a function literal run per iteration, is fine.
package notcalled

import (
	"context"
	"time"
)

func pollForever(parent context.Context, poll func(context.Context) error) {
	for {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
		defer cancel()
		_ = poll(ctx)
	}
}

func pollForeverCancellingEachTurn(parent context.Context, poll func(context.Context) error) {
	for {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		_ = poll(ctx)
		cancel()
	}
}

func pollForeverInALiteral(parent context.Context, poll func(context.Context) error) {
	for {
		func() {
			ctx, cancel := context.WithTimeout(parent, time.Second)
			defer cancel()
			_ = poll(ctx)
		}()
	}
}

func deferOnceOutsideTheLoop(parent context.Context, poll func(context.Context) error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	for {
		if poll(ctx) != nil {
			return
		}
	}
}

func retryUntilItWorks(parent context.Context, poll func(context.Context) error) error {
	for {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		if poll(ctx) == nil {
			return nil
		}
	}
}

// Returning once the parent is done needs no cancel: a cancelled parent has already
// cancelled every context derived from it.
func watchUntilParentDone(ctx context.Context, events <-chan string, aggregate func(context.Context, string)) {
	aggrCtx, aggrCancel := context.WithCancel(ctx)
	for {
		select {
		case e := <-events:
			aggregate(aggrCtx, e)
			aggrCancel()
			aggrCtx, aggrCancel = context.WithCancel(ctx)
		case <-ctx.Done():
			return
		}
	}
}

// The context goes to a goroutine: reported, but `defer cancel()` would cancel the
// goroutine's work when this function returns, so no fix is offered.
func startsWorkThenMayReturn(parent context.Context, work func(context.Context), ok bool) {
	ctx, cancel := context.WithCancel(parent) // want "ctx-cancel-not-called"
	go work(ctx)
	if !ok {
		return
	}
	cancel()
}
