// Go 1.22 range over an integer and Go 1.23 range over a function iterator.
package modern

import (
	"context"
	"iter"
)

func rangeOverInt(parent context.Context) {
	for i := range 10 {
		ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
		_, _ = ctx, i
	}
}

func rangeOverFunc(parent context.Context, seq iter.Seq[int]) {
	for v := range seq {
		ctx, _ := context.WithCancel(parent) // want "ctx-cancel-discarded"
		_, _ = ctx, v
	}
}
