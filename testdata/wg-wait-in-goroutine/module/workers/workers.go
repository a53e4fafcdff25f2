// Goroutines that give their own WaitGroup to another package's helper.
package workers

import (
	"sync"

	"example.com/gates/barrier"
)

func startAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			job()
			barrier.Await(&wg, func() {}) // want "wg-wait-in-goroutine"
		}()
	}
}

func pollAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			job()
			barrier.Poll(&wg, false)
		}()
	}
}
