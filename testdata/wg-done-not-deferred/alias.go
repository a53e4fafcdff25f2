// Positives through an aliased import of "sync", in a closure.
package early

import gosync "sync"

func returnThroughAlias(n int) func() {
	return func() {
		var wg gosync.WaitGroup
		wg.Add(1)
		go func() {
			if n == 0 {
				return
			}
			wg.Done() // want "wg-done-not-deferred"
		}()
		wg.Wait()
	}
}
