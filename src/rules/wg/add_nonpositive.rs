//! `wg-add-nonpositive`: `Add` on a WaitGroup with a constant argument of zero, or
//! of a negative constant other than `-1`.
//!
//! `Add(0)` does nothing: before a goroutine it is a count that was meant to be
//! something else (alone, a harmless no-op, it stays silent).
//! `Add(-1)` is exactly `Done` (which is how `Done` is implemented, and what code
//! that settles a count on an error path writes), so it stays silent; any other
//! negative constant settles several goroutines at once, without any of them
//! having finished, and panics when the counter goes below zero.

use super::{Method, constant_int, wait_group_call};
use crate::rules::prelude::*;

pub struct AddNonpositive;

static META: RuleMeta = RuleMeta {
    id: "wg-add-nonpositive",
    family: Family::Wg,
    severity: Severity::Warning,
    summary: "`WaitGroup.Add` with a constant zero or negative argument",
    page: include_str!("../../../rules/wg-add-nonpositive.md"),
    needs_import: Some("sync"),
    triggers: &[".Add("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for AddNonpositive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        // The cheap syntactic tests first; typing the receiver may build a scope table.
        let Some(syntax::Callee::Selector { name: "Add", .. }) =
            syntax::callee(node, checker.source())
        else {
            return;
        };
        let [argument] = syntax::call_arguments(node)[..] else {
            return;
        };
        let Some(value) = constant_int(argument, checker.source()) else {
            return;
        };
        if value > 0 || value == -1 {
            return;
        }
        // `Add(0)` on its own is a harmless no-op, sometimes written on purpose; it is a
        // bug when a goroutine started after it was meant to be counted.
        if value == 0 && !goroutine_follows(node, checker) {
            return;
        }
        let Some(wg) = wait_group_call(node, checker) else {
            return;
        };
        if wg.method != Method::Add {
            return;
        }
        let key = wg.key;
        let message = if value == 0 {
            format!("`{key}.Add(0)` does nothing: the count it was meant to add is missing")
        } else {
            format!(
                "`{key}.Add({value})` marks {} goroutines done at once: call `{key}.Done()` in each goroutine as it finishes",
                -value
            )
        };
        checker.report(argument, message);
    }
}

/// A `go` statement after `call` in the function that holds it.
fn goroutine_follows(call: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(function) = syntax::enclosing_function(checker.root(), call) else {
        return false;
    };
    let mut found = false;
    syntax::walk_with_ancestors(function, &mut |node, _| {
        found |= node.kind() == kinds::GO_STATEMENT && node.start_byte() > call.end_byte();
        !found
    });
    found
}
