// Positives: several goroutines send on one unbuffered channel, received fewer times.
package ncast

import (
	"context"
	"time"
)

type result struct{ value string }

func query(server string) result { return result{server} }

func firstAnswer(servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			ch <- query(s) // want "leak-ncast"
		}()
	}
	return <-ch
}

func firstWithArgument(servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		go func(s string) {
			r := query(s)
			ch <- r // want "leak-ncast"
		}(s)
	}
	r := <-ch
	return r
}

func fixedCount() (result, result) {
	ch := make(chan result)
	for i := 0; i < 3; i++ {
		go func() {
			ch <- query("replica") // want "leak-ncast"
		}()
	}
	return <-ch, <-ch
}

func firstOrTimeout(servers []string) (result, bool) {
	ch := make(chan result, 0)
	for _, s := range servers {
		go func() {
			ch <- query(s) // want "leak-ncast"
		}()
	}
	select {
	case r := <-ch:
		return r, true
	case <-time.After(time.Second):
		return result{}, false
	}
}

func firstOrCancel(ctx context.Context, servers []string) (result, error) {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			ch <- query(s) // want "leak-ncast"
		}()
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

func literalList() result {
	ch := make(chan result)
	for _, s := range []string{"a", "b"} {
		go func() {
			ch <- query(s) // want "leak-ncast"
		}()
	}
	return <-ch
}
