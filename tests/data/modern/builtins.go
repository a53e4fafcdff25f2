// Go 1.21 min, max and clear.
package modern

import "context"

func builtins(parent context.Context, m map[string]int, a, b int) int {
	clear(m)
	ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
	_ = ctx
	return min(a, b) + max(a, b)
}
