// A goroutine that hands its own WaitGroup to a helper that waits for it: the helper's
// Wait is this goroutine's Wait (the summary of the helper's body says it waits
// whenever it is called).
package deadlock

import "sync"

// waitAll waits first thing: calling it is calling Wait.
func waitAll(wg *sync.WaitGroup, done chan<- struct{}) {
	wg.Wait()
	close(done)
}

// waitUnlessClosed may return before waiting: not a waiter.
func waitUnlessClosed(wg *sync.WaitGroup, closed bool) {
	if closed {
		return
	}
	wg.Wait()
}

type group struct{ wg sync.WaitGroup }

// drain waits for the WaitGroup it is given.
func (g *group) drain(wg *sync.WaitGroup) {
	wg.Wait()
}

func waitThroughHelper(items []int, done chan struct{}) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			process(n)
			waitAll(&wg, done) // want "wg-wait-in-goroutine"
		}(item)
	}
}

func waitThroughMethod(g *group) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		g.drain(&wg) // want "wg-wait-in-goroutine"
	}()
}

// Near misses.

func helperMayReturnFirst(closed bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		waitUnlessClosed(&wg, closed)
	}()
}

func helperWaitsForAnotherGroup(done chan struct{}) {
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		waitAll(&other, done)
	}()
}

func doneBeforeTheHelper(done chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		waitAll(&wg, done)
	}()
}
