// Positives: WaitGroup.Add with a constant zero, or a negative constant other
// than -1, in the shapes real code takes.
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
	wg.Wait()
}

func (s *server) addZeroOnField() {
	s.wg.Add(0) // want "wg-add-nonpositive"
}

func addMinusTwoOnParameter(wg *sync.WaitGroup) {
	wg.Add(-2) // want "wg-add-nonpositive"
}

func addZeroInClosure() func() {
	wg := &sync.WaitGroup{}
	return func() {
		wg.Add((0)) // want "wg-add-nonpositive"
	}
}

func addZeroOnEmbedded(p *pool) {
	p.Add(0x0) // want "wg-add-nonpositive"
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
		done <- struct{}{}
	}()
}
