// Positives under go 1.23 with `godebug asynctimerchan=1` in go.mod, which
// brings the pre-1.23 timers back.
package debug

import (
	"log"
	"time"
)

func idleTimeoutPerMessage(lines <-chan string) {
	for {
		select {
		case line := <-lines:
			log.Println(line)
		case <-time.After(time.Minute): // want "timer-after-in-loop"
			return
		}
	}
}

func pollWithDefault(done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-time.After(time.Second): // want "timer-after-in-loop"
			log.Println("waiting")
		default:
			log.Println("busy")
			time.Sleep(time.Millisecond)
		}
	}
}
