// Positives through an aliased import of "sync".
package nonpositive

import gosync "sync"

func addZeroThroughAlias() {
	var wg gosync.WaitGroup
	wg.Add(0) // want "wg-add-nonpositive"
	go func() {
		defer wg.Done()
	}()
	wg.Wait()
}

func addOneThroughAlias() {
	var wg gosync.WaitGroup
	wg.Add(1)
	wg.Done()
	wg.Wait()
}
