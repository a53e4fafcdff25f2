// Test files are skipped: a test's goroutines end with the test binary.
package missing

import (
	"context"
	"testing"
)

func TestWaitsWithoutTheContext(t *testing.T) {
	ctx := context.WithValue(context.Background(), Job{}, 1)
	results := make(chan int, 1)
	results <- 1
	for i := 0; i < 1; i++ {
		select {
		case v := <-results:
			t.Log(ctx, v)
		}
	}
}
