// Where the caller's context is already done or the fresh one is meant to outlive the
// call: after waiting for Done, in fire-and-forget goroutines, for an object's own
// lifetime, pre-cancelled, or explained by the author. One positive shows that an
// `if` initialiser runs on every path, unlike the body of `if err != nil`.
package detached

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

func afterWaitingForDone(ctx context.Context, db *sql.DB) {
	<-ctx.Done()
	_, _ = db.ExecContext(context.Background(), "UPDATE state SET stopped = 1")
}

func afterALoopThatEndsOnDone(ctx context.Context, db *sql.DB, rows <-chan string) {
	for {
		select {
		case <-ctx.Done():
			break
		case row := <-rows:
			_ = row
			continue
		}
		break
	}
	flush(context.Background(), db)
}

func afterALoopOnErr(ctx context.Context, db *sql.DB, rows <-chan string) {
	for ctx.Err() == nil {
		<-rows
	}
	flush(context.Background(), db)
}

func afterASelectThatReturnsOnDone(ctx context.Context, db *sql.DB, rows <-chan string) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-rows:
	}
	return flush(context.Background(), db) // want "ctx-background-in-scope"
}

func fireAndForget(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	go func() {
		_ = flush(context.Background(), db)
	}()
	w.WriteHeader(http.StatusAccepted)
}

func storedForLater(ctx context.Context, db *sql.DB, jobs chan<- func()) {
	job := func() {
		_ = flush(context.Background(), db)
	}
	jobs <- job
}

func calledOnTheSpot(ctx context.Context, db *sql.DB) {
	func() {
		_ = flush(context.Background(), db) // want "ctx-background-in-scope"
	}()
}

type watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (w *watcher) run() {}

func lifetimeOfAReturnedWatcher(ctx context.Context) *watcher {
	wctx, cancel := context.WithCancel(context.Background())
	w := &watcher{ctx: wctx, cancel: cancel}
	go w.run()
	return w
}

func lifetimeGivenToAGoroutine(ctx context.Context, db *sql.DB) {
	loop, stop := context.WithCancel(context.Background())
	_ = stop
	go poll(loop, db)
}

func derivedButUsedHere(ctx context.Context, db *sql.DB) error {
	timeout, cancel := context.WithTimeout(context.Background(), time.Second) // want "ctx-background-in-scope"
	defer cancel()
	return flush(timeout, db)
}

func preCancelled(ctx context.Context, srv *http.Server) error {
	now, cancel := context.WithCancel(context.Background())
	cancel()
	return srv.Shutdown(now)
}

func explainedAtTheEndOfTheLine(ctx context.Context, db *sql.DB) error {
	return flush(context.Background(), db) // detached: the audit row outlives the request
}

func silencedForAnotherContextLinter(ctx context.Context, db *sql.DB) error {
	return flush(context.Background(), db) //nolint:contextcheck
}

func silencedForAnUnrelatedLinter(ctx context.Context, db *sql.DB) error {
	return flush(context.Background(), db) //nolint:errcheck // want "ctx-background-in-scope"
}

func explainedByABlockAbove(ctx context.Context, db *sql.DB) error {
	// The flush below must happen exactly once per boot, so it may not be
	// interrupted by whatever request triggered it: it gets a fresh context.
	// See the design note in the package documentation.
	//
	return flush(context.Background(), db)
}

// flushDetached writes the buffer with a background context: the write must finish
// even when the request that asked for it is cancelled.
func flushDetached(ctx context.Context, db *sql.DB) error {
	return flush(context.Background(), db)
}

func initialiserRunsOnEveryPath(ctx context.Context, db *sql.DB) error {
	if err := flush(context.Background(), db); err != nil { // want "ctx-background-in-scope"
		return err
	}
	return nil
}

func flush(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "COMMIT")
	return err
}

func poll(ctx context.Context, db *sql.DB) { _, _ = ctx, db }

func goroutineNotWaitedFor(ctx context.Context, db *sql.DB, done chan<- error) {
	go func() {
		_, err := db.ExecContext(context.Background(), "VACUUM")
		done <- err
	}()
}

func localCalledHere(ctx context.Context, db *sql.DB) error {
	run := func() error {
		return flush(context.Background(), db) // want "ctx-background-in-scope"
	}
	return run()
}

func releaseInAGoroutine(ctx context.Context, release func(context.Context)) {
	go release(context.TODO())
}

func noTimeoutSignal(ctx context.Context, timeouts chan<- context.Context) {
	timeouts <- context.Background()
}

func waitedSignal(ctx context.Context, done <-chan struct{}, db *sql.DB, stop <-chan struct{}) {
	select {
	case <-done:
		// The caller's context is cancelled by now, so the cleanup query
		// gets one of its own.
		_ = flush(context.Background(), db)
	case <-stop:
	}
}

func replacesItsContext(ctx context.Context, db *sql.DB, events <-chan string) {
	ctx = context.WithValue(context.Background(), key{}, "forwarder")
	for range events {
		_ = flush(ctx, db)
	}
}

type key struct{}

func lifetimeHeldByAClosure(ctx context.Context, db *sql.DB, register func(func())) {
	logCtx, cancelLog := context.WithCancel(context.Background())
	onClose := func() {
		cancelLog()
	}
	register(onClose)
	_ = flush(logCtx, db)
}
