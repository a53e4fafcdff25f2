// Positives under go 1.22: a time.Tick whose ticker keeps running after its
// function returns, or a new ticker on every turn of a loop.
package leak

import (
	"errors"
	"log"
	stdtime "time"
	"time"
)

func pollUntilError(refresh func() error) error {
	for range time.Tick(time.Second) { // want "timer-tick-leak"
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
	tick := time.Tick(p.every) // want "timer-tick-leak"
	<-tick
	<-tick
}

func droppedOnTheFloor() {
	time.Tick(time.Second) // want "timer-tick-leak"
}

func newTickerEveryTurn(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-time.Tick(time.Second): // want "timer-tick-leak"
			log.Println("tick")
		}
	}
}

func aliasedTick(limit int) {
	n := 0
	for range stdtime.Tick(stdtime.Second) { // want "timer-tick-leak"
		n++
		if n == limit {
			break
		}
	}
}

func goroutineThatStops(stop <-chan struct{}) {
	go func() {
		tick := time.Tick(time.Second) // want "timer-tick-leak"
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
	tick := time.Tick(time.Minute) // want "timer-tick-leak"
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
		tick = time.Tick(time.Millisecond) // want "timer-tick-leak"
	case "slow":
		tick = time.Tick(time.Second) // want "timer-tick-leak"
	default:
		return errors.New("unknown mode")
	}
	<-tick
	return nil
}
