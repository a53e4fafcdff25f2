// Near misses that must stay silent: no context to keep, shutdown code, the
// program's roots, and nil fallbacks.
package detached

import (
	"context"
	"database/sql"
	"net/http"
	"testing"
	"time"
)

func noContextInScope(db *sql.DB) error {
	return db.PingContext(context.Background())
}

func blankContextParameter(_ context.Context, db *sql.DB) error {
	return db.PingContext(context.Background())
}

func deferredShutdown(ctx context.Context, srv *http.Server) error {
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	return srv.ListenAndServe()
}

func cleanupInHelper(ctx context.Context, t *testing.T, db *sql.DB) {
	t.Cleanup(func() {
		_, _ = db.ExecContext(context.Background(), "DROP TABLE scratch")
	})
}

func nilFallback(ctx context.Context, db *sql.DB) error {
	if ctx == nil {
		ctx = context.Background()
	}
	return db.PingContext(ctx)
}

func reassignedFallback(ctx context.Context, db *sql.DB, detached bool) error {
	if detached {
		ctx = context.TODO()
	}
	return db.PingContext(ctx)
}

func shadowedByALocal(db *sql.DB) func(context.Context) error {
	run := func(ctx context.Context) error { return db.PingContext(ctx) }
	return func(_ context.Context) error {
		return run(context.Background())
	}
}

func usesTheContextItHas(ctx context.Context, db *sql.DB) error {
	timeout, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return db.PingContext(timeout)
}

func init() {
	_ = context.Background()
}

func main() {
	ctx := context.Background()
	_ = ctx
}
