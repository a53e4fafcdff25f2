//! `wg-wait-in-goroutine`: `Wait` called inside one of the goroutines it waits for.
//!
//! The goroutine's own body (a function literal started with `go`) calls
//! `wg.Wait()` and also calls `wg.Done()` on the same WaitGroup, deferred or after
//! the `Wait`: the counter cannot reach zero before this goroutine's `Done`, which
//! cannot run before `Wait` returns. The goroutine blocks forever, and so does every
//! other `Wait` on the group.
//!
//! A call that gives `&wg` to a function or method that waits for it whenever it is
//! called (`waitAll(&wg)` whose body starts with `wg.Wait()`, in this package or
//! another of the module: `model::summaries::add_wg_waiters`) is such a `Wait` too.
//!
//! Silent when the `Done` comes before the `Wait` (the goroutine has already
//! settled its own count), when the WaitGroup is declared inside the goroutine, and
//! for goroutines started by calling a named function.

use super::{Goroutine, Method, is_deferred, key_of};
use crate::rules::prelude::*;

pub struct WaitInGoroutine;

static META: RuleMeta = RuleMeta {
    id: "wg-wait-in-goroutine",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "`WaitGroup.Wait` called inside a goroutine it waits for",
    page: include_str!("../../../rules/wg-wait-in-goroutine.md"),
    needs_import: Some("sync"),
    triggers: &[".Done("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for WaitInGoroutine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::GO_STATEMENT]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let Some((goroutine, _)) =
            Goroutine::with_body_containing(node, checker.source(), &[".Done("])
        else {
            return;
        };
        let calls = goroutine.wait_group_calls(checker);
        let helper_waits = if checker.contains(node, "&") {
            goroutine.helper_waits(checker)
        } else {
            Vec::new()
        };
        let waits = calls
            .iter()
            .map(|call| (call, false))
            .chain(helper_waits.iter().map(|call| (call, true)))
            .filter(|(call, _)| call.method == Method::Wait);
        for (wait, through_helper) in waits {
            let at = wait.call.start_byte();
            let Some(done) = calls.iter().find(|c| {
                c.method == Method::Done
                    && c.key == wait.key
                    && (is_deferred(c.call) || c.call.start_byte() > at)
            }) else {
                continue;
            };
            let key = &key_of(wait.receiver, checker.source());
            let waiting = if !through_helper {
                format!("`{key}.Wait()`")
            } else {
                let callee = wait
                    .call
                    .field("function")
                    .map_or("", |f| syntax::text(f, checker.source()));
                format!("`{callee}`, which waits for `{key}`,")
            };
            checker
                .report(
                    wait.call,
                    format!(
                        "{waiting} inside a goroutine that `{key}` waits for never returns: this goroutine's `Done` cannot run first"
                    ),
                )
                .related(
                    done.call.byte_range(),
                    "this goroutine's own `Done`, reached only after the `Wait`",
                );
        }
    }
}
