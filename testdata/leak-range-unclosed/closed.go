// Near misses: the channel is closed (after wg.Wait, deferred, in the producer),
// handed on, stored, left by the loop body, or lives in a forever loop.
package unclosed

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func closedAfterSends(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	close(ch)
}

func deferredClose(lines []string) {
	ch := make(chan string)
	defer close(ch)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
}

func fanInClosedAfterWait(items []string) []int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- len(it)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

func handedToProducer(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	produce(ch, lines)
}

func produce(ch chan<- string, lines []string) {
	for _, l := range lines {
		ch <- l
	}
	close(ch)
}

func returnedToCaller() chan<- string {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	return ch
}

type pipeline struct {
	in chan string
}

func (p *pipeline) storedInField() {
	ch := make(chan string)
	p.in = ch
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
}

func sentinelEndsTheLoop(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			if l == "" {
				return
			}
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	ch <- ""
}

func serveForever(next func() string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	for {
		ch <- next()
	}
}

func withErrgroup(ctx context.Context, lines []string) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan string)
	g.Go(func() error {
		defer close(ch)
		for _, l := range lines {
			select {
			case ch <- l:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	return g.Wait()
}

func main() {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	ch <- "bye"
}

func blocksForever(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	select {}
}

func countsForever(next func() string) {
	ch := make(chan string)
	go func() {
		for l := range ch {
			fmt.Println(l)
		}
	}()
	for i := 0; ; i++ {
		ch <- next()
	}
}

func receiveUntilClosedAndClosed(lines []string) {
	ch := make(chan string)
	go func() {
		for {
			l, ok := <-ch
			if !ok {
				return
			}
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	close(ch)
}

func receiveUntilSentinel(lines []string) {
	ch := make(chan string)
	go func() {
		for {
			l, ok := <-ch
			if !ok {
				return
			}
			if l == "" {
				return
			}
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	ch <- ""
}
