// Near misses that must stay silent: the function waits for the goroutine, keeps
// working with the context after starting it, blocks before returning, or the
// goroutine only watches for cancellation; after `cancel()` the context is only
// inspected, logged, returned, or replaced before it is used again.
package premature

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func waitsOnAWaitGroup(parent context.Context, peers []string) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var wg sync.WaitGroup
	for _, peer := range peers {
		wg.Add(1)
		go func(peer string) {
			defer wg.Done()
			_ = pull(ctx, peer)
		}(peer)
	}
	wg.Wait()
}

func receivesTheResult(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- pull(ctx, peer) }()
	return <-errc
}

func waitsOnAnErrgroup(parent context.Context, peers []string) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	for _, peer := range peers {
		peer := peer
		g.Go(func() error { return pull(gctx, peer) })
	}
	go pull(gctx, "extra")
	return g.Wait()
}

func selectsOnTheResult(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- pull(ctx, peer) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func keepAliveWhileWorking(parent context.Context, peer string) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	go keepAlive(ctx)
	return pull(ctx, peer)
}

func keepAlive(ctx context.Context) {
	_ = pull(ctx, "keepalive")
}

func heartbeatDuringSlowWork(parent context.Context, compute func() error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	go keepAlive(ctx)
	return compute()
}

func watcherOnlyWaitsForDone(parent context.Context, conn net.Conn, buf []byte) (int, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	go func() {
		<-ctx.Done()
		_ = conn.SetReadDeadline(time.Unix(1, 0))
	}()
	return conn.Read(buf)
}

func goroutineWithoutTheContext(parent context.Context, done chan struct{}) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	go close(done)
	return pull(ctx, "x")
}

func errAfterCancel(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	err := pull(ctx, peer)
	cancel()
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	<-ctx.Done()
	return err
}

func logsAfterCancel(parent context.Context, peer string) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	err := pull(ctx, peer)
	cancel()
	slog.InfoContext(ctx, "pulled", "err", err)
	_ = context.Cause(ctx)
}

func alreadyCancelled(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	cancel()
	return ctx
}

func replacedBeforeReuse(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	_ = pull(ctx, peer)
	cancel()
	ctx, cancel = context.WithTimeout(parent, time.Second)
	defer cancel()
	return pull(ctx, peer)
}

func parentUsedAfterCancel(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	_ = pull(ctx, peer)
	cancel()
	return pull(parent, peer)
}

func cancelInLoopRecreated(parent context.Context, peers []string) {
	for _, peer := range peers {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		_ = pull(ctx, peer)
		cancel()
	}
}

// release only takes trace values out of its context and makes its own for the
// call, so a goroutine that hands it the context is not cut short by the cancel.
func release(ctx context.Context, peer string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if trace := ctx.Value(traceKey{}); trace != nil {
		rctx = context.WithValue(rctx, traceKey{}, trace)
	}
	_ = pull(rctx, peer)
}

type traceKey struct{}

func releaseAsync(parent context.Context, peers []string) bool {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	go func() {
		for _, peer := range peers {
			release(ctx, peer)
		}
	}()
	go release(ctx, "last")
	return len(peers) > 0
}

func recreatedInTheBranch(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	err := pull(ctx, peer)
	cancel()
	if err != nil {
		ctx, cancel = context.WithTimeout(parent, time.Second)
		_ = pull(ctx, "fallback")
		cancel()
	}
	return err
}
