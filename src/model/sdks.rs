//! Hand-written models of tracing SDKs outside the module, as data: one row per API
//! that starts a span (package, function or method, which result is the span, its
//! type, and the method that ends it). The span rules and type inference read this
//! table; adding an SDK means adding rows, not code.

use super::types::Ty;

/// Where a span-starting API lives: a package-level function, or a method on a type.
#[derive(Debug, Clone, Copy)]
pub enum Callee {
    /// `path.name(...)`.
    Function(&'static str),
    /// A method on a value of type `path.type_name` (or a pointer to it).
    Method {
        receiver_path: &'static str,
        receiver: &'static str,
    },
}

/// One span-starting API of an SDK.
#[derive(Debug, Clone, Copy)]
pub struct SpanApi {
    /// The import path of the package that declares the function, or of the receiver.
    pub path: &'static str,
    pub callee: Callee,
    /// The function or method name.
    pub name: &'static str,
    /// How many results the call has: 1 (the span) or 2 (the span and a context).
    pub results: usize,
    /// Which result is the span; the other one (with two results) is a context.
    pub span_index: usize,
    /// The span's type: package path, type name, and whether it is a pointer.
    pub span_type: (&'static str, &'static str, bool),
    /// The method that ends the span.
    pub ender: &'static str,
}

const DD_V1: &str = "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer";
const DD_V1_SPAN: (&str, &str, bool) = ("gopkg.in/DataDog/dd-trace-go.v1/ddtrace", "Span", false);
const DD_V2: &str = "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer";
const ELASTIC_V1: &str = "go.elastic.co/apm";
const ELASTIC_V2: &str = "go.elastic.co/apm/v2";
const SENTRY: &str = "github.com/getsentry/sentry-go";
const NEWRELIC_V3: &str = "github.com/newrelic/go-agent/v3/newrelic";
const NEWRELIC_V2: &str = "github.com/newrelic/go-agent";
const XRAY: &str = "github.com/aws/aws-xray-sdk-go/xray";
const ZIPKIN: &str = "github.com/openzipkin/zipkin-go";
const OPENTRACING: &str = "github.com/opentracing/opentracing-go";
const MOCKTRACER: &str = "github.com/opentracing/opentracing-go/mocktracer";
const BASICTRACER: &str = "github.com/opentracing/basictracer-go";
const DSKIT_SPANLOGGER: &str = "github.com/grafana/dskit/spanlogger";

const fn function(
    path: &'static str,
    name: &'static str,
    results: usize,
    span_index: usize,
    span_type: TypeRef,
    ender: &'static str,
) -> SpanApi {
    SpanApi {
        path,
        callee: Callee::Function(path),
        name,
        results,
        span_index,
        span_type,
        ender,
    }
}

/// A method of a tracer type that starts a span: a `function` row whose callee is a
/// method of `receiver_path.receiver`.
const fn method(
    receiver_path: &'static str,
    receiver: &'static str,
    name: &'static str,
    results: usize,
    span_index: usize,
    span_type: TypeRef,
    ender: &'static str,
) -> SpanApi {
    let mut api = function(receiver_path, name, results, span_index, span_type, ender);
    api.callee = Callee::Method {
        receiver_path,
        receiver,
    };
    api
}

/// Every modelled SDK span start. OpenTelemetry, OpenCensus, OpenTracing and
/// `runtime/trace`, which the model knew first, are in `known` and `rules::span`.
pub const SPAN_APIS: &[SpanApi] = &[
    // Datadog dd-trace-go v1: spans finish with `Finish`.
    function(DD_V1, "StartSpan", 1, 0, DD_V1_SPAN, "Finish"),
    function(DD_V1, "StartSpanFromContext", 2, 0, DD_V1_SPAN, "Finish"),
    // Datadog dd-trace-go v2: `*tracer.Span`.
    function(DD_V2, "StartSpan", 1, 0, (DD_V2, "Span", true), "Finish"),
    function(
        DD_V2,
        "StartSpanFromContext",
        2,
        0,
        (DD_V2, "Span", true),
        "Finish",
    ),
    // Elastic APM: `apm.StartSpan(ctx, name, type)` returns `(*Span, ctx)`.
    function(
        ELASTIC_V1,
        "StartSpan",
        2,
        0,
        (ELASTIC_V1, "Span", true),
        "End",
    ),
    function(
        ELASTIC_V1,
        "StartSpanOptions",
        2,
        0,
        (ELASTIC_V1, "Span", true),
        "End",
    ),
    function(
        ELASTIC_V2,
        "StartSpan",
        2,
        0,
        (ELASTIC_V2, "Span", true),
        "End",
    ),
    function(
        ELASTIC_V2,
        "StartSpanOptions",
        2,
        0,
        (ELASTIC_V2, "Span", true),
        "End",
    ),
    // Sentry: `sentry.StartSpan(ctx, op)` returns `*Span`, ended by `Finish`.
    function(SENTRY, "StartSpan", 1, 0, (SENTRY, "Span", true), "Finish"),
    function(
        SENTRY,
        "StartTransaction",
        1,
        0,
        (SENTRY, "Span", true),
        "Finish",
    ),
    // New Relic: segments end with `End`.
    function(
        NEWRELIC_V3,
        "StartSegment",
        1,
        0,
        (NEWRELIC_V3, "Segment", true),
        "End",
    ),
    SpanApi {
        path: NEWRELIC_V3,
        callee: Callee::Method {
            receiver_path: NEWRELIC_V3,
            receiver: "Transaction",
        },
        name: "StartSegment",
        results: 1,
        span_index: 0,
        span_type: (NEWRELIC_V3, "Segment", true),
        ender: "End",
    },
    function(
        NEWRELIC_V2,
        "StartSegment",
        1,
        0,
        (NEWRELIC_V2, "Segment", true),
        "End",
    ),
    // AWS X-Ray: `(ctx, *Segment)`, closed with `Close(err)`.
    function(XRAY, "BeginSegment", 2, 1, (XRAY, "Segment", true), "Close"),
    function(
        XRAY,
        "BeginSubsegment",
        2,
        1,
        (XRAY, "Segment", true),
        "Close",
    ),
    // New Relic transactions (the root of a trace) end with `End` too.
    method(
        NEWRELIC_V3,
        "Application",
        "StartTransaction",
        1,
        0,
        (NEWRELIC_V3, "Transaction", true),
        "End",
    ),
    method(
        NEWRELIC_V2,
        "Application",
        "StartTransaction",
        1,
        0,
        (NEWRELIC_V2, "Transaction", false),
        "End",
    ),
    // Zipkin: `*zipkin.Tracer` starts a `zipkin.Span`, ended by `Finish`.
    method(
        ZIPKIN,
        "Tracer",
        "StartSpan",
        1,
        0,
        (ZIPKIN, "Span", false),
        "Finish",
    ),
    method(
        ZIPKIN,
        "Tracer",
        "StartSpanFromContext",
        2,
        0,
        (ZIPKIN, "Span", false),
        "Finish",
    ),
    // grafana/dskit's span logger (Cortex, Mimir, Loki, Tempo): `New` starts an
    // OpenTracing span, `NewOTel` an OpenTelemetry one, each behind a `*SpanLogger`
    // returned with the derived context and ended by its `Finish`. (`FromContext` wraps
    // the span the context already carries: it starts nothing.)
    function(
        DSKIT_SPANLOGGER,
        "New",
        2,
        0,
        (DSKIT_SPANLOGGER, "SpanLogger", true),
        "Finish",
    ),
    function(
        DSKIT_SPANLOGGER,
        "NewOTel",
        2,
        0,
        (DSKIT_SPANLOGGER, "SpanLogger", true),
        "Finish",
    ),
    // OpenTracing's mock tracer (tests) starts `opentracing.Span`s.
    method(
        MOCKTRACER,
        "MockTracer",
        "StartSpan",
        1,
        0,
        (OPENTRACING, "Span", false),
        "Finish",
    ),
];

/// Constructors of the tracers and applications above, by result types: what
/// `tracer := mocktracer.New()` or `app, err := newrelic.NewApplication(...)` holds.
/// Each entry: package, function, and its results as (package, type, pointer), with
/// `("", "error", false)` for an error.
/// A type as (package path, type name, pointer); package `""` for `error`.
type TypeRef = (&'static str, &'static str, bool);

/// A constructor: package path, function name, result types.
type Constructor = (&'static str, &'static str, &'static [TypeRef]);

const CONSTRUCTORS: &[Constructor] = &[
    (MOCKTRACER, "New", &[(MOCKTRACER, "MockTracer", true)]),
    (BASICTRACER, "New", &[(OPENTRACING, "Tracer", false)]),
    (
        BASICTRACER,
        "NewWithOptions",
        &[(OPENTRACING, "Tracer", false)],
    ),
    (
        ZIPKIN,
        "NewTracer",
        &[(ZIPKIN, "Tracer", true), ("", "error", false)],
    ),
    (
        NEWRELIC_V3,
        "NewApplication",
        &[(NEWRELIC_V3, "Application", true), ("", "error", false)],
    ),
    (
        NEWRELIC_V2,
        "NewApplication",
        &[(NEWRELIC_V2, "Application", false), ("", "error", false)],
    ),
];

/// The result types of a modelled constructor `path.name`, in order.
pub fn constructor_results(path: &str, name: &str) -> Option<Vec<Ty>> {
    let (_, _, results) = CONSTRUCTORS
        .iter()
        .find(|(p, n, _)| *p == path && *n == name)?;
    Some(
        results
            .iter()
            .map(|&(package, type_name, pointer)| {
                let ty = if package.is_empty() {
                    Ty::Named {
                        package: None,
                        name: type_name.to_string(),
                    }
                } else {
                    Ty::named(package, type_name)
                };
                if pointer {
                    Ty::Pointer(Box::new(ty))
                } else {
                    ty
                }
            })
            .collect(),
    )
}

/// Methods that end a span as its ender does, with options: OpenTracing's
/// `FinishWithOptions`, Zipkin's `FinishedWithDuration`, X-Ray's `CloseAndStream`.
const ALTERNATE_ENDERS: &[(&str, &str)] = &[
    ("Finish", "FinishWithOptions"),
    ("Finish", "FinishedWithDuration"),
    ("Close", "CloseAndStream"),
];

/// True when calling the method `method` ends a span whose ender is `ender`.
pub fn ends_span(method: &str, ender: &str) -> bool {
    method == ender
        || ALTERNATE_ENDERS
            .iter()
            .any(|&(primary, alternate)| primary == ender && alternate == method)
}

/// True when `path` is a package of one of the modelled tracing APIs' projects: it
/// shares its first two path elements (`go.opentelemetry.io/otel`, `github.com/DataDog`,
/// `runtime/trace`) with a package the model knows (a start, a span or tracer type, a
/// constructor). Only a file importing such a package can name a span type or a start
/// the span rules know; sharing a project root is a deliberately wide test (the
/// prefilter may read a little more, never less).
pub fn is_tracing_import(path: &str) -> bool {
    use super::known::{OPENCENSUS_TRACE, OPENTRACING, OTEL, RUNTIME_TRACE};
    let root = |p: &'static str| {
        let end = p.match_indices('/').nth(1).map_or(p.len(), |(at, _)| at);
        &p[..end]
    };
    let under = |known: &'static str| {
        let root = root(known);
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    [OTEL, OPENCENSUS_TRACE, OPENTRACING, RUNTIME_TRACE]
        .into_iter()
        .any(under) || SPAN_APIS.iter().any(|api| {
        under(api.path)
            || under(api.span_type.0)
            || matches!(api.callee, Callee::Method { receiver_path, .. } if under(receiver_path))
    }) || CONSTRUCTORS.iter().any(|(path, _, results)| {
        under(path) || results.iter().any(|(p, ..)| !p.is_empty() && under(p))
    })
}

/// The names of every modelled start, for the cheap test before resolving a call.
pub fn is_start_name(name: &str) -> bool {
    SPAN_APIS.iter().any(|api| api.name == name)
}

/// The modelled package-level function `path.name`.
pub fn function_api(path: &str, name: &str) -> Option<&'static SpanApi> {
    SPAN_APIS
        .iter()
        .find(|api| matches!(api.callee, Callee::Function(p) if p == path) && api.name == name)
}

