// Positive: the go.mod says go 1.23, but a file of this main package sets
// //go:debug asynctimerchan=1.
package main

import (
	"log"
	"time"
)

func loop(lines <-chan string) {
	for {
		select {
		case line := <-lines:
			log.Println(line)
		case <-time.After(time.Minute): // want "timer-after-in-loop"
			return
		}
	}
}
