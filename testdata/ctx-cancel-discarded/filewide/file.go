//nolint:ctx-cancel-discarded // generated-like helpers, reviewed once
package filewide

import "context"

// A `//nolint` on its own line above `package` covers the whole file.
func wholeFileIsCovered(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent)
	return ctx
}
