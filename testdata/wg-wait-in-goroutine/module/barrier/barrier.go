// Package barrier holds helpers that wait for the WaitGroup they are given.
package barrier

import "sync"

// Await blocks until the group is done, then runs next.
func Await(wg *sync.WaitGroup, next func()) {
	wg.Wait()
	next()
}

// Poll only waits when asked to.
func Poll(wg *sync.WaitGroup, block bool) bool {
	if !block {
		return false
	}
	wg.Wait()
	return true
}
