// Positives: goroutines wait on a local channel that nothing sends on or closes.
package nosender

import (
	"fmt"
	"io"
)

func watch(c io.Closer, run func()) {
	stop := make(chan struct{})
	go func() {
		<-stop // want "leak-receive-nosender"
		c.Close()
	}()
	run()
}

func valueNeverSent() {
	results := make(chan int)
	go func() {
		v := <-results // want "leak-receive-nosender"
		fmt.Println(v)
	}()
}

func commaOk(run func()) {
	done := make(chan bool)
	go func() {
		if _, ok := <-done; ok { // want "leak-receive-nosender"
			fmt.Println("done")
		}
	}()
	run()
}

func bufferedButEmpty(run func()) {
	quit := make(chan struct{}, 1)
	go func() {
		<-quit // want "leak-receive-nosender"
		fmt.Println("quit")
	}()
	run()
}

func severalWaiters(n int) {
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			<-start // want "leak-receive-nosender"
			fmt.Println(i)
		}()
	}
}

func nestedGoroutine(run func()) {
	ready := make(chan struct{})
	go func() {
		go func() {
			<-ready // want "leak-receive-nosender"
		}()
		run()
	}()
}

func twoWaitersOneFinding(c io.Closer) {
	stop := make(chan struct{})
	go func() {
		<-stop // want "leak-receive-nosender"
		c.Close()
	}()
	go func() {
		<-stop
		fmt.Println("stopped")
	}()
}
