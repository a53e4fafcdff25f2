// Tests cancel a context first on purpose, to check how the code under test
// handles one that is already done: shape 2 stays silent in _test.go files,
// while shape 1 is still reported there.
package premature

import (
	"context"
	"testing"
)

func TestPullWithCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := pull(ctx, "peer"); err == nil {
		t.Fatal("want an error from a cancelled context")
	}
}

func TestStartsAndForgets(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // want "ctx-cancel-premature"
	go pull(ctx, "peer")
}
