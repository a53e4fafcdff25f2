// Positives: a select waits in a loop (or a goroutine) while a context is in
// scope, and none of its cases receives from a Done() channel or leaves the loop.
package missing

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"
)

type Job struct{ ID int }

func handle(Job) {}

func consumeJobsForever(ctx context.Context, jobs <-chan Job) {
	for {
		select { // want "ctx-select-missing-done"
		case job := <-jobs:
			handle(job)
		}
	}
}

func flushOnTickerOnly(ctx context.Context, flush func(context.Context)) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select { // want "ctx-select-missing-done"
		case <-ticker.C:
			flush(ctx)
		}
	}
}

func forwardEveryItem(ctx context.Context, items []string, out chan<- string) {
	for _, item := range items {
		select { // want "ctx-select-missing-done"
		case out <- item:
		}
	}
}

// An unlabelled break in a case leaves the select, not the loop.
func breakOnlyLeavesTheSelect(ctx context.Context, quit <-chan struct{}, events <-chan string) {
	for {
		select { // want "ctx-select-missing-done"
		case <-quit:
			break
		case e := <-events:
			log.Print(e)
		}
	}
}

// The early return happens before the loop: the loop itself has no way out.
func earlyReturnBeforeTheLoop(ctx context.Context, in <-chan int, out chan<- int) {
	if in == nil {
		return
	}
	for {
		select { // want "ctx-select-missing-done"
		case v := <-in:
			out <- v * 2
		case out <- 0:
		}
	}
}

func selectInASwitchBranch(ctx context.Context, mode string, a, b <-chan int) {
	for {
		switch mode {
		case "a":
			select { // want "ctx-select-missing-done"
			case v := <-a:
				fmt.Println(v)
			case v := <-b:
				fmt.Println(-v)
			}
		default:
			return
		}
	}
}

func derivedContextIsNamed(parent context.Context, results <-chan string) string {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	last := ""
	for {
		select { // want "ctx-select-missing-done"
		case r := <-results:
			last = r
			send(ctx, last)
		}
	}
}

func send(context.Context, string) {}

func streamUpdates(w http.ResponseWriter, r *http.Request, updates <-chan string) {
	for {
		select { // want "ctx-select-missing-done"
		case u := <-updates:
			fmt.Fprintln(w, u)
		}
	}
}

// A send case that returns is not a way out: the send itself may block forever.
func sendThenReturnIsNoExit(ctx context.Context, in <-chan int, out chan<- int) {
	for v := range in {
		select { // want "ctx-select-missing-done"
		case out <- v:
			if v < 0 {
				return
			}
		}
	}
}

// The stop case assigns a variable, but not the one the loop tests.
func assignsTheWrongVariable(ctx context.Context, stop <-chan struct{}, ticks <-chan time.Time) {
	running, stopped := true, false
	for running {
		select { // want "ctx-select-missing-done"
		case <-stop:
			stopped = true
		case <-ticks:
			fmt.Println(stopped)
		}
	}
}

// In an endless loop a bare quit case that does not leave the loop only ends one wait.
func quitCaseThatKeepsLooping(ctx context.Context, quit <-chan struct{}, in <-chan int) {
	total := 0
	for {
		select { // want "ctx-select-missing-done"
		case <-quit:
			fmt.Println("quit ignored", total)
		case v := <-in:
			total += v
		}
	}
}

// A bounded loop whose select can only send blocks for good once the receiver has gone.
func boundedLoopOnlySends(ctx context.Context, n int, evens, odds chan<- int) {
	for i := 0; i < n; i++ {
		select { // want "ctx-select-missing-done"
		case evens <- 2 * i:
		case odds <- 2*i + 1:
		}
	}
}

// The return after the select does not make it a one-time wait: a case continues the loop.
func retryWaitsOnEveryTurn(ctx context.Context, attempt func() error, retry <-chan time.Time, out chan<- error) {
	for {
		err := attempt()
		if err != nil {
			select { // want "ctx-select-missing-done"
			case <-retry:
				continue
			case out <- err:
			}
		}
		return
	}
}
