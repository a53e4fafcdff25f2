// Positives of other shapes: a struct's context field, a closure, and goroutines
// with and without a loop (outside a loop, a goroutine that can only send).
package missing

import (
	"context"
	"time"
)

type Poller struct {
	ctx   context.Context
	tick  *time.Ticker
	polls int
}

func (p *Poller) pollLoopIgnoresTheFieldContext() {
	for {
		select { // want "ctx-select-missing-done"
		case <-p.tick.C:
			p.polls++
		}
	}
}

func closureLoopCapturesTheContext(ctx context.Context, in <-chan int) func() int {
	return func() int {
		sum := 0
		for {
			select { // want "ctx-select-missing-done"
			case v := <-in:
				sum += v
			}
		}
	}
}

func goroutineLoopIgnoresTheContext(ctx context.Context, in <-chan int, out chan<- int) {
	go func() {
		for {
			select { // want "ctx-select-missing-done"
			case v := <-in:
				out <- v
			}
		}
	}()
}

func goroutineSendsOneOfTwoResults(ctx context.Context, results chan<- int, errs chan<- error, v int, err error) {
	go func() {
		select { // want "ctx-select-missing-done"
		case results <- v:
		case errs <- err:
		}
	}()
}

func goroutineBlockingSend(ctx context.Context, out chan<- error, err error) {
	go func() {
		select { // want "ctx-select-missing-done"
		case out <- err:
		}
	}()
}
