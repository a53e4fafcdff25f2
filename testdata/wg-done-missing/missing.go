// Positives: goroutines started after wg.Add that never call wg.Done, nor hand
// the WaitGroup on, so wg.Wait blocks forever.
package missing

import "sync"

type server struct {
	wg    sync.WaitGroup
	conns chan int
}

func loopWithoutDone(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) { // want "wg-done-missing"
			process(n)
		}(item)
	}
	wg.Wait()
}

func countedBeforeLoop(items []int) {
	wg := &sync.WaitGroup{}
	wg.Add(len(items))
	for _, item := range items {
		go func(n int) { // want "wg-done-missing"
			process(n)
		}(item)
	}
	wg.Wait()
}

func (s *server) fieldInMethod() {
	s.wg.Add(1)
	go func() { // want "wg-done-missing"
		for c := range s.conns {
			process(c)
		}
	}()
	s.wg.Wait()
}

func namedFunctionGoroutine(n int) {
	wg := new(sync.WaitGroup)
	wg.Add(1)
	go process(n) // want "wg-done-missing"
	wg.Wait()
}

func earlyReturnBeforeWait(items []int) error {
	var wg sync.WaitGroup
	if len(items) == 0 {
		return nil
	}
	wg.Add(1)
	go func() { // want "wg-done-missing"
		process(len(items))
	}()
	wg.Wait()
	return nil
}

func startedInSwitchBranch(mode int) {
	var wg sync.WaitGroup
	wg.Add(1)
	switch mode {
	case 1:
		go func() { // want "wg-done-missing"
			process(mode)
		}()
	default:
		go process(0)
	}
	wg.Wait()
}

func process(int) {}

// The WaitGroup is given to a function of the package that takes it and never calls
// Done (its summary says so): the count is never settled.
func givenToANonSettler(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go monitor(&wg, ch) // want "wg-done-missing"
	wg.Wait()
}

func (s *server) givenToAMethod() {
	var wg sync.WaitGroup
	wg.Add(1)
	go s.track(&wg) // want "wg-done-missing"
	wg.Wait()
}

func monitor(wg *sync.WaitGroup, ch chan int) {
	for v := range ch {
		process(v)
	}
}

func (s *server) track(_ *sync.WaitGroup) {
	for c := range s.conns {
		process(c)
	}
}
