// Near misses that must stay silent: the label set reaches pprof.Do or
// pprof.WithLabels (directly, through variables, in a goroutine, through a
// helper), or leaves the function (returned, stored, sent, appended, passed to
// an unknown function), or pprof is a local variable that shadows the package,
// or the finding is suppressed on purpose.
package unapplied

import (
	"context"
	"log"
	"runtime/pprof"
)

func appliedDirectlyWithDo(ctx context.Context, tenant string) error {
	var err error
	pprof.Do(ctx, pprof.Labels("tenant", tenant), func(ctx context.Context) {
		err = work(ctx)
	})
	return err
}

func appliedThroughVariableToWithLabels(ctx context.Context, tenant string) error {
	labels := pprof.Labels("tenant", tenant)
	ctx = pprof.WithLabels(ctx, labels)
	pprof.SetGoroutineLabels(ctx)
	return work(ctx)
}

func loggedAndApplied(ctx context.Context, tenant string) error {
	labels := pprof.Labels("tenant", tenant)
	log.Printf("profiling with %v", labels)
	var err error
	pprof.Do(ctx, labels, func(ctx context.Context) {
		err = work(ctx)
	})
	return err
}

func appliedThroughCopy(ctx context.Context, tenant string) error {
	labels := pprof.Labels("tenant", tenant)
	chosen := labels
	var err error
	pprof.Do(ctx, chosen, func(ctx context.Context) {
		err = work(ctx)
	})
	return err
}

func appliedInGoroutine(ctx context.Context, done chan<- error) {
	labels := pprof.Labels("worker", "background")
	go func() {
		pprof.Do(ctx, labels, func(ctx context.Context) {
			done <- work(ctx)
		})
	}()
}

func appliedOnNextIteration(ctx context.Context, jobs []string) {
	var labels pprof.LabelSet
	for i, job := range jobs {
		if i > 0 {
			pprof.Do(ctx, labels, func(ctx context.Context) {
				_ = work(ctx)
			})
		}
		labels = pprof.Labels("job", job)
	}
}

// labelsFor builds the labels for its caller, which applies them.
func labelsFor(tenant string) pprof.LabelSet {
	return pprof.Labels("tenant", tenant)
}

func calledIntoDo(ctx context.Context, tenant string) {
	pprof.Do(ctx, labelsFor(tenant), func(ctx context.Context) {
		_ = work(ctx)
	})
}

func namedResult(tenant string) (labels pprof.LabelSet) {
	labels = pprof.Labels("tenant", tenant)
	return
}

type Job struct {
	labels pprof.LabelSet
}

func (j *Job) storedInField(tenant string) {
	j.labels = pprof.Labels("tenant", tenant)
}

func storedInStructLiteral(tenant string) *Job {
	return &Job{labels: pprof.Labels("tenant", tenant)}
}

func sentOnChannel(out chan<- pprof.LabelSet, tenant string) {
	out <- pprof.Labels("tenant", tenant)
}

func appendedToSlice(tenants []string) []pprof.LabelSet {
	var sets []pprof.LabelSet
	for _, tenant := range tenants {
		sets = append(sets, pprof.Labels("tenant", tenant))
	}
	return sets
}

// applyLabels is a function of the package that passes its parameter into Do.
func applyLabels(ctx context.Context, labels pprof.LabelSet, f func(context.Context)) {
	pprof.Do(ctx, labels, f)
}

func passedToPackageHelper(ctx context.Context, tenant string) {
	labels := pprof.Labels("tenant", tenant)
	applyLabels(ctx, labels, func(ctx context.Context) {
		_ = work(ctx)
	})
}

var defaultLabels = pprof.Labels("component", "importer")

func packageVariableApplied(ctx context.Context) {
	pprof.Do(ctx, defaultLabels, func(ctx context.Context) {
		_ = work(ctx)
	})
}

func suppressedOnPurpose(tenant string) {
	//nolint:pprof-labels-unapplied // building the set only checks the keys here
	pprof.Labels("tenant", tenant)
}

type labeler struct{}

func (labeler) Labels(kv ...string) []string { return kv }

func shadowedByLocalVariable() {
	pprof := labeler{}
	pprof.Labels("tenant", "acme")
}
