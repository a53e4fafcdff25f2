// Near misses: Add(-1) (exactly Done), positive or non-constant counts, Add on
// values that are not WaitGroups, and an embedded WaitGroup whose Add is shadowed.
package nonpositive

import (
	"sync"
	"time"
)

// WaitGroup is this package's own type, not sync's.
type WaitGroup struct{ n int }

func (w *WaitGroup) Add(n int) { w.n += n }

type counter struct {
	sync.WaitGroup
}

// Add shadows the embedded WaitGroup's method.
func (c *counter) Add(n int) {}

func addMinusOneSettlesLikeDone(wg *sync.WaitGroup) {
	wg.Add(-1)
}

func addOnePerWorker(wg *sync.WaitGroup, workers int) {
	wg.Add(1)
	wg.Add(workers)
	wg.Add(-workers)
}

func addZeroOnOwnType() {
	var w WaitGroup
	w.Add(0)
}

func addZeroOnShadowingMethod(c *counter) {
	c.Add(0)
}

func addZeroDurationToTime(t time.Time) time.Time {
	return t.Add(0)
}

func goOnWaitGroup(wg *sync.WaitGroup, job func()) {
	wg.Go(job)
	wg.Wait()
}

// Add(0) with no goroutine after it is a no-op, harmless and sometimes written on
// purpose; only a count meant for a goroutine is missing.
func addZeroAlone(wg *sync.WaitGroup) {
	wg.Add(0)
	wg.Wait()
}
