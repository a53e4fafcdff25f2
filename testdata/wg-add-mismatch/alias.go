// Positive through an aliased import of "sync": Add(1) before a loop over a
// composite literal of two elements.
package mismatch

import gosync "sync"

func addOneBeforeLoopThroughAlias() {
	var wg gosync.WaitGroup
	wg.Add(1) // want "wg-add-mismatch"
	for _, name := range []string{"a", "b"} {
		go func() {
			defer wg.Done()
			handle(name)
		}()
	}
	wg.Wait()
}
