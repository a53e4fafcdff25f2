// A leading empty statement in a function literal.
package modern

import "context"

func leadingEmptyStatement(parent context.Context, run func(func())) {
	run(func() { ; ctx, _ := context.WithCancel(parent); _ = ctx }) // want "ctx-cancel-discarded"
}
