// Spans of the modelled SDKs dropped on the spot: Datadog, Sentry, X-Ray. Keeping
// the span, or handing the context that carries it back to the caller, is silent.
package discarded

import (
	"context"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/getsentry/sentry-go"
	ddtracer "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"
)

func datadogSpanDropped(ctx context.Context) error {
	_, ctx = ddtracer.StartSpanFromContext(ctx, "drop") // want "span-discarded"
	return load(ctx)
}

func datadogContextReturned(ctx context.Context) context.Context {
	_, ctx = ddtracer.StartSpanFromContext(ctx, "handed")
	return ctx
}

func sentryCallDropped(ctx context.Context) {
	sentry.StartSpan(ctx, "drop") // want "span-discarded"
}

func xraySegmentDropped(ctx context.Context) error {
	ctx, _ = xray.BeginSubsegment(ctx, "drop") // want "span-discarded"
	return load(ctx)
}

func xraySegmentKept(ctx context.Context) error {
	ctx, seg := xray.BeginSubsegment(ctx, "kept")
	defer seg.Close(nil)
	return load(ctx)
}
