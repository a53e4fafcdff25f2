// Near miss: nothing after t.Skip runs, so an assignment there opens nothing.
package unapplied

import (
	"context"
	"runtime/pprof"
	"testing"
)

func TestLabelledAfterSkip(t *testing.T) {
	t.Skip("flaky on shared runners")
	ctx := context.Background()
	ctx = pprof.WithLabels(ctx, pprof.Labels("test", t.Name()))
	pprof.SetGoroutineLabels(ctx)
}
