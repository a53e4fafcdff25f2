// Positives: directives that name a lifelint rule, family or lifelint itself
// and suppress nothing where they stand.
package unused

import (
	"context"
	"time"
)

func inlineOnACleanLine(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discarded // want "nolint-unused"
	defer cancel()
	return use(ctx)
}

func familyAboveACleanLine(parent context.Context) error {
	//nolint:ctx // want "nolint-unused"
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return use(ctx)
}

//nolint:lifelint // want "nolint-unused"
func wholeDeclarationWithNothingToHide() {}

type Cache struct{ stop context.CancelFunc }

func (c *Cache) inMethod(parent context.Context) context.Context {
	var ctx context.Context
	ctx, c.stop = context.WithCancel(parent) //nolint:errcheck,ctx-cancel-discarded // want "nolint-unused"
	return ctx
}

func inClosure(parent context.Context) func() error {
	return func() error {
		//nolint:ctx-cancel-discarded // want "nolint-unused"
		return use(parent)
	}
}

func fixedLongAgo(parent context.Context, retry bool) error {
	if retry {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		return use(ctx) //nolint:ctx // want "nolint-unused"
	}
	return nil
}

func use(ctx context.Context) error { return ctx.Err() }
