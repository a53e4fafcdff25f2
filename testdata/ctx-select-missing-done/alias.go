// Positives and a near miss through an aliased import of "context".
package missing

import stdctx "context"

func aliasedContextIgnored(ctx stdctx.Context, in <-chan string, out chan<- string) {
	for {
		select { // want "ctx-select-missing-done"
		case s := <-in:
			out <- s
		}
	}
}

func aliasedContextHonoured(ctx stdctx.Context, in <-chan string, out chan<- string) {
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-in:
			out <- s
		}
	}
}
