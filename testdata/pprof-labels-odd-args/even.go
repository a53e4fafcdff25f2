// Near misses that must stay silent: even counts (zero included), a spread
// that cannot be counted, a lone call that may return a key and a value, and a
// finding suppressed on purpose.
package odd

import (
	"context"
	"runtime/pprof"
)

func evenPairs(ctx context.Context, tenant string) {
	pprof.Do(ctx, pprof.Labels("tenant", tenant, "op", "import"), func(ctx context.Context) {
		_ = work(ctx)
	})
}

func emptySet() pprof.LabelSet {
	return pprof.Labels()
}

func spreadArguments(ctx context.Context, kv []string) {
	pprof.Do(ctx, pprof.Labels(kv...), func(ctx context.Context) {
		_ = work(ctx)
	})
}

func spreadOfAppend(kv []string) pprof.LabelSet {
	return pprof.Labels(append(kv, "extra")...)
}

func pair() (string, string) { return "tenant", "acme" }

func loneMultiValueCall() pprof.LabelSet {
	return pprof.Labels(pair())
}

func evenWithComment(tenant string) pprof.LabelSet {
	return pprof.Labels(
		"tenant", tenant,
		// the region is not known yet
	)
}

func suppressedOnPurpose() pprof.LabelSet {
	//nolint:pprof-labels-odd-args // exercises the panic in a test helper
	return pprof.Labels("tenant")
}
