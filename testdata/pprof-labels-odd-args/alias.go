// A positive through an aliased import of "runtime/pprof" and its silent twin.
package odd

import (
	"context"
	rpprof "runtime/pprof"
)

func oddThroughAlias(ctx context.Context) {
	rpprof.Do(ctx, rpprof.Labels("tenant"), func(ctx context.Context) { // want "pprof-labels-odd-args"
		_ = work(ctx)
	})
}

func evenThroughAlias(ctx context.Context) {
	rpprof.Do(ctx, rpprof.Labels("tenant", "acme"), func(ctx context.Context) {
		_ = work(ctx)
	})
}
