// Positives: directive names with a lifelint family prefix that are not rules.
package unknown

import (
	"context"
	"time"
)

func typoInline(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discard // want "nolint-unknown"
	defer cancel()
	return use(ctx)
}

//nolint:span-never-ended // want "nolint-unknown"
func typoAboveDeclaration() {}

type Pool struct{}

func (p *Pool) typoInMethod() {
	//nolint:errcheck,wg-add-inside // want "nolint-unknown"
	p.typoInClosure()
}

func (p *Pool) typoInClosure() {
	run := func() {
		_ = time.Now() //nolint:timer-leaks // want "nolint-unknown"
	}
	run()
}

func typoInGoroutine() {
	go func() {
		//nolint:pprof-label // want "nolint-unknown"
		_ = time.Now()
	}()
}

func oldNameOfTheHygieneRule() int {
	return 1 //nolint:nolint-unusd // want "nolint-unknown"
}

func traceFamilyPrefix() int {
	return 2 //nolint:trace-start // want "nolint-unknown"
}

func use(ctx context.Context) error { return ctx.Err() }
