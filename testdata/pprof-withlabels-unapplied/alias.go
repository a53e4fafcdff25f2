// A positive through an aliased import of "runtime/pprof", its silent twin,
// and a package of our own named pprof, which is not runtime/pprof.
package unapplied

import (
	"context"
	rpprof "runtime/pprof"

	pprof "github.com/example/pprof"
)

func lostThroughAlias(ctx context.Context, tenant string) {
	rpprof.WithLabels(ctx, rpprof.Labels("tenant", tenant)) // want "pprof-withlabels-unapplied"
}

func usedThroughAlias(ctx context.Context, tenant string) {
	rpprof.SetGoroutineLabels(rpprof.WithLabels(ctx, rpprof.Labels("tenant", tenant)))
}

func localPackageNamedPprof(ctx context.Context, tenant string) {
	pprof.WithLabels(ctx, pprof.Labels("tenant", tenant))
}
