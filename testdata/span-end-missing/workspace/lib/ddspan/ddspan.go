// Package ddspan wraps Datadog's tracer for the modules of the workspace: a
// separate module, resolved from the service through go.work.
package ddspan

import (
	"context"

	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace"
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"
)

// Start starts a Datadog span under ctx's span.
func Start(ctx context.Context, operation string) (ddtrace.Span, context.Context) {
	return tracer.StartSpanFromContext(ctx, operation)
}

// Finish finishes a span with the error, if any.
func Finish(span ddtrace.Span, err error) {
	span.Finish(tracer.WithError(err))
}
