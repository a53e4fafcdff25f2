// A positive through an aliased import of "runtime/pprof", and its silent twin.
package unapplied

import (
	"context"
	rpprof "runtime/pprof"
)

func lostThroughAlias(ctx context.Context, tenant string) error {
	labels := rpprof.Labels("tenant", tenant) // want "pprof-labels-unapplied"
	_ = labels
	return work(ctx)
}

func appliedThroughAlias(ctx context.Context, tenant string) {
	rpprof.Do(ctx, rpprof.Labels("tenant", tenant), func(ctx context.Context) {
		_ = work(ctx)
	})
}
