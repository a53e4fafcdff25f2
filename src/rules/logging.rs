//! Calls that only print or log their arguments: a value passed to one is read,
//! not handed on. Shared by the pprof rules (a label set that is only logged is
//! still lost) and the span rules (`fmt.Print(span)` does not end the span).

use tree_sitter::Node;

use crate::model::syntax;
use crate::rules::Checker;

/// Method names that log or print their arguments (`log.Logger`, `slog.Logger`,
/// `testing.T`, logrus, zap's sugared logger, klog, glog).
const LOGGER_METHODS: &[&str] = &[
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

/// True when `call` only logs or prints its arguments: `fmt.Print*`/`Sprint*`/
/// `Fprint*`/`Append*`/`Errorf`, the `log` package's `Print*`/`Fatal*`/`Panic*`,
/// `log/slog`, logrus, klog and glog's logging functions, or a method with a
/// logger's name (`logger.Info`, `t.Logf`) on anything that is not a package.
pub fn is_logging_call(call: Node<'_>, checker: &Checker<'_>) -> bool {
    if checker.qualified_call(call).is_some() {
        return is_package_logging_call(call, checker);
    }
    // Not a package's function: a method, judged by its name.
    matches!(
        syntax::callee(call, checker.source()),
        Some(syntax::Callee::Selector { name, .. }) if LOGGER_METHODS.contains(&name)
    )
}

/// True when `call` is a package's printing or logging function, resolved through the
/// imports (`fmt.Print*`, `log.Printf`, `slog.Info`, ...), or the builtin `print` or
/// `println`. Unlike `is_logging_call`, a method is never judged by its name alone.
pub fn is_package_logging_call(call: Node<'_>, checker: &Checker<'_>) -> bool {
    if let Some(target) = checker.qualified_call(call) {
        let name = target.name;
        return match target.path {
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
        };
    }
    matches!(
        syntax::callee(call, checker.source()),
        Some(syntax::Callee::Ident(name @ ("print" | "println")))
            if checker.scope(call).lookup(name, call.start_byte()).is_none()
    )
}
