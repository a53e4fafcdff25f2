//! `pprof-labels-odd-args`: `pprof.Labels` called with an odd number of
//! arguments. It takes key/value pairs and panics at run time when one key has
//! no value; a spread (`pprof.Labels(kv...)`) or a lone call that may return
//! several values cannot be counted, and stays silent.

use super::is_pprof_call;
use crate::rules::prelude::*;

pub struct LabelsOddArgs;

static META: RuleMeta = RuleMeta {
    id: "pprof-labels-odd-args",
    family: Family::Pprof,
    // Not a style issue: the call panics every time it runs.
    severity: Severity::Error,
    summary: "`pprof.Labels` with an odd number of arguments (panics at run time)",
    page: include_str!("../../../rules/pprof-labels-odd-args.md"),
    needs_import: Some("runtime/pprof"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for LabelsOddArgs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        if !is_pprof_call(call, "Labels", checker) {
            return;
        }
        let arguments = syntax::call_arguments(call);
        if arguments.len().is_multiple_of(2)
            || arguments
                .iter()
                .any(|a| a.kind() == kinds::VARIADIC_ARGUMENT)
        {
            return;
        }
        // `pprof.Labels(pair())` passes every result of `pair`: it may well be two.
        if let [only] = arguments.as_slice()
            && syntax::unparen(*only).kind() == kinds::CALL_EXPRESSION
        {
            return;
        }
        let Some(unpaired) = arguments.last() else {
            return;
        };
        let count = arguments.len();
        let noun = if count == 1 { "argument" } else { "arguments" };
        checker
            .report(
                call,
                format!("pprof.Labels called with {count} {noun}: it takes key/value pairs and panics on an odd count"),
            )
            .related(unpaired.byte_range(), "this key has no value");
    }
}
