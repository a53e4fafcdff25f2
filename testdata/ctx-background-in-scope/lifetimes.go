// Near misses that must stay silent: the fresh context is compared, becomes a
// long-lived object's own, is explained, or runs where the caller's is gone.
package detached

import (
	"context"
	"database/sql"
	"time"
)

type Conn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func comparedNotUsed(ctx context.Context) bool {
	return ctx != context.Background()
}

func lifetimeOfALongLivedObject(ctx context.Context) *Conn {
	c := &Conn{}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c
}

type valuesOnly struct {
	context.Context
	values context.Context
}

func fieldOfACompositeLiteral(ctx context.Context) context.Context {
	return &valuesOnly{Context: context.Background(), values: ctx}
}

func explainedByAComment(ctx context.Context, db *sql.DB) error {
	// The audit row must be written even when the caller's context is cancelled.
	_, err := db.ExecContext(context.Background(), "INSERT INTO audit VALUES (1)")
	return err
}

func callbackMayRunLater(ctx context.Context, register func(func())) {
	register(func() {
		cleanup(context.Background())
	})
}

func afterTheContextIsDone(ctx context.Context, results <-chan int) {
	select {
	case <-ctx.Done():
		stop, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		cleanup(stop)
	case <-results:
	}
}

func cleanupAfterFailure(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, "INSERT INTO jobs VALUES (1)"); err != nil {
		cleanup(context.Background())
		return err
	}
	return nil
}

func cleanup(ctx context.Context) { _ = ctx }
