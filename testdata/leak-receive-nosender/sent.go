// Near misses: something sends or closes, the channel is handed on, or the
// receive is one case of a select.
package nosender

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"

	"golang.org/x/sync/errgroup"
)

func closedWhenDone(c io.Closer, run func()) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		<-stop
		c.Close()
	}()
	run()
}

func sentLater(run func() int) {
	results := make(chan int)
	go func() {
		fmt.Println(<-results)
	}()
	results <- run()
}

func notifiedBySignal() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		<-sigs
		os.Exit(1)
	}()
}

func selectWithContext(ctx context.Context) {
	stop := make(chan struct{})
	go func() {
		select {
		case <-stop:
		case <-ctx.Done():
		}
	}()
}

func returnedToCaller() chan<- int {
	ch := make(chan int)
	go func() {
		fmt.Println(<-ch)
	}()
	return ch
}

type server struct {
	quit chan struct{}
}

func (s *server) storedInField() {
	quit := make(chan struct{})
	s.quit = quit
	go func() {
		<-quit
	}()
}

func waitGroupFanIn(items []string) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(it)
		}()
	}
	<-done
}

func errgroupSends(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		ch <- 1
		return nil
	})
	go func() {
		fmt.Println(<-ch)
	}()
	return g.Wait()
}

func receivedByTheFunction() int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	return <-ch
}

func comparedAndMeasured(run func()) {
	stop := make(chan struct{})
	if stop != nil && len(stop) == 0 {
		go func() {
			select {
			case <-stop:
			default:
			}
		}()
	}
	run()
}
