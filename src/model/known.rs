//! Result types of well-known standard-library calls, so that `ctx, cancel :=
//! context.WithCancel(parent)` gives `ctx` the type `context.Context` without a
//! type checker. Rule families add the APIs they need here, in one table.

use super::types::Ty;

/// Result types of the package-level function `path.name`, in order; empty when unknown.
pub fn function_results(path: &str, name: &str) -> Vec<Ty> {
    let context = || Ty::named("context", "Context");
    match (path, name) {
        ("context", "Background" | "TODO" | "WithValue" | "WithoutCancel") => vec![context()],
        (
            "context",
            "WithCancel" | "WithTimeout" | "WithDeadline" | "WithTimeoutCause"
            | "WithDeadlineCause",
        ) => vec![context(), Ty::named("context", "CancelFunc")],
        ("context", "WithCancelCause") => vec![context(), Ty::named("context", "CancelCauseFunc")],
        (OTEL, "Tracer") => vec![Ty::named(OTEL_TRACE, "Tracer")],
        (OTEL, "GetTracerProvider") | (OTEL_TRACE, "NewNoopTracerProvider") => {
            vec![Ty::named(OTEL_TRACE, "TracerProvider")]
        }
        (OTEL_NOOP, "NewTracerProvider") => vec![Ty::named(OTEL_NOOP, "TracerProvider")],
        (OTEL_SDK_TRACE, "NewTracerProvider") => vec![Ty::Pointer(Box::new(Ty::named(
            OTEL_SDK_TRACE,
            "TracerProvider",
        )))],
        (OTEL_TRACE, "SpanFromContext") => vec![Ty::named(OTEL_TRACE, "Span")],
        (OPENCENSUS_TRACE, "StartSpan" | "StartSpanWithRemoteParent") => {
            vec![context(), census_span()]
        }
        (OPENCENSUS_TRACE, "FromContext") => vec![census_span()],
        (OPENTRACING, "StartSpanFromContext" | "StartSpanFromContextWithTracer") => {
            vec![Ty::named(OPENTRACING, "Span"), context()]
        }
        (OPENTRACING, "StartSpan" | "SpanFromContext") => vec![Ty::named(OPENTRACING, "Span")],
        (OPENTRACING, "GlobalTracer") => vec![Ty::named(OPENTRACING, "Tracer")],
        (RUNTIME_TRACE, "StartRegion") => {
            vec![Ty::Pointer(Box::new(Ty::named(RUNTIME_TRACE, "Region")))]
        }
        (RUNTIME_TRACE, "NewTask") => vec![
            context(),
            Ty::Pointer(Box::new(Ty::named(RUNTIME_TRACE, "Task"))),
        ],
        _ => super::sdks::function_api(path, name)
            .map(super::sdks::results)
            .or_else(|| super::sdks::constructor_results(path, name))
            .unwrap_or_default(),
    }
}

/// Result types of the method `name` on a value of type `receiver` (through a pointer); empty when unknown.
pub fn method_results(receiver: &Ty, name: &str) -> Vec<Ty> {
    let receiver = receiver.pointee();
    if receiver.is("net/http", "Request") && name == "Context" {
        return vec![Ty::named("context", "Context")];
    }
    let provider = receiver.is(OTEL_TRACE, "TracerProvider")
        || receiver.is(OTEL_NOOP, "TracerProvider")
        || receiver.is(OTEL_SDK_TRACE, "TracerProvider");
    match name {
        "Tracer" if provider => vec![Ty::named(OTEL_TRACE, "Tracer")],
        "Start" if receiver.is(OTEL_TRACE, "Tracer") => vec![
            Ty::named("context", "Context"),
            Ty::named(OTEL_TRACE, "Span"),
        ],
        "TracerProvider" if receiver.is(OTEL_TRACE, "Span") => {
            vec![Ty::named(OTEL_TRACE, "TracerProvider")]
        }
        "StartSpan" if receiver.is(OPENTRACING, "Tracer") => vec![Ty::named(OPENTRACING, "Span")],
        "Tracer" if receiver.is(OPENTRACING, "Span") => vec![Ty::named(OPENTRACING, "Tracer")],
        _ => super::sdks::method_api(receiver, name)
            .map(super::sdks::results)
            .unwrap_or_default(),
    }
}

