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
        _ => Vec::new(),
    }
}

/// Result types of the method `name` on a value of type `receiver` (through a pointer); empty when unknown.
pub fn method_results(receiver: &Ty, name: &str) -> Vec<Ty> {
    let receiver = receiver.pointee();
    if receiver.is("net/http", "Request") && name == "Context" {
        return vec![Ty::named("context", "Context")];
    }
    Vec::new()
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
