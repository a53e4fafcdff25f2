// Positives: a fresh root context where the caller's context is in scope.
package detached

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

func backgroundInPlainFunction(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(context.Background(), "DELETE FROM sessions") // want "ctx-background-in-scope"
	return err
}

type Store struct{ db *sql.DB }

func (s *Store) todoInMethod(ctx context.Context, id string) (*sql.Rows, error) {
	return s.db.QueryContext(context.TODO(), "SELECT * FROM items WHERE id = ?", id) // want "ctx-background-in-scope"
}

func backgroundInClosure(ctx context.Context, db *sql.DB) func() error {
	return func() error {
		return db.PingContext(context.Background()) // want "ctx-background-in-scope"
	}
}

func backgroundInAWaitedGoroutine(ctx context.Context, db *sql.DB) error {
	done := make(chan error)
	go func() {
		_, err := db.ExecContext(context.Background(), "VACUUM") // want "ctx-background-in-scope"
		done <- err
	}()
	return <-done
}

func backgroundBeforeEarlyReturn(ctx context.Context, db *sql.DB, cached bool) error {
	if cached {
		return db.PingContext(context.Background()) // want "ctx-background-in-scope"
	}
	return db.PingContext(ctx)
}

func backgroundInSwitchBranch(ctx context.Context, db *sql.DB, mode string) error {
	switch mode {
	case "fast":
		timeout, cancel := context.WithTimeout(context.Background(), time.Second) // want "ctx-background-in-scope"
		defer cancel()
		return db.PingContext(timeout)
	default:
		return db.PingContext(ctx)
	}
}

func handlerDropsTheRequestContext(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://backend/", nil) // want "ctx-background-in-scope"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	_ = req
}
