// Near misses that must stay silent: real ids and family names that suppress a
// finding, and ids of other linters, some of which look almost like ours.
package unknown

import (
	"context"
	"time"
)

func realIdSuppressing(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) //nolint:ctx-cancel-discarded // exits next
	return use(ctx)
}

func familySuppressing(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) //nolint:ctx // exits next
	return use(ctx)
}

func otherLinters() int {
	return 1 //nolint:contextcheck,spancheck,errcheck // no lifelint prefix
}

func gosecAndFriends() int {
	return 2 //nolint:gosec,govet,staticcheck
}

func staleFamilyAndLifelintNamesAreUnusedNotUnknown() int {
	return 3 //nolint:ctx,lifelint,errcheck // want "nolint-unused" "nolint-unused"
}

// Names compare without case, as in golangci-lint: an upper-case id that looks like
// lifelint's and is not in the catalog is unknown too.
func uppercaseComparesWithoutCase() int {
	return 4 //nolint:CTX-cancel // want "nolint-unknown"
}
