//! Calls that only print or log their arguments: a value passed to one is read,
//! not handed on. Shared by the pprof rules (a label set that is only logged is
//! still lost) and the span rules (`fmt.Print(span)` does not end the span). The
//! table of logging functions is `model::known::logs_its_arguments`.

use tree_sitter::Node;

use crate::model::known::{LOGGER_METHODS, logs_its_arguments};
use crate::model::syntax;
use crate::rules::Checker;

/// True when `call` only logs or prints its arguments: `fmt.Print*`/`Sprint*`/
/// `Fprint*`/`Append*`/`Errorf`, the `log` package's `Print*`/`Fatal*`/`Panic*`,
/// `log/slog`, logrus, klog and glog's logging functions, or a method with a
/// logger's name (`logger.Info`, `t.Logf`) on anything that is not a package.
pub fn is_logging_call(call: Node<'_>, checker: &Checker<'_>) -> bool {
    if let Some(target) = checker.qualified_call(call) {
        return logs_its_arguments(target.path, target.name);
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
        return logs_its_arguments(target.path, target.name);
    }
    matches!(
        syntax::callee(call, checker.source()),
        Some(syntax::Callee::Ident(name @ ("print" | "println")))
            if checker.scope(call).lookup(name, call.start_byte()).is_none()
    )
}
