// Positives under go 1.22: a select in a loop receives from time.After, and
// another case (or default) lets the loop turn again, so one live timer is left
// behind per turn.
package piled

import (
	"context"
	"errors"
	"log"
	"time"
)

type Job struct{ ID int }

func handle(Job) {}

func idleTimeoutPerMessage(jobs <-chan Job) {
	for {
		select {
		case job := <-jobs:
			handle(job)
		case <-time.After(time.Minute): // want "timer-after-in-loop"
			return
		}
	}
}

type Worker struct {
	jobs    chan Job
	timeout time.Duration
}

func (w *Worker) runWithHeartbeat() {
	for {
		select {
		case job := <-w.jobs:
			handle(job)
		case now := <-time.After(w.timeout): // want "timer-after-in-loop"
			log.Println("heartbeat", now)
		}
	}
}

func pollWithDefault(ready func() bool) {
	for !ready() {
		select {
		case <-time.After(time.Second): // want "timer-after-in-loop"
			log.Println("still waiting")
		default:
			work()
		}
	}
}

func rangeLoopOverItems(items []string, acks <-chan string) {
	for _, item := range items {
		select {
		case ack := <-acks:
			log.Println(item, ack)
		case <-time.After(5 * time.Second): // want "timer-after-in-loop"
			log.Println("no ack for", item)
		}
	}
}

func goroutineConsumer(events <-chan string) {
	go func() {
		for {
			select {
			case e := <-events:
				log.Println(e)
			case <-time.After(time.Minute): // want "timer-after-in-loop"
				log.Println("quiet")
			}
		}
	}()
}

func withContextDoneAndMessages(ctx context.Context, in <-chan Job) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case job := <-in:
			handle(job)
		case <-time.After(time.Second): // want "timer-after-in-loop"
			log.Println("idle")
		}
	}
}

func switchBranchSelect(mode string, in <-chan Job) {
	for {
		switch mode {
		case "drain":
			select {
			case job := <-in:
				handle(job)
			case <-time.After(time.Second): // want "timer-after-in-loop"
				return
			}
		default:
			return
		}
	}
}

func continueOwnLabelGoesRoundAgain(in <-chan Job) {
outer:
	for {
		select {
		case job := <-in:
			if job.ID == 0 {
				continue outer
			}
			handle(job)
		case <-time.After(time.Second): // want "timer-after-in-loop"
			return
		}
	}
}

func ifWithoutElseMayStay(in <-chan Job) {
	for {
		select {
		case job, ok := <-in:
			if !ok {
				return
			}
			handle(job)
		case <-(time.After(time.Second)): // want "timer-after-in-loop"
			return
		}
	}
}

func work() {}

func flagCheckedOnlySometimes(ctx context.Context, in <-chan Job, strict bool) error {
	for {
		var failed bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case job := <-in:
			failed = job.ID < 0
		case <-time.After(time.Second): // want "timer-after-in-loop"
			continue
		}
		if failed && strict {
			return errors.New("bad job")
		}
	}
}
