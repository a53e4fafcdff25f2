// A positive through an aliased import.
package detached

import (
	stdctx "context"
	"database/sql"
)

func backgroundThroughAlias(ctx stdctx.Context, db *sql.DB) error {
	return db.PingContext(stdctx.Background()) // want "ctx-background-in-scope"
}
