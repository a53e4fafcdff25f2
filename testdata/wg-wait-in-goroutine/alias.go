// Positives through an aliased import of "sync", in a closure.
package deadlock

import gosync "sync"

func waitThroughAlias() func() {
	return func() {
		var wg gosync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			wg.Wait() // want "wg-wait-in-goroutine"
		}()
	}
}
