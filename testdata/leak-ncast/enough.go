// Near misses: a buffer for every sender, a receive per sender, senders that can
// give up, hand-offs, errgroup, WaitGroup fan-in, fields.
package ncast

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func bufferedForEverySender(servers []string) result {
	ch := make(chan result, len(servers))
	for _, s := range servers {
		go func() {
			ch <- query(s)
		}()
	}
	return <-ch
}

func receiveEach(servers []string) []result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			ch <- query(s)
		}()
	}
	var out []result
	for range servers {
		out = append(out, <-ch)
	}
	return out
}

func asManyAsStarted() (result, result) {
	ch := make(chan result)
	for i := 0; i < 2; i++ {
		go func() {
			ch <- query("replica")
		}()
	}
	return <-ch, <-ch
}

func sendersGiveUp(ctx context.Context, servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			select {
			case ch <- query(s):
			case <-ctx.Done():
			}
		}()
	}
	return <-ch
}

func handedToCaller(servers []string) <-chan result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			ch <- query(s)
		}()
	}
	return ch
}

func withErrgroup(ctx context.Context, servers []string) (result, error) {
	g, _ := errgroup.WithContext(ctx)
	ch := make(chan result)
	for _, s := range servers {
		g.Go(func() error {
			ch <- query(s)
			return nil
		})
	}
	r := <-ch
	return r, g.Wait()
}

func fanInClosed(servers []string) []result {
	var wg sync.WaitGroup
	ch := make(chan result)
	for _, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- query(s)
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var out []result
	for r := range ch {
		out = append(out, r)
	}
	return out
}

type balancer struct {
	answers chan result
}

func (b *balancer) storedInField(servers []string) result {
	ch := make(chan result)
	b.answers = ch
	for _, s := range servers {
		go func() {
			ch <- query(s)
		}()
	}
	return <-ch
}

func onlyFailuresSend(servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			r := query(s)
			if r.value == "" {
				return
			}
			ch <- r
		}()
	}
	return <-ch
}

func loopBreaksEarly(servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		go func() {
			ch <- query(s)
		}()
		break
	}
	return <-ch
}

func onlyThePrimary(servers []string) result {
	ch := make(chan result)
	for _, s := range servers {
		if s == "primary" {
			go func() {
				ch <- query(s)
			}()
		}
	}
	return <-ch
}

func skipsTurns() (result, result) {
	ch := make(chan result)
	for i := 0; i < 3; i++ {
		if i == 1 {
			continue
		}
		go func() {
			ch <- query("replica")
		}()
	}
	return <-ch, <-ch
}
