// Positives: one goroutine sends once on an unbuffered channel, and the function
// can leave without receiving (an early return, a winning timeout or cancellation).
package abandoned

import (
	"context"
	"errors"
	"time"
)

type page struct{ body string }

func download(url string) *page { return &page{body: url} }

func fetchWithContext(ctx context.Context, url string) (*page, error) {
	ch := make(chan *page)
	go func() {
		ch <- download(url) // want "leak-send-abandoned"
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func fetchWithTimeout(url string) (*page, error) {
	results := make(chan *page, 0)
	go func() {
		results <- download(url) // want "leak-send-abandoned"
	}()
	select {
	case <-time.After(time.Second):
		return nil, errors.New("timed out")
	case p := <-results:
		return p, nil
	}
}

func earlyReturn(url string, valid bool) (*page, error) {
	done := make(chan *page)
	go func() {
		p := download(url)
		done <- p // want "leak-send-abandoned"
	}()
	if !valid {
		return nil, errors.New("invalid")
	}
	return <-done, nil
}

func earlyReturnInLoop(urls []string) error {
	errc := make(chan error)
	go func() {
		errc <- check(urls[0]) // want "leak-send-abandoned"
	}()
	for _, u := range urls[1:] {
		if err := check(u); err != nil {
			return err
		}
	}
	return <-errc
}

func otherBranch(url string, wait bool) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url) // want "leak-send-abandoned"
	}()
	if wait {
		p := <-ch
		return p
	} else {
		return nil
	}
}

func timerCase(url string) *page {
	ch := make(chan *page)
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	go func() {
		defer close(ch)
		ch <- download(url) // want "leak-send-abandoned"
	}()
	select {
	case p := <-ch:
		return p
	case <-timer.C:
		return nil
	}
}

func quitChannel(url string, quit chan struct{}) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url) // want "leak-send-abandoned"
	}()
	select {
	case p := <-ch:
		return p
	case <-quit:
		return nil
	}
}

func check(string) error { return nil }

func declaredWithVar(url string, valid bool) (*page, error) {
	var ch = make(chan *page)
	go func() {
		ch <- download(url) // want "leak-send-abandoned"
	}()
	if !valid {
		return nil, errors.New("invalid")
	}
	return <-ch, nil
}
