// Near misses: buffered channels, receivers that take the value on every path,
// hand-offs, senders that can give up, errgroup, WaitGroup fan-in, fields.
package abandoned

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func bufferedForTheOneSender(ctx context.Context, url string) (*page, error) {
	ch := make(chan *page, 1)
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func receivesOnEveryPath(url string) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	return <-ch
}

func returnAfterReceive(url string, valid bool) (*page, error) {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	p := <-ch
	if !valid {
		return nil, errors.New("invalid")
	}
	return p, nil
}

func returnBeforeGoroutine(url string, valid bool) *page {
	ch := make(chan *page)
	if !valid {
		return nil
	}
	go func() {
		ch <- download(url)
	}()
	return <-ch
}

func handedToCaller(url string) <-chan *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	return ch
}

func passedToHelper(ctx context.Context, url string) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	return waitFor(ctx, ch)
}

func waitFor(ctx context.Context, ch chan *page) *page {
	select {
	case p := <-ch:
		return p
	case <-ctx.Done():
		return nil
	}
}

func senderGivesUp(ctx context.Context, url string) *page {
	ch := make(chan *page)
	go func() {
		select {
		case ch <- download(url):
		case <-ctx.Done():
		}
	}()
	select {
	case p := <-ch:
		return p
	case <-ctx.Done():
		return nil
	}
}

func senderDefault(url string) *page {
	ch := make(chan *page)
	go func() {
		select {
		case ch <- download(url):
		default:
		}
	}()
	select {
	case p := <-ch:
		return p
	case <-time.After(time.Second):
		return nil
	}
}

func eitherChannel(url string) (*page, error) {
	ch := make(chan *page)
	errc := make(chan error)
	go func() {
		if url == "" {
			errc <- errors.New("empty")
			return
		}
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p, nil
	case err := <-errc:
		return nil, err
	}
}

func withErrgroup(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan *page)
	g.Go(func() error {
		ch <- download(urls[0])
		return nil
	})
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return g.Wait()
}

func waitGroupFanIn(urls []string) []*page {
	var wg sync.WaitGroup
	ch := make(chan *page)
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- download(u)
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var out []*page
	for p := range ch {
		out = append(out, p)
	}
	return out
}

type fetcher struct {
	results chan *page
}

func (f *fetcher) storedInField(ctx context.Context, url string) *page {
	ch := make(chan *page)
	f.results = ch
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p
	case <-ctx.Done():
		return nil
	}
}

func deferredReceive(url string, valid bool) error {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	defer func() { <-ch }()
	if !valid {
		return errors.New("invalid")
	}
	return nil
}

func selectDefaultReceiver(url string) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p
	default:
		return <-ch
	}
}

func receiveInCondition(url string) error {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	if p := <-ch; p == nil {
		return errors.New("nothing")
	} else {
		return nil
	}
}

func suppressed(ctx context.Context, url string) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url) //nolint:leak-send-abandoned // the process exits right after
	}()
	select {
	case p := <-ch:
		return p
	case <-ctx.Done():
		return nil
	}
}

func conditionalSender(url string, valid bool) *page {
	ch := make(chan *page)
	go func() {
		if valid {
			ch <- download(url)
		}
	}()
	if !valid {
		return nil
	}
	return <-ch
}

func senderReturnsFirst(url string) *page {
	ch := make(chan *page)
	go func() {
		if url == "" {
			return
		}
		ch <- download(url)
	}()
	if url == "" {
		return nil
	}
	return <-ch
}
