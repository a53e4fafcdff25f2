// Package main: returning from main ends the process and releases every
// context, so main itself is exempt; the functions it calls are not.
package main

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	if err := work(ctx); err != nil {
		return
	}
	cancel()
	serve(context.Background())
}

func serve(parent context.Context) {
	ctx, cancel := context.WithCancel(parent) // want "ctx-cancel-not-called"
	if work(ctx) != nil {
		return
	}
	cancel()
}
