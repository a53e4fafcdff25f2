// Tests build their own contexts: silent in every function of a _test.go file.
package detached

import (
	"context"
	"database/sql"
	"testing"
)

func TestPing(t *testing.T) {
	var db *sql.DB
	helperWithContext(context.Background(), t, db)
}

func helperWithContext(ctx context.Context, t *testing.T, db *sql.DB) {
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatal(err)
	}
}