/// The modelled method `name` on a value of type `receiver` (through a pointer).
pub fn method_api(receiver: &Ty, name: &str) -> Option<&'static SpanApi> {
    let receiver = receiver.pointee();
    SPAN_APIS.iter().find(|api| {
        api.name == name
            && matches!(api.callee, Callee::Method { receiver_path, receiver: r } if receiver.is(receiver_path, r))
    })
}

/// The result types of a modelled API call, in order.
pub fn results(api: &SpanApi) -> Vec<Ty> {
    let (path, name, pointer) = api.span_type;
    let span = if pointer {
        Ty::Pointer(Box::new(Ty::named(path, name)))
    } else {
        Ty::named(path, name)
    };
    let mut out = vec![Ty::named("context", "Context"); api.results];
    out[api.span_index] = span;
    out
}

/// The method that ends a span of a modelled SDK type.
pub fn ender_of_type(ty: &Ty) -> Option<&'static str> {
    let inner = ty.pointee();
    SPAN_APIS
        .iter()
        .find(|api| inner.is(api.span_type.0, api.span_type.1))
        .map(|api| api.ender)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_consistent() {
        for api in SPAN_APIS {
            assert!(api.results == 1 || api.results == 2, "{}", api.name);
            assert!(api.span_index < api.results, "{}", api.name);
            assert_eq!(results(api).len(), api.results);
            assert!(is_start_name(api.name));
        }
        assert!(function_api(XRAY, "BeginSubsegment").is_some_and(|a| a.ender == "Close"));
        assert!(function_api(XRAY, "Close").is_none());
        let txn = Ty::Pointer(Box::new(Ty::named(NEWRELIC_V3, "Transaction")));
        assert!(method_api(&txn, "StartSegment").is_some());
        let seg = Ty::Pointer(Box::new(Ty::named(SENTRY, "Span")));
        assert_eq!(ender_of_type(&seg), Some("Finish"));
    }

    #[test]
    fn tracing_imports_are_the_modelled_projects_packages() {
        for path in [
            "go.opentelemetry.io/otel",
            "go.opentelemetry.io/otel/sdk/trace",
            "go.opencensus.io/trace",
            "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer",
            "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
            "runtime/trace",
            "github.com/opentracing/opentracing-go/ext",
            "go.elastic.co/apm/v2",
        ] {
            assert!(is_tracing_import(path), "{path}");
        }
        for path in [
            "go.opentelemetry.io/otelx",
            "runtime",
            "runtime/pprof",
            "golang.org/x/net/http2",
            "example.com/svc/internal/tracing",
            "go.opencensus.io/stats",
        ] {
            assert!(!is_tracing_import(path), "{path}");
        }
    }
}
