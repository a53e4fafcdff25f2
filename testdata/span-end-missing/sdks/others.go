// Elastic APM (End), Sentry (Finish), New Relic segments (End) and AWS X-Ray
// segments (Close): a positive and a near miss for each.
package sdks

import (
	"context"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/getsentry/sentry-go"
	"github.com/newrelic/go-agent/v3/newrelic"
	"go.elastic.co/apm/v2"
)

func elasticNotEndedOnError(ctx context.Context, fail bool) error {
	span, ctx := apm.StartSpan(ctx, "query", "db") // want "span-end-missing"
	if fail {
		return errEmpty
	}
	span.End()
	return use(ctx)
}

func elasticEnded(ctx context.Context) error {
	span, ctx := apm.StartSpan(ctx, "query", "db")
	defer span.End()
	return use(ctx)
}

func sentryNeverFinished(ctx context.Context) {
	span := sentry.StartSpan(ctx, "task") // want "span-end-missing"
	span.SetTag("kind", "batch")
}

func sentryFinished(ctx context.Context) {
	span := sentry.StartSpan(ctx, "task")
	defer span.Finish()
}

func newRelicSegmentLeaks(txn *newrelic.Transaction, skip bool) {
	seg := txn.StartSegment("render") // want "span-end-missing"
	if skip {
		return
	}
	seg.End()
}

func newRelicSegmentEnded(txn *newrelic.Transaction) {
	seg := newrelic.StartSegment(txn, "render")
	defer seg.End()
}

func xrayNotClosed(ctx context.Context, fail bool) error {
	ctx, seg := xray.BeginSubsegment(ctx, "call") // want "span-end-missing"
	if fail {
		return errEmpty
	}
	seg.Close(nil)
	return use(ctx)
}

func xrayClosed(ctx context.Context) (err error) {
	ctx, seg := xray.BeginSubsegment(ctx, "call")
	defer func() { seg.Close(err) }()
	return use(ctx)
}
