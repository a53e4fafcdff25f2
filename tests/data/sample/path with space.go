// A file name that must be percent-encoded in SARIF.
package sample

import (
	"context"
	"time"
)

func spaced(parent context.Context) {
	_, _ = context.WithDeadline(parent, time.Now().Add(time.Hour))
}
