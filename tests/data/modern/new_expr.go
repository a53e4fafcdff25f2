// Go 1.26 new(expr): an expression, not a type, as the argument of new.
package modern

import (
	"context"
	"fmt"
)

func newOfExpressions(parent context.Context, n int) (*int, *string, *int64) {
	ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
	_ = ctx
	return new(42), new(fmt.Sprintf("%d", n)), new(int64(n))
}
