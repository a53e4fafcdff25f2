// Near misses that must stay silent: the select has a Done() case (direct,
// derived, through a variable or a field), a case that leaves the loop, a
// default, no context in scope, or it does not wait in a loop or goroutine.
package missing

import (
	"context"
	"fmt"
	"time"
)

func honoursContextDone(ctx context.Context, jobs <-chan Job) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case job := <-jobs:
			handle(job)
		}
	}
}

func honoursDerivedContextDone(parent context.Context, jobs <-chan Job) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-jobs:
			handle(job)
		}
	}
}

func doneChannelHeldInAVariable(ctx context.Context, jobs <-chan Job) {
	done := ctx.Done()
	for {
		select {
		case <-done:
			return
		case job := <-jobs:
			handle(job)
		}
	}
}

func doneChannelAssignedLater(ctx context.Context, jobs <-chan Job) {
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	for {
		select {
		case <-done:
			fmt.Println("cancelled")
		case job := <-jobs:
			handle(job)
		}
	}
}

type Pump struct {
	done <-chan struct{}
	in   chan int
}

func newPump(ctx context.Context) *Pump {
	return &Pump{done: ctx.Done(), in: make(chan int)}
}

func (p *Pump) runUntilTheStoredDoneChannel(ctx context.Context) {
	for {
		select {
		case <-p.done:
			fmt.Println("stopped")
		case v := <-p.in:
			fmt.Println(v)
		}
	}
}

func quitChannelReturns(ctx context.Context, quit <-chan struct{}, jobs <-chan Job) {
	for {
		select {
		case <-quit:
			return
		case job := <-jobs:
			handle(job)
		}
	}
}

func closedChannelEndsTheLoop(ctx context.Context, jobs <-chan Job) {
	for {
		select {
		case job, ok := <-jobs:
			if !ok {
				return
			}
			handle(job)
		}
	}
}

func labelledBreakLeavesTheLoop(ctx context.Context, stop <-chan struct{}, jobs <-chan Job) {
loop:
	for {
		select {
		case <-stop:
			break loop
		case job := <-jobs:
			handle(job)
		}
	}
	fmt.Println("stopped")
}

func stopCaseClearsTheLoopCondition(ctx context.Context, stop <-chan struct{}, jobs <-chan Job) {
	running := true
	for running {
		select {
		case <-stop:
			running = false
		case job := <-jobs:
			handle(job)
		}
	}
}

func loopPollsTheContextBetweenWaits(ctx context.Context, ticks <-chan time.Time) error {
	for ctx.Err() == nil {
		select {
		case t := <-ticks:
			fmt.Println(t)
		}
	}
	return ctx.Err()
}

func nonBlockingSelectInALoop(ctx context.Context, items []string, out chan<- string) int {
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

func noContextInScope(jobs <-chan Job, quit <-chan struct{}) {
	for {
		select {
		case job := <-jobs:
			handle(job)
		case <-quit:
			fmt.Println("ignored")
		}
	}
}

func backgroundContextCannotBeCancelled(jobs <-chan Job) {
	ctx := context.Background()
	send(ctx, "start")
	for {
		select {
		case job := <-jobs:
			handle(job)
		}
	}
}

func waitsOnceNotInALoop(ctx context.Context, result <-chan int) int {
	select {
	case v := <-result:
		return v
	}
}

func goroutineStopsOnABareQuitCase(ctx context.Context, quit <-chan struct{}, timer *time.Timer, expire func()) {
	go func() {
		select {
		case <-quit:
		case <-timer.C:
			expire()
		}
	}()
}

func goroutineNonBlockingSend(ctx context.Context, out chan<- int) {
	go func() {
		select {
		case out <- 1:
		default:
		}
	}()
}

func literalCalledLaterIsNotALoopBody(ctx context.Context, hooks []func(func()), sig <-chan int) {
	for _, register := range hooks {
		register(func() {
			select {
			case v := <-sig:
				fmt.Println(v)
			}
		})
	}
}

func suppressedOnPurpose(ctx context.Context, jobs <-chan Job) {
	for {
		select { //nolint:ctx-select-missing-done // jobs is closed by the owner of ctx
		case job := <-jobs:
			handle(job)
		}
	}
}

type substream struct {
	recv chan string
	done chan struct{}
}

// Each turn of a range loop waits once; a bare receive from a signal channel ends that wait.
func broadcastUntilEachSubscriberIsDone(ctx context.Context, subs []*substream, msg string) {
	for _, sub := range subs {
		select {
		case sub.recv <- msg:
		case <-sub.done:
		}
	}
}

// The select is followed by a return: it waits once, not on every turn of the loop.
func reportTheErrorOnceThenReturn(ctx context.Context, recv func() (string, error), errc chan<- error, out chan<- string) {
	for {
		msg, err := recv()
		if err != nil {
			select {
			case errc <- err:
			case <-time.After(time.Second):
			}
			return
		}
		out <- msg
	}
}

// A wait that happens once ends when its channel delivers; a timer bounds it too.
func goroutineWaitsOnceForAResultOrATimeout(ctx context.Context, results <-chan int, record func(int)) {
	go func() {
		select {
		case v := <-results:
			record(v)
		case <-time.After(time.Minute):
			record(-1)
		}
	}()
}

// A fan-in that collects one result per request: the loop ends after len(reqs)
// turns, and the workers that send are the ones that watch ctx.
func collectOneResultPerRequest(ctx context.Context, reqs []string, do func(context.Context, string) (int, error)) ([]int, error) {
	results, errs := make(chan int), make(chan error)
	for _, req := range reqs {
		go func(req string) {
			n, err := do(ctx, req)
			if err != nil {
				errs <- err
				return
			}
			results <- n
		}(req)
	}
	var out []int
	var firstErr error
	for range reqs {
		select {
		case n := <-results:
			out = append(out, n)
		case err := <-errs:
			firstErr = err
		}
	}
	return out, firstErr
}

func countdownInTheLoopCondition(ctx context.Context, acks <-chan int, pending int) {
	for pending > 0 {
		select {
		case id := <-acks:
			fmt.Println("ack", id)
			pending--
		}
	}
}

func deleteFromTheMapTheConditionTests(ctx context.Context, acks <-chan string, waiting map[string]bool) {
	for len(waiting) > 0 {
		select {
		case id := <-acks:
			delete(waiting, id)
		}
	}
}
