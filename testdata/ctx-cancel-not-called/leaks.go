// Positives: a cancel function kept in a local variable that some path out of
// the function leaves uncalled. The finding sits on the context.With* call; the
// leaking returns are related locations.
package notcalled

import (
	"context"
	"errors"
	"net/http"
	"time"
)

var errNotFound = errors.New("not found")

func fetch(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func work(ctx context.Context) error { return ctx.Err() }

func earlyReturnSkipsCancel(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
	resp, err := fetch(ctx, url)
	if err != nil {
		return err
	}
	cancel()
	return resp.Body.Close()
}

func neverCalled(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent) // want "ctx-cancel-not-called"
	if cancel == nil {
		return errNotFound
	}
	return work(ctx)
}

func switchBranchForgets(parent context.Context, mode int) error {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Minute)) // want "ctx-cancel-not-called"
	switch mode {
	case 0:
		defer cancel()
		return work(ctx)
	case 1:
		cancel()
		return nil
	default:
		return work(ctx)
	}
}

func selectBranchForgets(parent context.Context, results <-chan error) error {
	ctx, cancel := context.WithCancelCause(parent) // want "ctx-cancel-not-called"
	select {
	case err := <-results:
		cancel(err)
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func breakOutOfRetryLoop(parent context.Context, attempts int) error {
	var err error
	for i := 0; i < attempts; i++ {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
		err = work(ctx)
		if err == nil {
			break
		}
		cancel()
	}
	return err
}

func continueSkipsCancel(parent context.Context, urls []string) {
	for _, url := range urls {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
		if url == "" {
			continue
		}
		_, _ = fetch(ctx, url)
		cancel()
	}
}

type Client struct {
	timeout time.Duration
}

func (c *Client) methodLeaksOnError(parent context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(parent, c.timeout) // want "ctx-cancel-not-called"
	resp, err := fetch(ctx, url)
	if err != nil {
		return 0, err
	}
	defer cancel()
	return resp.StatusCode, nil
}

func closureLeaks(parent context.Context) func() error {
	return func() error {
		ctx, cancel := context.WithCancel(parent) // want "ctx-cancel-not-called"
		if err := work(ctx); err != nil {
			return err
		}
		cancel()
		return nil
	}
}

func goroutineBodyLeaks(parent context.Context, done chan<- error) {
	go func() {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
		done <- work(ctx)
	}()
}

func conditionalDefer(parent context.Context, limited bool) error {
	ctx, cancel := context.WithCancel(parent) // want "ctx-cancel-not-called"
	if limited {
		defer cancel()
	}
	return work(ctx)
}

func varFormFallsOffTheEnd(parent context.Context) {
	var ctx, cancel = context.WithCancel(parent) // want "ctx-cancel-not-called"
	_ = work(ctx)
	if ctx.Err() != nil {
		cancel()
	}
}
