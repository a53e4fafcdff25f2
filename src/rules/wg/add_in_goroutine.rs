//! `wg-add-in-goroutine`: `Add` called inside the goroutine it accounts for.
//!
//! The goroutine's own body (a function literal started with `go`) calls
//! `wg.Add(n)` and also calls `wg.Done()` on the same WaitGroup, deferred or later
//! in the body, so the `Add` counts the goroutine itself. Nothing orders it before
//! the `Wait` of the code that started the goroutine: `Wait` may see a zero counter
//! and return while the goroutine has not even started. Unlike vet and SA2000 this
//! looks at every `Add` of the body, not only the first statement.
//!
//! Silent when the goroutine starts goroutines of its own after the `Add`, or waits
//! on the WaitGroup itself (it adds for its sub-goroutines), when the WaitGroup is
//! declared inside the goroutine, for `Add` with a constant below one, and for
//! `wg.Go(f)`.

use super::{Goroutine, Method, constant_int, is_deferred, key_of, own_nodes};
use crate::rules::prelude::*;

pub struct AddInGoroutine;

static META: RuleMeta = RuleMeta {
    id: "wg-add-in-goroutine",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "`WaitGroup.Add` called inside the goroutine it accounts for",
    page: include_str!("../../../rules/wg-add-in-goroutine.md"),
    needs_import: Some("sync"),
    triggers: &[".Add("],
};

impl Rule for AddInGoroutine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::GO_STATEMENT]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let Some((goroutine, body)) =
            Goroutine::with_body_containing(node, checker.source(), &[".Add("])
        else {
            return;
        };
        let calls = goroutine.wait_group_calls(checker);
        let spawns = own_nodes(body, kinds::GO_STATEMENT);
        for add in calls.iter().filter(|c| c.method == Method::Add) {
            let at = add.call.start_byte();
            let constant = syntax::call_arguments(add.call)
                .first()
                .and_then(|a| constant_int(*a, checker.source()));
            if constant.is_some_and(|n| n < 1) {
                continue;
            }
            let same = |method: Method| {
                calls
                    .iter()
                    .filter(move |c| c.method == method && c.key == add.key)
            };
            let done_after = same(Method::Done)
                .any(|done| is_deferred(done.call) || done.call.start_byte() > at);
            let waits = same(Method::Wait).next().is_some();
            let spawns_after = spawns.iter().any(|go| go.start_byte() > at);
            if !done_after || waits || spawns_after {
                continue;
            }
            let key = &key_of(add.receiver, checker.source());
            checker
                .report(
                    add.call,
                    format!(
                        "`{key}.Add` runs inside the goroutine it counts, racing with `{key}.Wait`: call it before the `go` statement"
                    ),
                )
                .related(
                    goroutine.go.start_byte()..goroutine.go.start_byte() + 2,
                    "the goroutine starts here, before its `Add` has run",
                );
        }
    }
}
