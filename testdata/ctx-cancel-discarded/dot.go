// A positive through the file's only dot-import of "context".
package discarded

import (
	. "context"
)

func discardedThroughDotImport(parent Context) error {
	ctx, _ := WithCancel(parent) // want "ctx-cancel-discarded"
	return work(ctx)
}
