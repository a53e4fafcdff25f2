// The context import resolved by path: an alias is still the standard library,
// for both shapes.
package premature

import (
	stdctx "context"
	"time"
)

func startThroughAlias(parent stdctx.Context, peer string) {
	ctx, cancel := stdctx.WithTimeout(parent, time.Second)
	defer cancel() // want "ctx-cancel-premature"
	go pull(ctx, peer)
}

func useAfterCancelThroughAlias(parent stdctx.Context, peer string) error {
	ctx, cancel := stdctx.WithCancel(parent)
	_ = pull(ctx, peer)
	cancel()
	return pull(ctx, peer) // want "ctx-cancel-premature"
}
