// Near misses that must stay silent: the default (or the rest of the loop
// body) blocks, leaves the loop, calls something that may block or yields, or
// the loop has a condition, or the select is not a statement of the loop body.
package busy

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func defaultSleeps(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func defaultReturnsWhenDrained(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			return
		}
	}
}

func defaultBreaksOutOfTheLoop(events <-chan string) int {
	n := 0
drain:
	for {
		select {
		case <-events:
			n++
		default:
			break drain
		}
	}
	return n
}

func defaultCallsSomethingThatMayBlock(events <-chan string, poll func() string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			fmt.Println(poll())
		}
	}
}

func defaultYieldsTheProcessor(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			runtime.Gosched()
		}
	}
}

func defaultWaitsForATick(events <-chan string, ticker *time.Ticker) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			<-ticker.C
		}
	}
}

func defaultTakesALock(events <-chan string, mu *sync.Mutex, seen *int) {
	for {
		select {
		case <-events:
			mu.Lock()
			*seen++
			mu.Unlock()
		default:
			mu.Lock()
			mu.Unlock()
		}
	}
}

func defaultSendsOnAChannel(events <-chan string, idle chan<- struct{}) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			idle <- struct{}{}
		}
	}
}

func defaultExitsTheProcess(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
			fmt.Println("nothing to do")
			os.Exit(0)
		}
	}
}

func stopCheckThenBlockingWork(ctx context.Context, work func(context.Context) error) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if err := work(ctx); err != nil {
			return err
		}
	}
}

func loopWithAConditionMayEnd(events <-chan string, more func() bool) {
	for more() {
		select {
		case e := <-events:
			fmt.Println(e)
		default:
		}
	}
}

func nonBlockingSendOutsideALoop(out chan<- int) bool {
	select {
	case out <- 1:
		return true
	default:
		return false
	}
}

func selectNestedInAnIf(events <-chan string, fast bool) {
	for {
		if fast {
			select {
			case e := <-events:
				fmt.Println(e)
			default:
			}
		} else {
			time.Sleep(time.Second)
		}
	}
}

func rangeLoopEnds(items []int, out chan<- int) int {
	dropped := 0
	for _, item := range items {
		select {
		case out <- item:
		default:
			dropped++
		}
	}
	return dropped
}

func suppressedOnPurpose(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default: //nolint:ctx-select-busy-default // benchmark of the spin itself
		}
	}
}
