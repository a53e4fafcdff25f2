// Positives: a WaitGroup, or a struct holding one by value, passed, received,
// returned, assigned or ranged over by value.
package copies

import "sync"

type worker struct {
	id int
	wg sync.WaitGroup
}

type pool struct {
	sync.WaitGroup
	size int
}

func receivesByValue(wg sync.WaitGroup) { // want "wg-copied"
	wg.Wait()
}

func (w worker) valueReceiver() int { // want "wg-copied"
	return w.id
}

func passesByValue() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	waitFor(wg) // want "wg-copied"
}

func assignsStructCopy(p *pool) int {
	snapshot := *p // want "wg-copied"
	return snapshot.size
}

func returnsFieldCopy(w *worker) sync.WaitGroup {
	return w.wg // want "wg-copied"
}

func rangesOverValues(workers []worker) int {
	total := 0
	for _, w := range workers { // want "wg-copied"
		total += w.id
	}
	return total
}

func closureReceivesCopy(wg *sync.WaitGroup) {
	wg.Add(1)
	go func(group sync.WaitGroup) { // want "wg-copied"
		group.Done()
	}(*wg) // want "wg-copied"
}

func waitFor(*sync.WaitGroup) {}
