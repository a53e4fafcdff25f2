// Go 1.24: a generic type alias, and a finding inside a function that uses it.
package modern

import "context"

type Set[T comparable] = map[T]struct{}

func countKeys(parent context.Context, s Set[string]) int {
	ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
	_ = ctx
	return len(s)
}
