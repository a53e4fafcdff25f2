// Named functions and methods that the package runs as goroutines (`go s.drain()`,
// `go fetch(&wg, url, out)`) and that call Done on a WaitGroup they receive, as a
// plain statement an early return can skip. The near misses: a worker that defers
// Done, one that calls Done before each return, one that counts items in a loop, a
// function with the same shape that nothing starts with `go`, and a Done on a
// WaitGroup of its own.
package early

import (
	"errors"
	"sync"
)

type pool struct {
	wg    sync.WaitGroup
	queue chan int
	quit  chan struct{}
}

func (p *pool) start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.drain()
	}
	p.wg.Add(2)
	go p.drainOrQuit()
	go p.drainDeferred()
	p.wg.Add(1)
	go p.countItems()
}

func (p *pool) drain() {
	for job := range p.queue {
		if job < 0 {
			return
		}
	}
	p.wg.Done() // want "wg-done-not-deferred"
}

func (p *pool) drainOrQuit() {
	select {
	case <-p.quit:
		return
	case job := <-p.queue:
		_ = process(job)
	}
	p.wg.Done() // want "wg-done-not-deferred"
}

func fetch(wg *sync.WaitGroup, url string, out chan<- string) {
	if url == "" {
		return
	}
	out <- url
	wg.Done() // want "wg-done-not-deferred"
}

func fetchAll(urls []string, out chan<- string) {
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Add(1)
		go fetch(&wg, url, out)
	}
	wg.Wait()
}

// Near misses.

func (p *pool) drainDeferred() {
	defer p.wg.Done()
	for job := range p.queue {
		if job < 0 {
			return
		}
	}
}

func (p *pool) countItems() {
	for job := range p.queue {
		if job == 0 {
			return
		}
		p.wg.Done()
	}
}

func store(wg *sync.WaitGroup, key string) error {
	if key == "" {
		wg.Done()
		return errors.New("empty key")
	}
	wg.Done()
	return nil
}

func storeAll(keys []string) {
	var wg sync.WaitGroup
	for _, key := range keys {
		wg.Add(1)
		go store(&wg, key)
	}
	wg.Wait()
}

// finish is called, not started with go: its caller decides what an early return means.
func finish(wg *sync.WaitGroup, ok bool) bool {
	if !ok {
		return false
	}
	wg.Done()
	return true
}

func finishAll(oks []bool) {
	var wg sync.WaitGroup
	wg.Add(len(oks))
	for _, ok := range oks {
		if !finish(&wg, ok) {
			wg.Done()
		}
	}
	wg.Wait()
}

func ownGroup(items []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	if len(items) == 0 {
		return
	}
	wg.Done()
	wg.Wait()
}

func startOwn(items []int) {
	go ownGroup(items)
}

// handle counts its own work: the Done pairs with the Add just before it, and the
// early return happens before anything was counted.
func (p *pool) handle(job int) {
	if job < 0 {
		return
	}
	p.wg.Add(1)
	_ = process(job)
	p.wg.Done()
}

func (p *pool) accept() {
	for job := range p.queue {
		go p.handle(job)
	}
}
