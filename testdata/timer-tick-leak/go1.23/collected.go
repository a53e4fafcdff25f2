// Near misses: the positives of go1.22/, in a module that says go 1.23, where
// unreferenced tickers are collected. Nothing is reported.
package leak

import (
	"errors"
	"log"
	stdtime "time"
	"time"
)

func pollUntilError(refresh func() error) error {
	for range time.Tick(time.Second) {
		if err := refresh(); err != nil {
			return err
		}
	}
	return nil
}

type Poller struct {
	every time.Duration
}

func (p *Poller) waitTwoTicks() {
	tick := time.Tick(p.every)
	<-tick
	<-tick
}

func droppedOnTheFloor() {
	time.Tick(time.Second)
}

func newTickerEveryTurn(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-time.Tick(time.Second):
			log.Println("tick")
		}
	}
}

func aliasedTick(limit int) {
	n := 0
	for range stdtime.Tick(stdtime.Second) {
		n++
		if n == limit {
			break
		}
	}
}

func goroutineThatStops(stop <-chan struct{}) {
	go func() {
		tick := time.Tick(time.Second)
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

func earlyReturnBeforeTheLoop(enabled bool) {
	tick := time.Tick(time.Minute)
	if !enabled {
		return
	}
	for range tick {
		log.Println("minute")
	}
}

func switchBranchPicksARate(mode string) error {
	var tick <-chan time.Time
	switch mode {
	case "fast":
		tick = time.Tick(time.Millisecond)
	case "slow":
		tick = time.Tick(time.Second)
	default:
		return errors.New("unknown mode")
	}
	<-tick
	return nil
}
