// Near misses: a closer goroutine that waits without being counted, Done before
// Wait, a WaitGroup declared inside the goroutine, a different WaitGroup, wg.Go,
// and errgroup.
package deadlock

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func closerGoroutineWaits(items []int, results chan int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- n
		}(item)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
}

func doneBeforeWait(ready *sync.WaitGroup) {
	ready.Add(1)
	go func() {
		ready.Done()
		ready.Wait()
	}()
}

func groupDeclaredInsideGoroutine(items []int) {
	go func() {
		var wg sync.WaitGroup
		for range items {
			wg.Add(1)
			go func() {
				defer wg.Done()
			}()
		}
		wg.Wait()
	}()
}

func waitsOnAnotherGroup(first, second *sync.WaitGroup) {
	second.Add(1)
	go func() {
		defer second.Done()
		first.Wait()
	}()
}

func goMethodBody(wg *sync.WaitGroup) {
	wg.Go(func() {
		process(1)
	})
	wg.Wait()
}

func errgroupWaitInGoroutine(done chan<- error) {
	var g errgroup.Group
	g.Go(func() error { return nil })
	go func() {
		done <- g.Wait()
	}()
}
