// Test files are skipped: a spin in a test is a deliberate CPU hog, and it ends with the test.
package busy

import "testing"

func BenchmarkWithACPUHog(b *testing.B) {
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	for i := 0; i < b.N; i++ {
		_ = i
	}
	close(stop)
}
