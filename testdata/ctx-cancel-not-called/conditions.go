// Cancel functions called under conditions. One conditional call that falls
// through leaves the other case leaking; calls under two separate conditions
// may cover every case (alternating turns, the two results of a check), which
// the syntax cannot decide, so they stay silent. A deadline that has already
// passed gives a context that is cancelled inside the constructor: its cancel
// function has nothing left to release.
package notcalled

import (
	"context"
	"time"
)

type watcher struct{ active bool }

func (w *watcher) watch(ctx context.Context) { w.active = ctx.Err() == nil }
func (w *watcher) unwatch()                  { w.active = false }

// Positive: only the even turns release their context.
func cancelOnEvenTurnsOnly(w *watcher, turns int) {
	for i := 0; i < turns; i++ {
		ctx, cancel := context.WithCancel(context.Background()) // want "ctx-cancel-not-called"
		w.watch(ctx)
		if i%2 == 0 {
			cancel()
		}
		w.unwatch()
	}
}

// Positive: released only when the call failed; the success path returns holding it.
func cancelOnFailureOnly(parent context.Context, w *watcher) bool {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
	w.watch(ctx)
	if !w.active {
		cancel()
	}
	return w.active
}

// Silent: the even turns cancel before unwatching, the odd ones after.
func alternateCancelOrder(w *watcher, turns int) {
	for i := 0; i < turns; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		w.watch(ctx)
		if i%2 == 0 {
			cancel()
		}
		w.unwatch()
		if i%2 == 1 {
			cancel()
		}
	}
}

// Silent: a switch over an enumeration whose every case releases it.
func releasePerMode(parent context.Context, w *watcher, mode int) {
	ctx, cancel := context.WithCancel(parent)
	w.watch(ctx)
	switch mode {
	case 0:
		cancel()
	case 1:
		w.unwatch()
		cancel()
	}
}

// Silent: the deadline has passed, so the context is already done and released.
func alreadyExpired(w *watcher) {
	ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
	w.watch(ctx)
	if w.active {
		cancel()
	}
}

// Silent: a deadline of now is already past too.
func deadlineNow(w *watcher) bool {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now())
	_ = cancel
	w.watch(ctx)
	return w.active
}
