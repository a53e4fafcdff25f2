// Positives: the cancel function of a derived context is discarded, in every
// shape a handler or worker takes.
package discarded

import (
	"context"
	"errors"
	"net/http"
	"time"
)

func discardedInPlainFunction(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "ctx-cancel-discarded"
	return work(ctx)
}

type Server struct {
	timeout time.Duration
	base    context.Context
}

func (s *Server) discardedInMethod(w http.ResponseWriter, r *http.Request) {
	var ctx context.Context
	ctx, _ = context.WithDeadline(r.Context(), time.Now().Add(s.timeout)) // want "ctx-cancel-discarded"
	_ = work(ctx)
}

func discardedInClosure(parent context.Context) func() error {
	return func() error {
		ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
		return work(ctx)
	}
}

func discardedInGoroutine(parent context.Context, done chan<- error) {
	go func() {
		ctx, _ := context.WithCancelCause(parent) // want "ctx-cancel-discarded"
		done <- work(ctx)
	}()
}

func discardedBeforeEarlyReturn(parent context.Context, fast bool) error {
	if fast {
		ctx, _ := context.WithTimeout(parent, time.Millisecond) // want "ctx-cancel-discarded"
		return work(ctx)
	}
	return nil
}

func discardedInSwitchBranch(parent context.Context, mode string) error {
	switch mode {
	case "strict":
		ctx, _ := context.WithTimeoutCause(parent, time.Second, errors.New("slow")) // want "ctx-cancel-discarded"
		return work(ctx)
	default:
		return work(parent)
	}
}

func discardedInVarDeclaration(parent context.Context) error {
	var ctx, _ = context.WithDeadlineCause(parent, time.Now().Add(time.Minute), errors.New("late")) // want "ctx-cancel-discarded"
	return work(ctx)
}

func droppedAltogether(parent context.Context) {
	context.WithCancel(parent) // want "ctx-cancel-discarded"
}

func bothResultsBlank(parent context.Context) {
	_, _ = context.WithTimeout(parent, time.Second) // want "ctx-cancel-discarded"
}

func work(ctx context.Context) error { return ctx.Err() }

// The derived context leaves the function: still reported, but no `defer cancel()`
// fix, which would hand the caller (or the goroutine) a cancelled context.
func escapesToTheCaller(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "ctx-cancel-discarded"
	return ctx
}

func escapesIntoAGoroutine(parent context.Context, work func(context.Context)) {
	ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
	go work(ctx)
}

type job struct{ ctx context.Context }

func escapesIntoAStruct(parent context.Context, jobs chan<- job) {
	ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
	jobs <- job{ctx: ctx}
}
