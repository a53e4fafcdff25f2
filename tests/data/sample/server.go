// The shared sample every output format is snapshotted on: findings of each
// rule, a related location, and non-ASCII text before a finding on its line.
package sample

import (
	"context"
	"time"
)

func fetch(parent context.Context) error {
	/* ünïcödé 😀 */ ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}

type Server struct{}

func (s *Server) serve(parent context.Context) {
	go func() {
		context.WithCancel(parent) //nolint:ctx-cancel-discard // typo
	}()
}

//nolint:ctx // nothing to suppress any more
func stale() {}
