// Near misses under go 1.22: no timer is left behind per turn.
package piled

import (
	"context"
	"errors"
	"log"
	"os"
	"time"
)

func retryWithBackoff(ctx context.Context, try func() error) error {
	backoff := 10 * time.Millisecond
	for i := 0; i < 5; i++ {
		if err := try(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
	return errors.New("gave up")
}

func timeAfterAloneIsASleep(n int) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(time.Millisecond):
		}
		work()
	}
}

func selectOutsideAnyLoop(in <-chan Job) {
	select {
	case job := <-in:
		handle(job)
	case <-time.After(time.Second):
	}
}

func oneTimerForTheWholeLoop(in <-chan Job) {
	timeout := time.After(time.Minute)
	for {
		select {
		case job := <-in:
			handle(job)
		case <-timeout:
			return
		}
	}
}

func literalInsideTheLoopWaitsOnce(jobs []Job, acks <-chan int) {
	for _, job := range jobs {
		go func() {
			select {
			case id := <-acks:
				log.Println(job.ID, id)
			case <-time.After(time.Second):
			}
		}()
	}
}

func everyOtherCaseLeaves(in <-chan Job) {
outer:
	for {
		select {
		case job, ok := <-in:
			if !ok {
				break outer
			}
			handle(job)
			break outer
		case <-time.After(time.Second):
			log.Println("tick")
		}
	}
}

func otherCaseExitsOrPanics(fatal <-chan error, broken <-chan string) {
	for {
		select {
		case err := <-fatal:
			log.Println(err)
			os.Exit(1)
		case msg := <-broken:
			panic(msg)
		case <-time.After(time.Second):
			work()
		}
	}
}

func bothBranchesReturn(in <-chan Job) error {
	for {
		select {
		case job := <-in:
			if job.ID > 0 {
				return nil
			} else {
				return errors.New("bad job")
			}
		case <-time.After(time.Second):
			work()
		}
	}
}

type fakeClock struct{}

func (fakeClock) After(d time.Duration) <-chan time.Time { return nil }

func fakeClockAfter(clock fakeClock, in <-chan Job) {
	for {
		select {
		case job := <-in:
			handle(job)
		case <-clock.After(time.Second):
			return
		}
	}
}

func resetTimerInstead(in <-chan Job) {
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case job := <-in:
			handle(job)
			idle.Reset(time.Minute)
		case <-idle.C:
			return
		}
	}
}

func suppressedOnPurpose(in <-chan Job) {
	for {
		select {
		case job := <-in:
			handle(job)
		case <-time.After(time.Millisecond): //nolint:timer-after-in-loop // a millisecond timer cannot pile up
			return
		}
	}
}

func errorSetInACaseEndsTheLoopAfterTheSelect(ctx context.Context, try func() error) error {
	for attempt := 0; ; attempt++ {
		err := try()
		if err != nil && attempt < 3 {
			select {
			case <-time.After(time.Second):
				continue
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		if err != nil {
			return err
		}
		return nil
	}
}

func conditionFlagEndsTheLoop(out <-chan string) {
	finished := false
	for !finished {
		select {
		case line := <-out:
			log.Println(line)
			finished = true
		case <-time.After(time.Second):
			log.Println("waiting")
		}
	}
}

func closingTheRangedChannelEndsTheLoop(trigger chan struct{}, dying <-chan struct{}) {
	for range trigger {
		select {
		case <-dying:
			close(trigger)
		case <-time.After(time.Second):
			work()
		}
	}
}

func sleepOutlastsTheTimer(closed []<-chan struct{}) {
	for _, done := range closed {
		select {
		case <-done:
			time.Sleep(time.Second)
		case <-time.After(time.Second):
		}
		work()
	}
}

type testingT interface{ Fatal(...any) }

func helperWithALocalTestingInterfaceStillCounts(t testingT, in <-chan Job) {
	for {
		select {
		case job := <-in:
			handle(job)
		case <-time.After(time.Second): //nolint:timer-after-in-loop // not a *testing.T: checked like any code
			t.Fatal("timeout")
		}
	}
}

// The other case waits for a signal (a bare receive): a stop or done channel wins
// once, so at most one timer is left behind, not one per turn.
func pollUntilStopped(stop <-chan struct{}, poll func() bool) {
	for {
		if poll() {
			return
		}
		select {
		case <-stop:
		case <-time.After(time.Second):
		}
	}
}

func notifiedOrTicking(notify <-chan struct{}, refresh func()) {
	for {
		select {
		case <-notify:
		case <-time.After(time.Minute):
		}
		refresh()
	}
}
