// Positives: the context returned by pprof.WithLabels is dropped, assigned to
// `_`, or kept in a variable that no path uses afterwards, in every shape a
// handler or worker takes.
package unapplied

import (
	"context"
	"runtime/pprof"
)

func droppedAsStatement(ctx context.Context, tenant string) {
	pprof.WithLabels(ctx, pprof.Labels("tenant", tenant)) // want "pprof-withlabels-unapplied"
}

func assignedToBlank(ctx context.Context, tenant string) {
	_ = pprof.WithLabels(ctx, pprof.Labels("tenant", tenant)) // want "pprof-withlabels-unapplied"
}

func parameterReassignedNeverUsed(ctx context.Context, queue string, jobs []func()) {
	ctx = pprof.WithLabels(ctx, pprof.Labels("queue", queue)) // want "pprof-withlabels-unapplied"
	for _, job := range jobs {
		job()
	}
}

type Worker struct {
	name string
	jobs []func()
}

// The deferred call evaluates its argument at once: it restores the old labels
// and never sees the new context.
func (w *Worker) deferredRestoreOnly(ctx context.Context) {
	defer pprof.SetGoroutineLabels(ctx)
	ctx = pprof.WithLabels(ctx, pprof.Labels("worker", w.name)) // want "pprof-withlabels-unapplied"
	for _, job := range w.jobs {
		job()
	}
}

func labelledOnlyOnEarlyReturn(ctx context.Context, failed error) error {
	if failed != nil {
		ctx = pprof.WithLabels(ctx, pprof.Labels("outcome", "error")) // want "pprof-withlabels-unapplied"
		return failed
	}
	return work(ctx)
}

func lostInClosure(ctx context.Context, tenant string) func() error {
	return func() error {
		labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant)) // want "pprof-withlabels-unapplied"
		_ = labelled
		return work(ctx)
	}
}

func lostInGoroutine(ctx context.Context, done chan<- error) {
	go func() {
		pprof.WithLabels(ctx, pprof.Labels("worker", "background")) // want "pprof-withlabels-unapplied"
		done <- work(ctx)
	}()
}

func lostInSwitchBranch(ctx context.Context, mode string) error {
	switch mode {
	case "batch":
		ctx = pprof.WithLabels(ctx, pprof.Labels("mode", mode)) // want "pprof-withlabels-unapplied"
	default:
		return work(ctx)
	}
	return nil
}

func overwrittenBeforeUse(ctx context.Context, tenant string) error {
	labelled := pprof.WithLabels(ctx, pprof.Labels("tenant", tenant)) // want "pprof-withlabels-unapplied"
	labelled = ctx
	return work(labelled)
}

func work(ctx context.Context) error { return ctx.Err() }
