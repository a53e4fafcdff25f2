// Near misses that must stay silent: the cancel function is kept, the blank
// is on the context, the call is not the context package's, or the finding is
// suppressed on purpose.
package discarded

import (
	"context"
	"time"
)

func keptAndDeferred(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return work(ctx)
}

func contextDiscardedCancelKept(parent context.Context) context.CancelFunc {
	_, cancel := context.WithCancel(parent)
	return cancel
}

type Worker struct {
	cancel context.CancelFunc
}

func (w *Worker) cancelStoredInField(parent context.Context) context.Context {
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(parent)
	return ctx
}

type limiter struct{}

func (limiter) WithCancel(ctx context.Context) (context.Context, func()) { return ctx, func() {} }

func methodNamedLikeTheConstructor(parent context.Context, l limiter) error {
	ctx, _ := l.WithCancel(parent)
	return work(ctx)
}

type fakeContext struct{}

func (fakeContext) WithTimeout(d time.Duration) (int, func()) { return 0, func() {} }

func parameterShadowsThePackage(context fakeContext) int {
	n, _ := context.WithTimeout(time.Second)
	return n
}

func noCancelFunctionToLose(parent context.Context) error {
	ctx := context.WithValue(parent, key{}, 1)
	return work(context.WithoutCancel(ctx))
}

type key struct{}

func suppressedOnPurpose(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discarded // the process exits right after
	return work(ctx)
}
