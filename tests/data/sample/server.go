// The shared sample every output format is snapshotted on: findings of each
// rule, a related location, a fix, and non-ASCII text before a finding on its line.
package sample

import (
	"context"
	"time"
)

func fetch(parent context.Context) error {
	/* ünïcödé 😀 */ ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}

// A finding with a fix: `defer cancel()` after the creation.
func lookup(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	cancel()
	return nil
}

type Server struct{}

func (s *Server) serve(parent context.Context) {
	go func() {
		context.WithCancel(parent) //nolint:ctx-cancel-discard // typo
	}()
}

//nolint:ctx // nothing to suppress any more
func stale() {}
