// Near misses that must stay silent: the labelled context is passed to
// pprof.SetGoroutineLabels or to any other call, returned, stored, has a
// method called on it, is captured by a closure, or is used on a later
// iteration of a loop, in a case expression or a call that never returns; or
// the finding is suppressed on purpose.
package unapplied

import (
	"context"
	"log"
	"runtime/pprof"
)

func passedToSetGoroutineLabels(ctx context.Context, tenant string) {
	defer pprof.SetGoroutineLabels(ctx)
	ctx = pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	pprof.SetGoroutineLabels(ctx)
}

func setDirectly(ctx context.Context, tenant string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("tenant", tenant)))
}

func usedInCall(ctx context.Context, tenant string) error {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	return work(labelled)
}

func returnedToCaller(ctx context.Context, tenant string) context.Context {
	return pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
}

type Session struct {
	ctx context.Context
}

func (s *Session) storedInField(tenant string) {
	s.ctx = pprof.WithLabels(s.ctx, pprof.Labels("tenant", tenant))
}

func methodCalledOnIt(ctx context.Context, tenant string) <-chan struct{} {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	return labelled.Done()
}

func capturedByGoroutine(ctx context.Context, tenant string, done chan<- error) {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	go func() {
		pprof.SetGoroutineLabels(labelled)
		done <- work(labelled)
	}()
}

func usedAfterBranch(ctx context.Context, tenant string, labelled bool) error {
	if labelled {
		ctx = pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	}
	return work(ctx)
}

func layeredInLoopThenUsed(ctx context.Context, keys []string) {
	for _, key := range keys {
		ctx = pprof.WithLabels(ctx, pprof.Labels("key", key))
	}
	pprof.SetGoroutineLabels(ctx)
}

func namedResult(ctx context.Context, tenant string) (labelled context.Context) {
	labelled = pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	return
}

func copiedThenUsed(ctx context.Context, tenant string) error {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	chosen := labelled
	return work(chosen)
}

func usedInCaseExpression(ctx context.Context, tenant string) bool {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	switch {
	case work(labelled) != nil:
		return false
	default:
		return true
	}
}

func usedByCallThatNeverReturns(ctx context.Context, tenant string) {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
	log.Fatal(work(labelled))
}

func suppressedOnPurpose(ctx context.Context, tenant string) {
	//nolint:pprof-withlabels-unapplied // only checks that the labels are accepted
	pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
}
