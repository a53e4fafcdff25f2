// Positives: goroutines range over a local channel that the function never closes.
package unclosed

import (
	"fmt"
	"sync"
)

func printAll(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch { // want "leak-range-unclosed"
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
}

func workers(jobs []int) {
	queue := make(chan int, len(jobs))
	for i := 0; i < 4; i++ {
		go func() {
			for j := range queue { // want "leak-range-unclosed"
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
}

func waitsForTheWorkers(jobs []int) {
	var wg sync.WaitGroup
	queue := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range queue { // want "leak-range-unclosed"
			handle(j)
		}
	}()
	for _, j := range jobs {
		queue <- j
	}
}

func rangeWithoutValue(n int) {
	ticks := make(chan struct{})
	go func() {
		for range ticks { // want "leak-range-unclosed"
			handle(1)
		}
	}()
	for i := 0; i < n; i++ {
		ticks <- struct{}{}
	}
}

func countingResults(items []string) int {
	results := make(chan int)
	total := 0
	done := make(chan struct{})
	go func() {
		for r := range results { // want "leak-range-unclosed"
			total += r
		}
	}()
	go func() {
		for _, it := range items {
			results <- len(it)
		}
		done <- struct{}{}
	}()
	<-done
	return total
}

func inALiteral(items []string) func() {
	return func() {
		names := make(chan string)
		go func() {
			for n := range names { // want "leak-range-unclosed"
				fmt.Println(n)
			}
		}()
		for _, it := range items {
			names <- it
		}
	}
}

func handle(int) {}

func receiveUntilClosed(lines []string) {
	ch := make(chan string)
	go func() {
		for {
			l, ok := <-ch // want "leak-range-unclosed"
			if !ok {
				return
			}
			fmt.Println(l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
}

func nothingEverSent() {
	events := make(chan string)
	go func() {
		for {
			e, ok := <-events // want "leak-range-unclosed"
			if !ok {
				break
			}
			fmt.Println(e)
		}
	}()
}

func twoConsumersOneFinding(lines []string) {
	ch := make(chan string)
	go func() {
		for l := range ch { // want "leak-range-unclosed"
			fmt.Println("a", l)
		}
	}()
	go func() {
		for l := range ch {
			fmt.Println("b", l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
}
