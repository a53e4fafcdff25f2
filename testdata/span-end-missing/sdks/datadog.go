// Datadog dd-trace-go, v1 and v2: spans finish with Finish. Positives leave a path
// unfinished; near misses finish, defer the finish, or hand the span on.
package sdks

import (
	"context"
	"errors"

	ddv2 "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace"
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"
)

var errEmpty = errors.New("empty")

func ddV1EarlyReturn(ctx context.Context, key string) error {
	span, ctx := tracer.StartSpanFromContext(ctx, "lookup") // want "span-end-missing"
	if key == "" {
		return errEmpty
	}
	span.Finish()
	return use(ctx)
}

func ddV1Deferred(ctx context.Context) error {
	span, ctx := tracer.StartSpanFromContext(ctx, "lookup")
	defer span.Finish()
	return use(ctx)
}

func ddV1NeverFinished() {
	span := tracer.StartSpan("job") // want "span-end-missing"
	span.SetTag("kind", "batch")
}

func ddV1HandedToACaller() ddtrace.Span {
	span := tracer.StartSpan("job")
	return span
}

func ddV2EarlyReturn(ctx context.Context, key string) error {
	span, ctx := ddv2.StartSpanFromContext(ctx, "lookup") // want "span-end-missing"
	if key == "" {
		return errEmpty
	}
	defer span.Finish()
	return use(ctx)
}

func ddV2Finished() {
	span := ddv2.StartSpan("job")
	defer span.Finish()
}

func use(ctx context.Context) error { return ctx.Err() }
