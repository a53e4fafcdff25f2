// Positives: a literal WaitGroup.Add count that differs from the goroutines
// started for it, and Done reached before any Add, in the shapes real code takes.
package mismatch

import (
	"errors"
	"sync"
)

type server struct {
	wg   sync.WaitGroup
	jobs []string
}

func handle(string) {}

func addOneBeforeRangeLoop(jobs []string) {
	var wg sync.WaitGroup
	wg.Add(1) // want "wg-add-mismatch"
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
	wg.Wait()
}

func (s *server) addOneOnFieldBeforeLoop() {
	s.wg.Add(1) // want "wg-add-mismatch"
	for _, j := range s.jobs {
		go func() {
			defer s.wg.Done()
			handle(j)
		}()
	}
	s.wg.Wait()
}

func addTwoBeforeCountedLoopOfThree() {
	wg := &sync.WaitGroup{}
	wg.Add(2) // want "wg-add-mismatch"
	for i := 0; i < 3; i++ {
		go func() {
			defer wg.Done()
			handle("x")
		}()
	}
	wg.Wait()
}

func addThreeBeforeTwoGoroutines() {
	var wg sync.WaitGroup
	wg.Add(3) // want "wg-add-mismatch"
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

func addOneInClosure(jobs []string) func() {
	return func() {
		var wg sync.WaitGroup
		wg.Add(1) // want "wg-add-mismatch"
		for range jobs {
			go func() {
				defer wg.Done()
			}()
		}
		wg.Wait()
	}
}

func addOneInGoroutine(jobs []string, done chan<- struct{}) {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1) // want "wg-add-mismatch"
		for _, j := range jobs {
			go func(wg *sync.WaitGroup) {
				defer wg.Done()
				handle(j)
			}(&wg)
		}
		wg.Wait()
		done <- struct{}{}
	}()
}

func addOneAfterEarlyReturn(jobs []string) error {
	if len(jobs) == 0 {
		return errors.New("no jobs")
	}
	var wg sync.WaitGroup
	wg.Add(1) // want "wg-add-mismatch"
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			handle(j)
		}()
	}
	wg.Wait()
	return nil
}

func addOneInSwitchBranch(mode int, jobs []string) {
	wg := new(sync.WaitGroup)
	switch mode {
	case 0:
		return
	default:
		wg.Add(1) // want "wg-add-mismatch"
		for _, j := range jobs {
			go func() {
				defer wg.Done()
				handle(j)
			}()
		}
	}
	wg.Wait()
}

func doneBeforeAnyAdd() {
	var wg sync.WaitGroup
	wg.Done() // want "wg-add-mismatch"
	wg.Add(1)
	go func() {
		defer wg.Done()
		handle("late")
	}()
	wg.Wait()
}

func addOneBeforeTwoGoroutinesThenReturn() {
	var wg sync.WaitGroup
	wg.Add(1) // want "wg-add-mismatch"
	go func() {
		defer wg.Done()
		handle("a")
	}()
	go func() {
		defer wg.Done()
		handle("b")
	}()
}
