// Package pool holds the workers the jobs package starts: what each does with the
// WaitGroup it is given is learnt from its body (module summaries), not its name.
package pool

import (
	"errors"
	"log"
	"sync"
)

var errBusy = errors.New("busy")

type Worker struct {
	busy bool
	out  chan int
}

// Run settles the WaitGroup only when it is not busy: the early return skips Done.
func (w *Worker) Run(wg *sync.WaitGroup, n int) error {
	if w.busy {
		return errBusy
	}
	w.out <- n
	wg.Done()
	return nil
}

// Serve defers Done: every path settles it.
func (w *Worker) Serve(wg *sync.WaitGroup, n int) {
	defer wg.Done()
	w.out <- n
}

// Drain calls Done on every path, the error path included.
func Drain(wg *sync.WaitGroup, in <-chan int) error {
	for v := range in {
		if v < 0 {
			wg.Done()
			return errBusy
		}
	}
	wg.Done()
	return nil
}

// Fail settles it, or never returns.
func Fail(wg *sync.WaitGroup, err error) {
	if err != nil {
		log.Fatal(err)
	}
	wg.Done()
}

// Watch takes the WaitGroup and never touches it.
func Watch(wg *sync.WaitGroup, in <-chan int) {
	for range in {
	}
}

// Handoff hands it to finish, which settles it on every path: so does Handoff.
func Handoff(wg *sync.WaitGroup, n int) {
	finish(wg, n)
}

func finish(wg *sync.WaitGroup, n int) {
	defer wg.Done()
	_ = n
}

// Closure settles it in a deferred closure.
func Closure(wg *sync.WaitGroup) {
	defer func() {
		wg.Done()
	}()
}

// Relay hands it to finish, but an early return skips the hand-over.
func Relay(wg *sync.WaitGroup, n int) error {
	if n < 0 {
		return errBusy
	}
	finish(wg, n)
	return nil
}

// Chain hands it to Handoff, which hands it to finish: settled on every path.
func Chain(wg *sync.WaitGroup, n int) {
	Handoff(wg, n)
}

// Gamble hands it to Run, which itself skips Done on some path: not followed.
func Gamble(w *Worker, wg *sync.WaitGroup, n int) {
	_ = w
	w.Run(wg, n)
}
