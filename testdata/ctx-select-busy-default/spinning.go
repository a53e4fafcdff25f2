// Positives: a select in an endless loop whose default case (and the rest of
// the loop body) neither blocks nor leaves the loop, so the loop spins.
package busy

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
)

func emptyDefaultSpins(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default: // want "ctx-select-busy-default"
		}
	}
}

func countingDefaultSpins(ctx context.Context, events <-chan string) int {
	idle := 0
	for {
		select {
		case <-ctx.Done():
			return idle
		case e := <-events:
			fmt.Println(e)
		default: // want "ctx-select-busy-default"
			idle++
		}
	}
}

func loggingDefaultSpins(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default: // want "ctx-select-busy-default"
			log.Printf("no event yet")
		}
	}
}

// An unlabelled break leaves the select, not the loop.
func breakInDefaultOnlyLeavesTheSelect(events <-chan string) {
	for {
		select {
		case e := <-events:
			fmt.Println(e)
		default: // want "ctx-select-busy-default"
			break
		}
	}
}

func atomicCounterInAForClauseLoop(events <-chan string, misses *int64) {
	for polls := 0; ; polls++ {
		select {
		case e := <-events:
			fmt.Println(e)
		default: // want "ctx-select-busy-default"
			atomic.AddInt64(misses, int64(polls))
			continue
		}
	}
}

func conditionalBookkeepingSpins(events <-chan string, limit int) {
	misses, warned := 0, false
	for {
		select {
		case e := <-events:
			fmt.Println(e, warned)
		default: // want "ctx-select-busy-default"
			if misses++; misses > limit && !warned {
				warned = true
				fmt.Printf("no event after %d polls\n", len(fmt.Sprint(misses)))
			}
		}
	}
}

type Collector struct {
	metrics chan int
	total   int
	logger  *log.Logger
	idle    atomic.Int64
}

func (c *Collector) statementsAroundTheSelectDoNotBlock(ctx context.Context) {
	for {
		c.total += 0
		select {
		case <-ctx.Done():
			return
		case m := <-c.metrics:
			c.total += m
		default: // want "ctx-select-busy-default"
			c.idle.Add(1)
			c.logger.Println("idle")
		}
	}
}
