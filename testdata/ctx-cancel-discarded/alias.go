// Positives through an aliased import of "context".
package discarded

import (
	stdctx "context"
	"time"
)

func discardedThroughAlias(parent stdctx.Context) error {
	ctx, _ := stdctx.WithTimeout(parent, 2*time.Second) // want "ctx-cancel-discarded"
	return work(ctx)
}

func keptThroughAlias(parent stdctx.Context) error {
	ctx, cancel := stdctx.WithTimeout(parent, 2*time.Second)
	defer cancel()
	return work(ctx)
}
