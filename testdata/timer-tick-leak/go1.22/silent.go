// Near misses under go 1.22: the function never returns once the ticker runs,
// the ticker is stopped, or the Tick is not time's.
package leak

import (
	"log"
	"os"
	"time"
)

var everySecond = time.Tick(time.Second)

func init() {
	go func() {
		for range time.Tick(time.Hour) {
			log.Println("hourly")
		}
	}()
}

func foreverOnATick() {
	for range time.Tick(time.Second) {
		log.Println("tick")
	}
}

func foreverInASelect(events <-chan string) {
	tick := time.Tick(time.Second)
	for {
		select {
		case e := <-events:
			log.Println(e)
		case <-tick:
			log.Println("tick")
		}
	}
}

func rangeOverATickVariable() {
	tick := time.Tick(time.Minute)
	for range tick {
		log.Println("minute")
	}
}

func exitsInsteadOfReturning(check func() bool) {
	for range time.Tick(time.Second) {
		if !check() {
			log.Println("unhealthy")
			os.Exit(1)
		}
	}
}

func goroutineRunsForever() {
	go func() {
		for range time.Tick(time.Second) {
			log.Println("tick")
		}
	}()
}

func stoppedTicker(done <-chan struct{}) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
			log.Println("tick")
		}
	}
}

type fakeClock struct{}

func (fakeClock) Tick(d time.Duration) <-chan time.Time { return nil }

func fakeClockTick(clock fakeClock) <-chan time.Time {
	return clock.Tick(time.Second)
}

func labelledBreakOutOfAnInnerLoop(batches [][]int) {
	tick := time.Tick(time.Second)
	for {
		<-tick
	inner:
		for _, batch := range batches {
			for range batch {
				break inner
			}
		}
	}
}

type Pacer struct {
	ticks <-chan time.Time
}

func NewPacerStoresTheChannel(every time.Duration) *Pacer {
	p := &Pacer{}
	p.ticks = time.Tick(every)
	return p
}

func returnedToTheCaller(every time.Duration) <-chan time.Time {
	return time.Tick(every)
}

func passedToAWorker(work func(<-chan time.Time)) {
	tick := time.Tick(time.Second)
	go work(tick)
}

func capturedByAGoroutine(stop <-chan struct{}) {
	tick := time.Tick(time.Second)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-tick:
				log.Println("tick")
			}
		}
	}()
}

func suppressedOnPurpose() {
	//nolint:timer-tick-leak // runs once, at start-up
	tick := time.Tick(time.Second)
	<-tick
}
