// Positives: WaitGroup.Add with a constant zero before a goroutine it was meant to
// count, or a negative constant other than -1, in the shapes real code takes.
package nonpositive

import "sync"

type server struct {
	wg sync.WaitGroup
}

type pool struct {
	sync.WaitGroup
}

func addZeroOnLocal() {
	var wg sync.WaitGroup
	wg.Add(0) // want "wg-add-nonpositive"
	go func() {
		defer wg.Done()
	}()
	wg.Wait()
}

func (s *server) addZeroOnField() {
	s.wg.Add(0) // want "wg-add-nonpositive"
	go s.serve()
}

func (s *server) serve() { defer s.wg.Done() }

func addMinusTwoOnParameter(wg *sync.WaitGroup) {
	wg.Add(-2) // want "wg-add-nonpositive"
}

func addZeroInClosure() func() {
	wg := &sync.WaitGroup{}
	return func() {
		wg.Add((0)) // want "wg-add-nonpositive"
		go func() {
			defer wg.Done()
		}()
	}
}

func addZeroOnEmbedded(p *pool) {
	p.Add(0x0) // want "wg-add-nonpositive"
	go func() {
		defer p.Done()
	}()
}

func addNegativeInSwitchBranch(mode int) {
	wg := new(sync.WaitGroup)
	switch mode {
	case 0:
		return
	default:
		wg.Add(-3) // want "wg-add-nonpositive"
	}
}

func addZeroInGoroutine(wg *sync.WaitGroup, done chan<- struct{}) {
	go func() {
		wg.Add(0) // want "wg-add-nonpositive"
		go func() {
			defer wg.Done()
		}()
		done <- struct{}{}
	}()
}
