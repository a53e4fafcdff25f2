// Positives through an aliased import of "sync".
package copies

import gosync "sync"

func copiesThroughAlias(early bool) {
	var wg gosync.WaitGroup
	if early {
		return
	}
	other := wg // want "wg-copied"
	other.Wait()
}
