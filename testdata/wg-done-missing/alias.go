// Positives through an aliased import of "sync", in a closure.
package missing

import gosync "sync"

func missingThroughAlias(n int) func() {
	return func() {
		var wg gosync.WaitGroup
		wg.Add(1)
		go func() { // want "wg-done-missing"
			process(n)
		}()
		wg.Wait()
	}
}
