// Positives: pprof.Labels with an odd number of arguments, so one key has no
// value and the call panics, in every shape a handler or worker takes.
package odd

import (
	"context"
	"runtime/pprof"
)

func singleKeyWithoutValue(ctx context.Context) {
	pprof.Do(ctx, pprof.Labels("tenant"), func(ctx context.Context) { // want "pprof-labels-odd-args"
		_ = work(ctx)
	})
}

func forgottenKeyInFrontOfValue(ctx context.Context, tenant, queue string) {
	pprof.Do(ctx, pprof.Labels("tenant", tenant, queue), func(ctx context.Context) { // want "pprof-labels-odd-args"
		_ = work(ctx)
	})
}

type Importer struct {
	table string
}

func (im *Importer) oddInMethod(ctx context.Context) error {
	labels := pprof.Labels("op", "import", "table", im.table, "shard") // want "pprof-labels-odd-args"
	var err error
	pprof.Do(ctx, labels, func(ctx context.Context) {
		err = work(ctx)
	})
	return err
}

func oddInClosure(tenant string) func(context.Context) {
	return func(ctx context.Context) {
		ctx = pprof.WithLabels(ctx, pprof.Labels("tenant", tenant, "region")) // want "pprof-labels-odd-args"
		pprof.SetGoroutineLabels(ctx)
	}
}

func oddInGoroutine(ctx context.Context, done chan<- error) {
	go func() {
		pprof.Do(ctx, pprof.Labels("worker"), func(ctx context.Context) { // want "pprof-labels-odd-args"
			done <- work(ctx)
		})
	}()
}

func oddBeforeEarlyReturn(ctx context.Context, cached bool) error {
	if cached {
		return nil
	}
	var err error
	pprof.Do(ctx, pprof.Labels("path", "slow", "cache"), func(ctx context.Context) { // want "pprof-labels-odd-args"
		err = work(ctx)
	})
	return err
}

func oddInSwitchBranch(ctx context.Context, mode string) pprof.LabelSet {
	switch mode {
	case "batch":
		return pprof.Labels("mode") // want "pprof-labels-odd-args"
	default:
		return pprof.Labels("mode", mode)
	}
}

func work(ctx context.Context) error { return ctx.Err() }
