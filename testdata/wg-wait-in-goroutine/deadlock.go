// Positives: Wait inside a goroutine that the same WaitGroup waits for, so the
// goroutine's own Done can never run first.
package deadlock

import "sync"

type server struct {
	wg      sync.WaitGroup
	stopped chan struct{}
}

func waitBeforeDeferredDone(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			process(n)
			wg.Wait() // want "wg-wait-in-goroutine"
		}(item)
	}
	wg.Wait()
}

func waitBeforePlainDone() {
	wg := &sync.WaitGroup{}
	wg.Add(1)
	go func() {
		wg.Wait() // want "wg-wait-in-goroutine"
		wg.Done()
	}()
}

func (s *server) waitOnFieldInMethod() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.wg.Wait() // want "wg-wait-in-goroutine"
		close(s.stopped)
	}()
}

func waitThroughParameter() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(group *sync.WaitGroup) {
		defer group.Done()
		group.Wait() // want "wg-wait-in-goroutine"
	}(&wg)
}

func waitBeforeEarlyReturn(ok bool) {
	wg := new(sync.WaitGroup)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !ok {
			return
		}
		wg.Wait() // want "wg-wait-in-goroutine"
	}()
}

func waitInSwitchBranch(mode int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		switch mode {
		case 1:
			wg.Wait() // want "wg-wait-in-goroutine"
		default:
		}
	}()
}

func process(int) {}
