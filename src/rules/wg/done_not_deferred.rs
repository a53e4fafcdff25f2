//! `wg-done-not-deferred`: `wg.Done()` called without `defer` in a goroutine body
//! that can return before reaching it. The early `return` skips the `Done`, and the
//! `Wait` of the code that started the goroutine blocks forever.
//!
//! The goroutine is a function literal started with `go`; its own body (not the
//! literals nested in it) calls `wg.Done()` as a plain statement and never defers a
//! `Done` on the same WaitGroup. The body is walked from its first statement with the
//! `Done` still owed (`model::paths`); every `return` an owing path reaches is
//! reported as a related place. A `Done` on the path before the `return` settles it,
//! so `if err != nil { wg.Done(); return }` is fine. Calls that might panic are not
//! counted (every call might), and neither are `panic` and `os.Exit`.

use super::{Goroutine, Method, WgCall, is_deferred, key_of};
use crate::model::paths::{Exit, PathOracle, walk_paths};
use crate::rules::prelude::*;

pub struct DoneNotDeferred;

static META: RuleMeta = RuleMeta {
    id: "wg-done-not-deferred",
    family: Family::Wg,
    severity: Severity::Warning,
    summary: "`WaitGroup.Done` not deferred in a goroutine that can return before reaching it",
    page: include_str!("../../../rules/wg-done-not-deferred.md"),
    needs_import: Some("sync"),
    triggers: &[".Done("],
    package_needs: Some("WaitGroup"),
    opt_in: false,
};

impl Rule for DoneNotDeferred {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::GO_STATEMENT]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let Some((goroutine, _)) =
            Goroutine::with_body_containing(node, checker.source(), &[".Done(", "return"])
        else {
            return;
        };
        let calls = goroutine.wait_group_calls(checker);
        let mut keys: Vec<&str> = Vec::new();
        for done in calls.iter().filter(|c| c.method == Method::Done) {
            if keys.contains(&done.key.as_str()) {
                continue;
            }
            keys.push(&done.key);
            let same: Vec<&WgCall<'_>> = calls
                .iter()
                .filter(|c| c.method == Method::Done && c.key == done.key)
                .collect();
            // `Done()` once per work item in a loop: the WaitGroup counts items, not
            // goroutines, and a `defer` would call it once, at the wrong time.
            let per_item = same.iter().any(|c| {
                syntax::ancestors(goroutine.literal, c.call)
                    .iter()
                    .any(|a| a.kind() == kinds::FOR_STATEMENT)
            });
            if per_item
                || same.iter().any(|c| is_deferred(c.call))
                || !same.iter().any(|c| {
                    c.call
                        .parent()
                        .is_some_and(|p| p.kind() == kinds::EXPRESSION_STATEMENT)
                })
            {
                continue;
            }
            let oracle = Owed {
                dones: &same,
                checker,
            };
            let Some(summary) = walk_paths(goroutine.literal, checker.source(), &oracle) else {
                continue;
            };
            let returns: Vec<Node<'_>> = summary
                .leaks
                .iter()
                .filter_map(|exit| match exit {
                    Exit::Return(node) => Some(*node),
                    Exit::EndOfBody(_) => None,
                })
                .collect();
            if returns.is_empty() {
                continue;
            }
            let key = &key_of(done.receiver, checker.source());
            let diagnostic = checker.report(
                done.call,
                format!(
                    "`{key}.Done()` is skipped when the goroutine returns early: `defer {key}.Done()` at its start"
                ),
            );
            for exit in returns {
                diagnostic.related(
                    exit.byte_range(),
                    format!("returns without calling `{key}.Done()`"),
                );
            }
        }
    }
}

/// The goroutine owes a `Done` from its first statement; a statement holding one
/// of its `Done` calls settles it.
struct Owed<'o, 't, 'c> {
    dones: &'o [&'o WgCall<'t>],
    checker: &'o Checker<'c>,
}

impl PathOracle for Owed<'_, '_, '_> {
    fn creates(&self, _node: Node<'_>) -> bool {
        false
    }

    fn settles(&self, node: Node<'_>) -> bool {
        let range = node.byte_range();
        self.dones.iter().any(|done| {
            let call = done.call.byte_range();
            range.start <= call.start && call.end <= range.end
        })
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }

    fn open_at_entry(&self) -> bool {
        true
    }
}
