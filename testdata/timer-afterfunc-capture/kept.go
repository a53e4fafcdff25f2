// Near misses: the timer is kept (assigned and stopped, stored in a field,
// returned, passed on), the closure captures nothing local, or the function
// passed is not a closure.
package capture

import (
	"context"
	"log"
	"net/http"
	"time"
)

var requestsTimedOut int

const label = "timeout"

type Limiter struct {
	timer *time.Timer
	name  string
}

type Event struct {
	name string
	size int
}

func keptAndStopped(r *http.Request) {
	t := time.AfterFunc(time.Second, func() {
		log.Println(r.URL)
	})
	defer t.Stop()
}

func (l *Limiter) storedInAField(r *http.Request) {
	l.timer = time.AfterFunc(time.Second, func() {
		log.Println(r.URL)
	})
}

func returnedToTheCaller(r *http.Request) *time.Timer {
	return time.AfterFunc(time.Second, func() {
		log.Println(r.URL)
	})
}

func passedToARegistry(r *http.Request, keep func(*time.Timer)) {
	keep(time.AfterFunc(time.Second, func() {
		log.Println(r.URL)
	}))
}

func capturesOnlyPackageNamesAndConstants(r *http.Request) {
	const local = 3
	time.AfterFunc(time.Second, func() {
		requestsTimedOut += local
		log.Println(label, http.StatusGatewayTimeout)
	})
}

func declaresItsOwnVariables(name string) {
	time.AfterFunc(time.Second, func() {
		name := "shadow"
		size := len(name)
		e := Event{name: name, size: size}
		log.Println(e)
	})
	log.Println(name)
}

func methodValueIsNotAClosure(l *Limiter) {
	time.AfterFunc(time.Second, l.release)
}

func literalThatOnlyCallsAMethodValue(l *Limiter) {
	time.AfterFunc(time.Second, func() { l.release() })
}

func literalThatOnlyCallsACapturedFunction(cancel context.CancelFunc) {
	time.AfterFunc(time.Second, func() {
		cancel()
	})
}

func namedFunctionIsNotAClosure() {
	time.AfterFunc(time.Second, flushAll)
}

func firesAtOnce(r *http.Request) {
	time.AfterFunc(0, func() {
		log.Println(r.URL)
	})
}

func contextAfterFuncIsAnotherAPI(ctx context.Context, r *http.Request) {
	stop := context.AfterFunc(ctx, func() {
		log.Println(r.URL)
	})
	defer stop()
}

func suppressedOnPurpose(r *http.Request) {
	//nolint:timer-afterfunc-capture // the process exits within a second anyway
	time.AfterFunc(time.Second, func() {
		log.Println(r.URL)
	})
}

func (l *Limiter) release() {}

func flushAll() {}
