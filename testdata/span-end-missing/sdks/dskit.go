// grafana/dskit's span logger: `spanlogger.New` and `NewOTel` start a span behind a
// `*SpanLogger` that `Finish` ends; `FromContext` only wraps the context's span.
package sdks

import (
	"context"

	"github.com/go-kit/log"
	"github.com/grafana/dskit/spanlogger"
	"go.opentelemetry.io/otel"
)

func queryNeverFinished(ctx context.Context, logger log.Logger, r spanlogger.TenantResolver) error {
	spanLog, ctx := spanlogger.New(ctx, logger, "query", r) // want "span-end-missing"
	spanLog.DebugLog("msg", "querying")
	return use(ctx)
}

func queryFinishedOnSuccessOnly(ctx context.Context, logger log.Logger, r spanlogger.TenantResolver) error {
	spanLog, ctx := spanlogger.NewOTel(ctx, logger, otel.Tracer("q"), "query", r) // want "span-end-missing"
	if err := use(ctx); err != nil {
		return spanLog.Error(err)
	}
	spanLog.Finish()
	return nil
}

func queryFinished(ctx context.Context, logger log.Logger, r spanlogger.TenantResolver) error {
	spanLog, ctx := spanlogger.New(ctx, logger, "query", r)
	defer spanLog.Finish()
	return spanLog.Error(use(ctx))
}

func fromContextIsNotStarted(ctx context.Context, logger log.Logger, r spanlogger.TenantResolver) {
	spanLog := spanlogger.FromContext(ctx, logger, r)
	spanLog.DebugLog("msg", "no span of ours")
}

func handedToTheCaller(ctx context.Context, logger log.Logger, r spanlogger.TenantResolver) (*spanlogger.SpanLogger, context.Context) {
	return spanlogger.New(ctx, logger, "handed", r)
}
