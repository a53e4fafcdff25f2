// Positives: a send in a branch without return, then another send, and one receive.
package double

import (
	"context"
	"errors"
	"time"
)

func step() error   { return nil }
func finish() error { return nil }

func missingReturn() error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err // want "leak-double-send"
		}
		errc <- finish()
	}()
	return <-errc
}

func missingReturnWithWork() error {
	errc := make(chan error)
	go func() {
		err := step()
		if err != nil {
			errc <- err // want "leak-double-send"
		}
		_ = finish()
		errc <- nil
	}()
	err := <-errc
	return err
}

func valueChannel(n int) int {
	ch := make(chan int)
	go func() {
		if n < 0 {
			ch <- 0 // want "leak-double-send"
		}
		ch <- n * 2
	}()
	return <-ch
}

func inSelectReceiver(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		if err := step(); err != nil {
			errc <- err // want "leak-double-send"
		}
		errc <- finish()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func validation(name string) error {
	errc := make(chan error, 0)
	go func() {
		if name == "" {
			errc <- errors.New("empty name") // want "leak-double-send"
		}
		time.Sleep(time.Millisecond)
		errc <- nil
	}()
	return <-errc
}

func logsThenSends(n int) int {
	out := make(chan int)
	go func() {
		if n > 10 {
			println("big")
			out <- 10 // want "leak-double-send"
		}
		out <- n
	}()
	v := <-out
	return v
}
