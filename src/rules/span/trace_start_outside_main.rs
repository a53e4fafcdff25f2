//! `trace-start-outside-main`: `runtime/trace.Start` called from a request handler
//! (a function with an `*http.Request` parameter, or a literal inside one), outside
//! the program's entry points (package `main`, `init`, `TestMain`, tests). Setup
//! helpers driven by flags or config, and trace endpoints that stream the trace
//! to the client (`trace.Start(w)`), are program-level on purpose and silent. The execution tracer is process-wide and only one
//! trace can run at a time: a library or handler that starts it fails whenever
//! anything else traces, and records every goroutine of the process, not the work
//! it meant to trace (`trace.NewTask` and `trace.StartRegion` annotate that work).

use super::{in_main_package, runs_at_program_level};
use crate::model::known::RUNTIME_TRACE;
use crate::rules::prelude::*;

pub struct TraceStartOutsideMain;

static META: RuleMeta = RuleMeta {
    id: "trace-start-outside-main",
    family: Family::Span,
    severity: Severity::Warning,
    summary: "`runtime/trace.Start` called from a request handler rather than where the program starts",
    page: include_str!("../../../rules/trace-start-outside-main.md"),
    needs_import: Some(RUNTIME_TRACE),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for TraceStartOutsideMain {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        match syntax::callee(node, checker.source()) {
            Some(
                syntax::Callee::Selector { name: "Start", .. } | syntax::Callee::Ident("Start"),
            ) => {}
            _ => return,
        }
        let Some(target) = checker.qualified_call(node) else {
            return;
        };
        if (target.path, target.name) != (RUNTIME_TRACE, "Start") {
            return;
        }
        let Some(function) = syntax::enclosing_function(checker.root(), node) else {
            return;
        };
        if runs_at_program_level(function, checker)
            || in_main_package(checker)
            || checker.in_test_file()
        {
            return;
        }
        // Setting tracing up from a flag or a config (`tool.Run`, a profiler helper) is
        // program-level too; what is reported is tracing from inside a request handler.
        if !takes_request(function, checker) {
            return;
        }
        // `trace.Start(w)`: a trace endpoint (`net/http/pprof.Trace`) streaming the
        // process-wide trace to the client, on purpose.
        let streams_to_client = syntax::call_arguments(node)
            .first()
            .map(|w| syntax::unparen(*w))
            .is_some_and(|w| {
                checker
                    .infer(w)
                    .is_some_and(|ty| ty.is("net/http", "ResponseWriter"))
            });
        if streams_to_client {
            return;
        }
        checker.report(
            node,
            "`trace.Start` in a request handler: the execution tracer is process-wide, start it where the program starts",
        );
    }
}

/// True when `function`, or a function around the literal it is, has an `*http.Request` parameter.
fn takes_request(function: Node<'_>, checker: &Checker<'_>) -> bool {
    let mut functions = syntax::ancestors(checker.root(), function);
    functions.push(function);
    functions
        .into_iter()
        .rev()
        .filter(|f| syntax::is_function(*f))
        .filter_map(|f| f.field("parameters"))
        .flat_map(syntax::named_children)
        .any(|param| {
            param
                .field("type")
                .and_then(|ty| crate::model::Ty::from_node(ty, checker.source(), checker.imports()))
                .is_some_and(|ty| ty.pointee().is("net/http", "Request"))
        })
}
