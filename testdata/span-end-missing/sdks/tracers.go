// Tracers typed through their constructors or parameters: New Relic transactions,
// Zipkin spans, OpenTracing's mock tracer. Each start must be ended on every path;
// the near misses end it, defer it, or hand it to a context.
package sdks

import (
	"context"
	"errors"

	"github.com/newrelic/go-agent/v3/newrelic"
	"github.com/opentracing/opentracing-go/mocktracer"
	"github.com/openzipkin/zipkin-go"
)

var errRefused = errors.New("refused")

func transactionLeaksOnError(app *newrelic.Application, ok bool) error {
	txn := app.StartTransaction("checkout") // want "span-end-missing"
	if !ok {
		return errRefused
	}
	txn.End()
	return nil
}

func transactionFromConstructor(ok bool) error {
	app, err := newrelic.NewApplication()
	if err != nil {
		return err
	}
	txn := app.StartTransaction("boot") // want "span-end-missing"
	if !ok {
		return errRefused
	}
	txn.End()
	return nil
}

func zipkinNeverFinished(tracer *zipkin.Tracer, ctx context.Context) context.Context {
	span, _ := tracer.StartSpanFromContext(ctx, "lookup") // want "span-end-missing"
	span.Tag("key", "value")
	return ctx
}

func mockSpanNeverFinished() {
	tracer := mocktracer.New()
	span := tracer.StartSpan("unit") // want "span-end-missing"
	span.SetTag("n", 1)
}

// Near misses.

func transactionDeferred(app *newrelic.Application) {
	txn := app.StartTransaction("deferred")
	defer txn.End()
}

func transactionInContext(app *newrelic.Application, ctx context.Context) context.Context {
	txn := app.StartTransaction("carried")
	return newrelic.NewContext(ctx, txn)
}

func zipkinFinished(tracer *zipkin.Tracer) {
	span := tracer.StartSpan("finished")
	defer span.Finish()
}

func mockSpanFinished() {
	tracer := mocktracer.New()
	span := tracer.StartSpan("unit")
	span.Finish()
}
