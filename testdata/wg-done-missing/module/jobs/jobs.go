// The WaitGroup given to workers of another package of the module: reported when the
// worker skips Done on some path or never calls it; silent when it settles it on
// every path or hands it on.
package jobs

import (
	"sync"

	"example.com/batch/pool"
)

func runAll(w *pool.Worker, items []int) {
	var wg sync.WaitGroup
	for _, n := range items {
		wg.Add(1)
		go w.Run(&wg, n) // want "wg-done-missing"
	}
	wg.Wait()
}

func watchAll(ins []chan int) {
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		go pool.Watch(&wg, in) // want "wg-done-missing"
	}
	wg.Wait()
}

func runInClosure(w pool.Worker, n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want "wg-done-missing"
		_ = w.Run(&wg, n)
	}()
	wg.Wait()
}

func relayAll(items []int) {
	var wg sync.WaitGroup
	for _, n := range items {
		wg.Add(1)
		go pool.Relay(&wg, n) // want "wg-done-missing"
	}
	wg.Wait()
}

// Near misses.

func chainAll(items []int) {
	var wg sync.WaitGroup
	for _, n := range items {
		wg.Add(1)
		go pool.Chain(&wg, n)
	}
	wg.Wait()
}

func gambleAll(w *pool.Worker, items []int) {
	var wg sync.WaitGroup
	for _, n := range items {
		wg.Add(1)
		go pool.Gamble(w, &wg, n)
	}
	wg.Wait()
}

func serveAll(w *pool.Worker, items []int) {
	var wg sync.WaitGroup
	for _, n := range items {
		wg.Add(1)
		go w.Serve(&wg, n)
	}
	wg.Wait()
}

func drainAll(ins []chan int) {
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go pool.Drain(&wg, in)
	}
	wg.Wait()
}

func failOrDone(err error) {
	var wg sync.WaitGroup
	wg.Add(1)
	go pool.Fail(&wg, err)
	wg.Wait()
}

func handedOn(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go pool.Handoff(&wg, n)
	wg.Wait()
}

func deferredClosure() {
	var wg sync.WaitGroup
	wg.Add(1)
	go pool.Closure(&wg)
	wg.Wait()
}

// The goroutine settles the count itself; the worker it calls only reads.
func settledBesideTheCall(w *pool.Worker, n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = w.Run(new(sync.WaitGroup), n)
	}()
	wg.Wait()
}

// Watch never settles it, but another goroutine of the same count does.
func watchBesideDone(in chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go pool.Watch(&wg, in)
	go func() {
		defer wg.Done()
	}()
	wg.Wait()
}
