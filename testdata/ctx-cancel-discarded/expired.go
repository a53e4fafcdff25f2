// Contexts whose deadline has passed when they are made are cancelled inside
// the constructor and detached from their parent: dropping their cancel function
// holds nothing. A positive deadline still does.
package discarded

import (
	"context"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

func negativeTimeout() error {
	ctx, _ := context.WithTimeout(context.Background(), -time.Second)
	return use(ctx)
}

func negativeProduct(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, -5*time.Minute)
	return use(ctx)
}

func zeroTimeout(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, 0)
	return use(ctx)
}

func deadlineInThePast(parent context.Context) error {
	ctx, _ := context.WithDeadline(parent, time.Now().Add(-time.Hour))
	return use(ctx)
}

func zeroDeadline(parent context.Context) error {
	ctx, _ := context.WithDeadline(parent, time.Time{})
	return use(ctx)
}

func positiveTimeout(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, 5*time.Second) // want "ctx-cancel-discarded"
	return use(ctx)
}

func futureDeadline(parent context.Context) error {
	ctx, _ := context.WithDeadline(parent, time.Now().Add(time.Hour)) // want "ctx-cancel-discarded"
	return use(ctx)
}

func negatedTwice(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, -5*-time.Minute) // want "ctx-cancel-discarded"
	return use(ctx)
}
