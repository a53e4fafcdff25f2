// Positives: wg.Done called as a plain statement in a goroutine body that can
// return before reaching it.
package early

import (
	"errors"
	"sync"
)

type server struct {
	wg   sync.WaitGroup
	jobs chan int
}

func returnOnError(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			if err := process(n); err != nil {
				return
			}
			wg.Done() // want "wg-done-not-deferred"
		}(item)
	}
	wg.Wait()
}

func (s *server) returnFromLoopInMethod() {
	s.wg.Add(1)
	go func() {
		for job := range s.jobs {
			if job < 0 {
				return
			}
		}
		s.wg.Done() // want "wg-done-not-deferred"
	}()
	s.wg.Wait()
}

func returnThroughParameter(items []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(group *sync.WaitGroup) {
		for _, item := range items {
			if process(item) != nil {
				return
			}
		}
		group.Done() // want "wg-done-not-deferred"
	}(&wg)
	wg.Wait()
}

func returnInSwitchBranch(mode int) {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	go func() {
		switch mode {
		case 0:
			return
		case 1:
			_ = process(mode)
		}
		wg.Done() // want "wg-done-not-deferred"
	}()
	wg.Wait()
}

func doneOnlyInOneBranch(ok bool) {
	wg := new(sync.WaitGroup)
	wg.Add(1)
	go func() {
		if ok {
			wg.Done() // want "wg-done-not-deferred"
			return
		}
		if process(1) != nil {
			return
		}
	}()
	wg.Wait()
}

func process(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}
