// Positives: Add inside the goroutine it accounts for, wherever it sits on the
// path before the goroutine's Done, not only as its first statement.
package inside

import (
	"errors"
	"sync"
)

type server struct {
	wg   sync.WaitGroup
	jobs chan int
}

func addAsFirstStatement(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		go func(n int) {
			wg.Add(1) // want "wg-add-in-goroutine"
			defer wg.Done()
			process(n)
		}(item)
	}
	wg.Wait()
}

func addAfterDeferredDone(items []int) {
	wg := &sync.WaitGroup{}
	for range items {
		go func() {
			defer wg.Done()
			prepare()
			wg.Add(1) // want "wg-add-in-goroutine"
		}()
	}
	wg.Wait()
}

func (s *server) addOnFieldInMethod() {
	go func() {
		s.wg.Add(1) // want "wg-add-in-goroutine"
		for job := range s.jobs {
			process(job)
		}
		s.wg.Done()
	}()
	s.wg.Wait()
}

func addThroughParameter(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		go func(group *sync.WaitGroup, n int) {
			group.Add(1) // want "wg-add-in-goroutine"
			defer group.Done()
			process(n)
		}(&wg, item)
	}
	wg.Wait()
}

func addInBranchBeforeEarlyReturn(items []int) error {
	wg := new(sync.WaitGroup)
	for _, item := range items {
		go func(n int) {
			if n > 0 {
				wg.Add(1) // want "wg-add-in-goroutine"
				defer wg.Done()
				process(n)
				return
			}
		}(item)
	}
	wg.Wait()
	if len(items) == 0 {
		return errors.New("no items")
	}
	return nil
}

func addInSwitchBranch(kind int) {
	var wg sync.WaitGroup
	go func() {
		switch kind {
		case 1:
			wg.Add(1) // want "wg-add-in-goroutine"
			process(kind)
			wg.Done()
		default:
		}
	}()
	wg.Wait()
}

// No fix offered: outside the goroutine, `n` would have to be `len(items)`, a call
// that the `go` statement evaluates once.
func addOfParameterFromCall(items []int) {
	var wg sync.WaitGroup
	go func(n int) {
		wg.Add(n) // want "wg-add-in-goroutine"
		defer wg.Done()
		process(n)
	}(len(items))
	wg.Wait()
}

func process(int) {}

func prepare() {}