/// The OpenTelemetry API (`otel.Tracer`, `otel.GetTracerProvider`).
pub const OTEL: &str = "go.opentelemetry.io/otel";
/// OpenTelemetry's `trace` package: `Tracer`, `Span`, `SpanFromContext`.
pub const OTEL_TRACE: &str = "go.opentelemetry.io/otel/trace";
/// OpenTelemetry's no-op tracer provider.
pub const OTEL_NOOP: &str = "go.opentelemetry.io/otel/trace/noop";
/// OpenTelemetry's SDK tracer provider.
pub const OTEL_SDK_TRACE: &str = "go.opentelemetry.io/otel/sdk/trace";
/// OpenCensus tracing: `StartSpan` returns `(ctx, *Span)`.
pub const OPENCENSUS_TRACE: &str = "go.opencensus.io/trace";
/// OpenTracing: `StartSpanFromContext` returns `(Span, ctx)`; spans end with `Finish`.
pub const OPENTRACING: &str = "github.com/opentracing/opentracing-go";
/// The execution tracer: regions and tasks end with `End`; `Start`/`Stop` trace the process.
pub const RUNTIME_TRACE: &str = "runtime/trace";

fn census_span() -> Ty {
    Ty::Pointer(Box::new(Ty::named(OPENCENSUS_TRACE, "Span")))
}

/// The method that ends a span of type `ty` (through a pointer): `End` for OpenTelemetry,
/// OpenCensus and `runtime/trace` regions and tasks, `Finish` for OpenTracing.
pub fn span_ender(ty: &Ty) -> Option<&'static str> {
    let inner = ty.pointee();
    if inner.is(OPENTRACING, "Span") {
        Some("Finish")
    } else if inner.is(OTEL_TRACE, "Span")
        || inner.is(OPENCENSUS_TRACE, "Span")
        || inner.is(RUNTIME_TRACE, "Region")
        || inner.is(RUNTIME_TRACE, "Task")
    {
        Some("End")
    } else {
        super::sdks::ender_of_type(inner)
    }
}

/// The constructors whose second result cancels the derived context.
pub const CANCEL_CONSTRUCTORS: &[&str] = &[
    "WithCancel",
    "WithCancelCause",
    "WithDeadline",
    "WithDeadlineCause",
    "WithTimeout",
    "WithTimeoutCause",
];

/// Method names that log or print their arguments (`log.Logger`, `slog.Logger`,
/// `testing.T`, logrus, zap's sugared logger, klog, glog).
pub const LOGGER_METHODS: &[&str] = &[
    "Debug",
    "DebugContext",
    "Debugf",
    "Debugln",
    "Debugw",
    "Error",
    "ErrorContext",
    "ErrorS",
    "Errorf",
    "Errorln",
    "Errorw",
    "Fatal",
    "Fatalf",
    "Fatalln",
    "Fatalw",
    "Info",
    "InfoContext",
    "InfoS",
    "Infof",
    "Infoln",
    "Infow",
    "Log",
    "Logf",
    "Panic",
    "Panicf",
    "Panicln",
    "Print",
    "Printf",
    "Println",
    "Trace",
    "Tracef",
    "Traceln",
    "Warn",
    "WarnContext",
    "Warnf",
    "Warning",
    "Warningf",
    "Warningln",
    "Warnln",
    "Warnw",
];

/// True for the package-level function `path.name` that only prints or logs its
/// arguments: `fmt.Print*`/`Sprint*`/`Fprint*`/`Append*`/`Errorf`, `log.Print*`/
/// `Fatal*`/`Panic*`, and the logging functions of `log/slog`, logrus, klog and glog.
pub fn logs_its_arguments(path: &str, name: &str) -> bool {
    match path {
        "fmt" => {
            ["Print", "Sprint", "Fprint", "Append"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
                || name == "Errorf"
        }
        "log" => ["Print", "Fatal", "Panic"]
            .iter()
            .any(|prefix| name.starts_with(prefix)),
        "log/slog"
        | "github.com/sirupsen/logrus"
        | "k8s.io/klog"
        | "k8s.io/klog/v2"
        | "github.com/golang/glog" => LOGGER_METHODS.contains(&name),
        _ => false,
    }
}

/// Package-level functions that never return to their caller.
pub fn never_returns(path: &str, name: &str) -> bool {
    match path {
        "os" => name == "Exit",
        "runtime" => name == "Goexit",
        "log" => matches!(
            name,
            "Fatal" | "Fatalf" | "Fatalln" | "Panic" | "Panicf" | "Panicln"
        ),
        "github.com/sirupsen/logrus"
        | "k8s.io/klog"
        | "k8s.io/klog/v2"
        | "github.com/golang/glog" => {
            matches!(
                name,
                "Fatal" | "Fatalf" | "Fatalln" | "Exit" | "Exitf" | "Panic" | "Panicf"
            )
        }
        _ => false,
    }
}
