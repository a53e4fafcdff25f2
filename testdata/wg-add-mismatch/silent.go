// Near misses: counts that match the goroutines started for them, counts that are
// not literals, wg.Go, and shapes the rule cannot follow.
package mismatch

import "sync"

func addLenBeforeRange(jobs []string) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
	wg.Wait()
}

func addThreeBeforeCountedLoopOfThree() {
	var wg sync.WaitGroup
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go func() {
			defer wg.Done()
			handle("x")
		}()
	}
	wg.Wait()
}

func addNBeforeCountedLoopOfN(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			handle("x")
		}()
	}
	wg.Wait()
}

func addOneInsideTheLoop(jobs []string) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
	wg.Wait()
}

func addTwoBeforeTwoGoroutines() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		handle("a")
	}()
	go func() {
		defer wg.Done()
		handle("b")
	}()
	wg.Wait()
}

func goOnWaitGroupInLoop(jobs []string) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { handle(j) })
	}
	wg.Wait()
}

func addOneBeforeLoopThatBreaks(jobs []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			handle(j)
		}()
		break
	}
	wg.Wait()
}

func addOneBeforeConditionalGoroutine(jobs []string, target string) {
	var wg sync.WaitGroup
	wg.Add(1)
	for _, j := range jobs {
		if j == target {
			go func() {
				defer wg.Done()
				handle(j)
			}()
		}
	}
	wg.Wait()
}

func addTwoBeforeRangeOverTwo() {
	var wg sync.WaitGroup
	wg.Add(2)
	for _, name := range [...]string{"a", "b"} {
		go func() {
			defer wg.Done()
			handle(name)
		}()
	}
	wg.Wait()
}

func addOneBeforeGoroutineAndMoreWork(jobs []string, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		handle("first")
	}()
	startMore(wg, jobs)
}

func startMore(wg *sync.WaitGroup, jobs []string) {
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
}

func doneAfterAdd() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Done()
	wg.Wait()
}

func doneOnParameterBeforeAdd(wg *sync.WaitGroup) {
	wg.Done()
	wg.Add(1)
}

func addHundredBeforeTwoLoopsOfFifty() {
	var wg sync.WaitGroup
	wg.Add(100)
	for i := 0; i < 50; i++ {
		go func() {
			defer wg.Done()
			handle("reader")
		}()
	}
	for i := 0; i < 50; i++ {
		go func() {
			defer wg.Done()
			handle("writer")
		}()
	}
	wg.Wait()
}

func addOneForTheGoroutineThatSignals(unlocker int) {
	var first sync.WaitGroup
	first.Add(1)
	for i := 0; i < 100; i++ {
		go func(i int) {
			if i == unlocker {
				first.Done()
			}
		}(i)
	}
	first.Wait()
}
