// Near misses that must stay silent: the cancel function is called on every
// path, or it leaves the function (returned, stored, passed, sent, captured by
// a closure that calls it), or the path ends in panic, os.Exit or log.Fatal.
package notcalled

import (
	"context"
	"log"
	"os"
	"sync"
	"time"
)

func deferredRightAway(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	if err := work(ctx); err != nil {
		return err
	}
	return nil
}

func calledOnEveryBranch(parent context.Context, mode int) error {
	ctx, cancel := context.WithCancel(parent)
	switch mode {
	case 0:
		cancel()
		return nil
	default:
		err := work(ctx)
		cancel()
		return err
	}
}

func returnedToTheCaller(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

func returnedInAClosure(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, func() {
		cancel()
	}
}

type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
	stops  map[string]context.CancelFunc
	mu     sync.Mutex
}

func (s *Session) storedInAField(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	s.ctx = ctx
	s.cancel = cancel
}

func (s *Session) storedInAMap(parent context.Context, name string) context.Context {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.stops[name] = cancel
	s.mu.Unlock()
	return ctx
}

func storedInAStruct(parent context.Context) *Session {
	ctx, cancel := context.WithCancel(parent)
	return &Session{ctx: ctx, cancel: cancel}
}

func register(stop context.CancelFunc) {}

func passedToAFunction(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	register(cancel)
	return ctx
}

func sentOnAChannel(parent context.Context, stops chan<- context.CancelFunc) context.Context {
	ctx, cancel := context.WithCancel(parent)
	stops <- cancel
	return ctx
}

func calledByAGoroutine(parent context.Context, stop <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-stop
		cancel()
	}()
	return ctx
}

func calledInADeferredClosure(parent context.Context) (err error) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer func() {
		if err != nil {
			log.Print(err)
		}
		cancel()
	}()
	return work(ctx)
}

func cancelledWhenTheTimerFires(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	time.AfterFunc(time.Minute, cancel)
	return ctx
}

func panicPathNeedsNoCancel(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if ctx == nil {
		panic("no context")
	}
	defer cancel()
	return work(ctx)
}

func exitPathsNeedNoCancel(parent context.Context, strict bool) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := work(ctx); err != nil {
		if strict {
			log.Fatal(err)
		}
		os.Exit(1)
	}
	cancel()
}

func recreatedInALoop(parent context.Context, urls []string) {
	for _, url := range urls {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		_, _ = fetch(ctx, url)
		cancel()
	}
}

func assignedInEitherBranch(parent context.Context, d time.Duration) error {
	var ctx context.Context
	var cancel context.CancelFunc
	if d > 0 {
		ctx, cancel = context.WithTimeout(parent, d)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	defer cancel()
	return work(ctx)
}

func closureDeclaredBeforeTheContext(parent context.Context, d time.Duration) error {
	cancel := func() {}
	defer func() { cancel() }()
	ctx := parent
	if d > 0 {
		ctx, cancel = context.WithTimeout(parent, d)
	}
	return work(ctx)
}

func guardedByANilCheck(parent context.Context, commands <-chan string) error {
	var ctx context.Context
	var cancel context.CancelFunc
	for command := range commands {
		switch command {
		case "start":
			if cancel != nil {
				continue
			}
			ctx, cancel = context.WithCancel(parent)
			go func() { _ = work(ctx) }()
		case "exit":
			if cancel != nil {
				cancel()
			}
			return nil
		}
	}
	if cancel != nil {
		cancel()
	}
	return nil
}
