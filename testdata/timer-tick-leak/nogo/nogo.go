// Positive: a go.mod without a go directive means go 1.16 to the go command.
package nogo

import "time"

func waitForTheNextTick() {
	<-time.Tick(time.Second) // want "timer-tick-leak"
}
