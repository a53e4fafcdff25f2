// Near misses: the branch returns, has an else, the receiver takes both values,
// the channel has room, is handed on, or the sender can give up.
package double

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func returnsAfterSend() error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err
			return
		}
		errc <- finish()
	}()
	return <-errc
}

func elseBranch() error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err
		} else {
			errc <- finish()
		}
	}()
	return <-errc
}

func bufferedForBoth() error {
	errc := make(chan error, 2)
	go func() {
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
	}()
	return <-errc
}

func receivesBoth() []error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
	}()
	var errs []error
	for err := range errc {
		errs = append(errs, err)
	}
	return errs
}

func handedOn() <-chan error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
	}()
	return errc
}

func senderGivesUp(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			select {
			case errc <- err:
			case <-ctx.Done():
			}
		}
		errc <- finish()
	}()
	return <-errc
}

func withErrgroup(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx)
	errc := make(chan error)
	g.Go(func() error {
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
		return nil
	})
	<-errc
	return g.Wait()
}

func waitGroupFanIn(n int) []error {
	var wg sync.WaitGroup
	errc := make(chan error)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := step(); err != nil {
				errc <- err
			}
			errc <- finish()
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	var errs []error
	for err := range errc {
		errs = append(errs, err)
	}
	return errs
}

type worker struct {
	errs chan error
}

func (w *worker) storedInField() error {
	errc := make(chan error)
	w.errs = errc
	go func() {
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
	}()
	return <-errc
}

func receivesTwice() (error, error) {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err
		}
		errc <- finish()
	}()
	return <-errc, <-errc
}
