// A package of our own imported under the name `context` is not the standard
// library's: its cancel-like results are none of this rule's business.
package notcalled

import (
	context "example.com/internal/context"
)

func localPackageNamedContext(ok bool) error {
	ctx, release := context.WithCancel(nil)
	if !ok {
		return nil
	}
	release()
	return ctx.Close()
}
