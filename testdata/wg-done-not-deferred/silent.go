// Near misses: deferred Done, Done on every path before each return, no early
// return at all, a return inside a nested function literal, panics, wg.Go and
// errgroup.
package early

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func deferredDone(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if process(n) != nil {
			return
		}
	}()
	wg.Wait()
}

func doneBeforeEveryReturn(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if process(n) != nil {
			wg.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func noEarlyReturn(items []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for _, item := range items {
			_ = process(item)
		}
		wg.Done()
	}()
	wg.Wait()
}

func returnInNestedLiteral(items []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		check := func(n int) bool {
			return process(n) == nil
		}
		_ = check(len(items))
		wg.Done()
	}()
	wg.Wait()
}

func panicBeforeDone(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if n < 0 {
			panic("negative")
		}
		wg.Done()
	}()
	wg.Wait()
}

func goMethod(n int) {
	var wg sync.WaitGroup
	wg.Go(func() {
		if n < 0 {
			return
		}
		_ = process(n)
	})
	wg.Wait()
}

func errgroupReturns(n int) error {
	var g errgroup.Group
	g.Go(func() error {
		return process(n)
	})
	return g.Wait()
}

// The WaitGroup counts work items, not goroutines: one Done per item, in the loop
// that handles them, where a defer would run once, at the end.
func donePerWorkItem(items []int, work chan int) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	go func() {
		for item := range work {
			if process(item) != nil {
				return
			}
			wg.Done()
		}
	}()
	for _, item := range items {
		work <- item
	}
	wg.Wait()
}
