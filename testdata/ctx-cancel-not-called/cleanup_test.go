// Tests: t.Cleanup(cancel) hands the cancel function to the test framework, and
// t.Fatal ends the path; a test that forgets it is still reported.
package notcalled

import (
	"context"
	"testing"
	"time"
)

func TestCleanupCancels(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	t.Cleanup(cancel)
	if err := work(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestFatalEndsThePath(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	if err := work(ctx); err != nil {
		t.Fatalf("work: %v", err)
	}
	cancel()
}

func TestForgetsOnSkip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want "ctx-cancel-not-called"
	if testing.Short() {
		return
	}
	defer cancel()
	_ = work(ctx)
}
