// Functions that give their context to a goroutine they start (a watcher, a
// poller, a server loop) take a context whose lifetime is theirs, not the
// caller's request: a fresh one there is the point. Functions that use the
// context only while they run should get the caller's.
package detached

import (
	"context"
	"time"
)

type sessions struct{ idle map[string]time.Time }

// watchIdle expires the session when it stays idle, for as long as ctx lives.
func watchIdle(ctx context.Context, s *sessions, id string) {
	go func() {
		ticker := time.NewTicker(time.Minute)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				delete(s.idle, id)
			}
		}
	}()
}

func (s *sessions) poll(ctx context.Context) {
	for ctx.Err() == nil {
		time.Sleep(time.Second)
	}
}

// startPolling runs poll for as long as ctx lives.
func (s *sessions) startPolling(ctx context.Context) {
	go s.poll(ctx)
}

// touch uses its context only while it runs.
func (s *sessions) touch(ctx context.Context, id string) error {
	s.idle[id] = time.Now()
	return ctx.Err()
}

// notify starts a goroutine, but not with its context.
func notify(ctx context.Context, s *sessions) {
	go func() { s.idle = map[string]time.Time{} }()
	_ = ctx.Err()
}

func (s *sessions) login(ctx context.Context, id string) error {
	watchIdle(context.Background(), s, id)
	s.startPolling(context.Background())
	notify(context.Background(), s)          // want "ctx-background-in-scope"
	return s.touch(context.Background(), id) // want "ctx-background-in-scope"
}
