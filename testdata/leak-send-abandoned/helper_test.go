// Near misses: test files are not checked. A test helper that gives up on a
// timeout returns an error its caller turns into a failed test; the goroutine it
// abandons ends with the test binary.
package abandoned

import (
	"errors"
	"time"
)

func fetchWithin(url string, limit time.Duration) (*page, error) {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-time.After(limit):
		return nil, errors.New("timed out")
	}
}

func fetchUnlessSkipped(url string, skip bool) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	if skip {
		return nil
	}
	return <-ch
}
