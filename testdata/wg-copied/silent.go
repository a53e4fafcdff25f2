// Near misses: pointers passed and stored, pointer receivers, ranging over
// indexes or pointers, fresh zero values, and types that only share a name.
package copies

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// WaitGroup is this package's own type.
type WaitGroup struct{ n int }

type service struct {
	wg *sync.WaitGroup
}

func passesPointer() {
	var wg sync.WaitGroup
	waitFor(&wg)
}

func (w *worker) pointerReceiver() int {
	return w.id
}

func storesPointer(wg *sync.WaitGroup) *service {
	s := &service{wg: wg}
	alias := s.wg
	_ = alias
	return s
}

func rangesOverIndexesAndPointers(workers []worker, ptrs []*worker) int {
	total := 0
	for i := range workers {
		total += workers[i].id
	}
	for _, w := range ptrs {
		total += w.id
	}
	return total
}

func freshZeroValue() *worker {
	w := worker{id: 1}
	group := sync.WaitGroup{}
	_ = &group
	return &w
}

func ownTypeByValue(w WaitGroup) WaitGroup {
	other := w
	return other
}

func errgroupByValue(g errgroup.Group) {
	_ = g.Wait()
}
