// A package of our own imported under the name `context` is not the standard
// library's: silent.
package discarded

import (
	context "example.com/internal/context"
)

func localPackageNamedContext() error {
	ctx, _ := context.WithCancel(nil)
	return ctx.Close()
}
