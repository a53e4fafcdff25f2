// A context that nothing can cancel has no Done() to wait for: one made from
// Background() through calls that only add values. One made through a
// constructor that returns a cancel function is still checked.
package missing

import "context"

type key struct{}

func withTenant(ctx context.Context, tenant string) context.Context {
	return context.WithValue(ctx, key{}, tenant)
}

func valueOnlyWrappers(jobs <-chan Job, results chan<- Job) {
	ctx := context.WithValue(context.Background(), key{}, "trace")
	for {
		select {
		case job := <-jobs:
			results <- job
		case results <- Job{}:
		}
		_ = ctx
	}
}

func cancellableFromBackground(jobs <-chan Job, results chan<- Job) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		select { // want "ctx-select-missing-done"
		case job := <-jobs:
			results <- job
		case results <- Job{}:
		}
		_ = ctx
	}
}
