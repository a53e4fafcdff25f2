// Positives: label sets built by pprof.Labels that never reach pprof.Do or
// pprof.WithLabels (dropped, assigned to `_`, only logged, or kept in locals
// that go nowhere), in every shape a handler or worker takes.
package unapplied

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"runtime/pprof"
)

func droppedAsStatement(tenant string) {
	pprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
}

func assignedToBlank(tenant string) {
	_ = pprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
}

func passedStraightToLogger(tenant string) {
	log.Printf("labels: %v", pprof.Labels("tenant", tenant)) // want "pprof-labels-unapplied"
}

func keptButOnlyPrinted(ctx context.Context, tenant string) error {
	labels := pprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
	fmt.Println("profiling with", labels)
	return work(ctx)
}

type Importer struct {
	logger *log.Logger
}

func (im *Importer) onlyLoggedInMethod(ctx context.Context, table string) error {
	labels := pprof.Labels("table", table) // want "pprof-labels-unapplied"
	im.logger.Printf("importing %s with %v", table, labels)
	return work(ctx)
}

func lostInClosure(ctx context.Context, jobs []string) func() error {
	return func() error {
		for _, job := range jobs {
			labels := pprof.Labels("job", job) // want "pprof-labels-unapplied"
			_ = labels
		}
		return work(ctx)
	}
}

func lostInGoroutine(ctx context.Context, done chan<- error) {
	go func() {
		pprof.Labels("worker", "background") // want "pprof-labels-unapplied"
		done <- work(ctx)
	}()
}

func lostBeforeEarlyReturn(ctx context.Context, cached bool) error {
	if cached {
		pprof.Labels("path", "cached") // want "pprof-labels-unapplied"
		return nil
	}
	var err error
	pprof.Do(ctx, pprof.Labels("path", "slow"), func(ctx context.Context) {
		err = work(ctx)
	})
	return err
}

func lostInSwitchBranch(ctx context.Context, mode string) error {
	switch mode {
	case "batch":
		labels := pprof.Labels("mode", mode) // want "pprof-labels-unapplied"
		slog.Info("running", "labels", labels)
		return work(ctx)
	default:
		var err error
		pprof.Do(ctx, pprof.Labels("mode", mode), func(ctx context.Context) {
			err = work(ctx)
		})
		return err
	}
}

func lostThroughCopy(tenant string) {
	labels := pprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
	copied := labels
	log.Print(copied)
}

func parameterOverwrittenNeverApplied(ctx context.Context, labels pprof.LabelSet, tenant string) error {
	labels = pprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
	return work(ctx)
}

func declaredWithVar(ctx context.Context, region string) error {
	var labels = pprof.Labels("region", region) // want "pprof-labels-unapplied"
	if err := work(ctx); err != nil {
		return fmt.Errorf("with %v: %w", labels, err)
	}
	return nil
}

func work(ctx context.Context) error { return ctx.Err() }
