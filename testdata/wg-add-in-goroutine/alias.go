// Positives through an aliased import of "sync", and a closure started as a goroutine.
package inside

import gosync "sync"

func addThroughAlias(n int) {
	var wg gosync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1) // want "wg-add-in-goroutine"
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func addInNestedClosureGoroutine(n int) func() {
	return func() {
		wg := &gosync.WaitGroup{}
		go func() {
			wg.Add(n) // want "wg-add-in-goroutine"
			defer wg.Done()
		}()
		wg.Wait()
	}
}
