// The context import resolved by path: an alias is still the standard library.
package notcalled

import (
	stdctx "context"
	"time"
)

func leakThroughAlias(parent stdctx.Context, ok bool) error {
	ctx, cancel := stdctx.WithTimeout(parent, time.Second) // want "ctx-cancel-not-called"
	if !ok {
		return nil
	}
	defer cancel()
	return ctx.Err()
}

func calledThroughAlias(parent stdctx.Context) error {
	ctx, cancel := stdctx.WithTimeout(parent, time.Second)
	defer cancel()
	return ctx.Err()
}
