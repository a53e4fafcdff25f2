// Near misses: deferred Done, the WaitGroup handed to the goroutine or to another
// function, a local closure that may call Done, Done outside any goroutine,
// a helper goroutine next to the counted one, wg.Go and errgroup.
package missing

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func deferredDone(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			process(n)
		}(item)
	}
	wg.Wait()
}

func handedToWorker(items []int) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1)
		go worker(&wg, item)
	}
	wg.Wait()
}

func closureCallsDone(n int) {
	var wg sync.WaitGroup
	finish := func() { wg.Done() }
	wg.Add(1)
	go func() {
		process(n)
		finish()
	}()
	wg.Wait()
}

func doneInTheFunctionItself(n int, ready chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		process(n)
		close(ready)
	}()
	<-ready
	wg.Done()
	wg.Wait()
}

func helperGoroutineBesideCountedOne(results chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for r := range results {
			process(r)
		}
	}()
	go func() {
		defer wg.Done()
		results <- 1
	}()
	wg.Wait()
	close(results)
}

func goMethodCountsItself(n int) {
	var wg sync.WaitGroup
	wg.Go(func() {
		process(n)
	})
	wg.Wait()
}

func errgroupGoroutines(items []int) error {
	var g errgroup.Group
	for _, item := range items {
		g.Go(func() error {
			process(item)
			return nil
		})
	}
	return g.Wait()
}

func worker(wg *sync.WaitGroup, n int) {
	defer wg.Done()
	process(n)
}

type listener struct {
	running sync.WaitGroup
	stop    chan struct{}
}

func (l *listener) startSettledByStop() {
	l.running.Add(1)
	go func(stop chan struct{}) {
		<-stop
	}(l.stop)
}

func (l *listener) Stop() {
	close(l.stop)
	l.running.Done()
	l.running.Wait()
}

func addOnParameterSettledByCaller(wg *sync.WaitGroup, n int) {
	wg.Add(1)
	go func() {
		process(n)
	}()
}

// A worker counts work items: it adds the jobs it found and settles each as it takes
// one; the goroutine it starts only feeds the queue.
func walkWithWorkers(in chan []int, quit <-chan struct{}) {
	var traversing sync.WaitGroup
	traversing.Add(1)
	go func() {
		for {
			select {
			case jobs := <-in:
				if len(jobs) > 1 {
					traversing.Add(len(jobs) - 1)
					go func() {
						for _, job := range jobs[1:] {
							in <- []int{job}
						}
					}()
				}
				traversing.Done()
			case <-quit:
				return
			}
		}
	}()
	traversing.Wait()
}
