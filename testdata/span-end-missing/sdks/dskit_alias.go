// dskit's span logger imported under another name: its `New` is still a start.
package sdks

import (
	"context"

	"github.com/go-kit/log"
	sl "github.com/grafana/dskit/spanlogger"
)

func aliasedNeverFinished(ctx context.Context, logger log.Logger, r sl.TenantResolver) {
	spanLog, _ := sl.New(ctx, logger, "aliased", r) // want "span-end-missing"
	spanLog.DebugLog("msg", "aliased")
}

func aliasedFinished(ctx context.Context, logger log.Logger, r sl.TenantResolver) {
	spanLog, _ := sl.New(ctx, logger, "aliased", r)
	defer spanLog.Finish()
}
