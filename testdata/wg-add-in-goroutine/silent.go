// Near misses: Add before the go statement, wg.Go, a goroutine that adds for the
// sub-goroutines it starts itself, a WaitGroup declared inside the goroutine, a
// goroutine that waits on the group itself, errgroup, and Add(-1).
package inside

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func addBeforeGoStatement(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			process(n)
		}(item)
	}
	wg.Wait()
}

func goMethodAddsByConstruction(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Go(func() {
			wg.Add(1)
			defer wg.Done()
			process(item)
		})
	}
	wg.Wait()
}

func addForOwnSubGoroutines(groups [][]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, group := range groups {
			wg.Add(1)
			go func(g []int) {
				defer wg.Done()
				process(len(g))
			}(group)
		}
	}()
	wg.Wait()
}

func waitGroupDeclaredInsideGoroutine(done chan<- struct{}) {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1)
		defer wg.Done()
		done <- struct{}{}
	}()
}

func goroutineThatWaitsForItsOwnAdds(items []int, done chan<- struct{}) {
	var wg sync.WaitGroup
	go func() {
		wg.Add(len(items))
		for range items {
			wg.Done()
		}
		wg.Wait()
		done <- struct{}{}
	}()
}

func errgroupIsNotAWaitGroup(items []int) error {
	var g errgroup.Group
	for _, item := range items {
		g.Go(func() error {
			process(item)
			return nil
		})
	}
	return g.Wait()
}

func addMinusOneInsideGoroutine(wg *sync.WaitGroup) {
	go func() {
		defer wg.Done()
		wg.Add(-1)
	}()
}
