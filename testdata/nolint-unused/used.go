// Near misses that must stay silent: directives that do suppress a finding
// (inline, on the line above, over a whole declaration, by family or by
// `lifelint`), bare directives, and directives naming only other linters.
package unused

import (
	"context"
	"time"
)

func inlineSuppressing(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discarded // process exits next
	return use(ctx)
}

func lineAboveSuppressing(parent context.Context) error {
	//nolint:ctx // shutdown path
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

// Whole declaration, through its doc comment.
//
//nolint:lifelint // legacy code, tracked in #12
func declarationSuppressing(parent context.Context) error {
	ctx, _ := context.WithCancel(parent)
	return use(ctx)
}

func bareNolintIsNeverReported() int {
	return 1 //nolint
}

func otherLintersOnly(parent context.Context) error {
	return use(parent) //nolint:errcheck,gosec // not ours
}

func selfSuppressedStaleDirective(parent context.Context) error {
	return use(parent) //nolint:ctx-cancel-discarded,nolint-unused // kept for the v1 branch
}
