//! `ctx-cancel-not-called`: the cancel function of a derived context, kept in a
//! local variable, is neither called nor handed off on some path out of the
//! function that created it.
//!
//! A path settles the cancel function when it calls it (`cancel()`, `defer
//! cancel()`) or hands it off: returns it, passes it, stores it, sends it, or
//! mentions it in a function literal (a deferred closure, a goroutine,
//! `t.Cleanup`, `AfterFunc`). Comparing it with `nil` does neither. Paths that end
//! in `panic`, `os.Exit`, `log.Fatal*` or `t.Fatal*` need nothing. The walk itself
//! is `model::paths::leaking_exits`.
//!
//! Fix: `defer cancel()` on the line after the creation, unless it is in a loop.

use std::ops::Range;

use super::{
    CancelSite, LocalOracle, MentionKind, cancel_sites, captured_before, is_program_main, mentions,
};
use crate::model::paths::{Exit, leaking_exits};
use crate::rules::fixes;
use crate::rules::prelude::*;

pub struct CancelNotCalled;

static META: RuleMeta = RuleMeta {
    id: "ctx-cancel-not-called",
    family: Family::Ctx,
    severity: Severity::Error,
    summary: "cancel function of a derived context not called on every path out of the function",
    page: include_str!("../../../rules/ctx-cancel-not-called.md"),
    needs_import: Some("context"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for CancelNotCalled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        let sites = cancel_sites(function, checker);
        // Returning from `main` ends the process, and every context with it.
        if sites.is_empty() || is_program_main(function, checker) {
            return;
        }
        for site in sites {
            // A deadline already past: the context is done, and released, at once.
            if super::expired_on_creation(site.call, checker) {
                continue;
            }
            let Some((exits, never_called)) = leaks(function, &site, checker) else {
                continue;
            };
            if exits.is_empty() {
                if let Some(defer) = deferred_in_endless_loop(function, &site, checker) {
                    let name = &site.cancel.name;
                    checker
                        .report(
                            site.call,
                            format!(
                                "cancel function of {} is deferred inside an endless loop: `defer {name}()` runs only when the function returns, so every iteration's context stays alive",
                                site.constructor
                            ),
                        )
                        .related(
                            defer.byte_range(),
                            format!("deferred here; call `{name}()` at the end of the iteration instead"),
                        );
                }
                continue;
            }
            let name = &site.cancel.name;
            let message = if never_called {
                format!("cancel function of {} is never called", site.constructor)
            } else {
                let place = match function.kind() {
                    kinds::FUNC_LITERAL => "this function literal".to_string(),
                    _ => syntax::function_name(checker.root(), function, checker.source())
                        .unwrap_or_else(|| "the function".to_string()),
                };
                format!(
                    "cancel function of {} is not called on every path out of {place}",
                    site.constructor
                )
            };
            // No `defer cancel()` when the context outlives the function: whoever it was
            // handed to would get a cancelled context.
            let declared = syntax::assignment_sides(site.statement).or_else(|| {
                syntax::declaration_specs(site.statement, kinds::VAR_SPEC)
                    .first()
                    .and_then(|spec| syntax::assignment_sides(*spec))
            });
            let escapes = declared
                .and_then(|(targets, _)| targets.first().copied())
                .is_none_or(|target| {
                    super::cancel_discarded::context_may_escape(site.statement, target, checker)
                });
            let fix = if escapes {
                None
            } else {
                fixes::defer_after(
                    site.statement,
                    checker.root(),
                    checker.source(),
                    &format!("{name}()"),
                )
            };
            let diagnostic = checker.report(site.call, message);
            if let Some(edit) = fix {
                diagnostic.fix(format!("Add `defer {name}()`"), vec![edit]);
            }
            for exit in exits {
                let note = match exit {
                    Exit::Return(_) => format!("returns without calling `{name}`"),
                    Exit::EndOfBody(_) => {
                        format!("reaches the end of the function without calling `{name}`")
                    }
                };
                diagnostic.related(exit.node().byte_range(), note);
            }
        }
    }
}

/// `for { ctx, cancel := ...; defer cancel(); ... }`: the creation sits in an endless
/// loop (no condition, no range, no `return`, `break` or `goto`) of the function's own body, and the cancel function is
/// only ever deferred, inside that loop. The deferred calls pile up and run when the
/// function returns, which an endless loop rarely does.
fn deferred_in_endless_loop<'t>(
    function: Node<'t>,
    site: &CancelSite<'t>,
    checker: &Checker<'t>,
) -> Option<Node<'t>> {
    let ancestors = syntax::ancestors(function, site.statement);
    let lp = ancestors
        .iter()
        .rev()
        .take_while(|a| !syntax::is_function(**a))
        .find(|a| a.kind() == kinds::FOR_STATEMENT)?;
    if lp.named_child_count() != 1 || leaves(*lp) {
        return None;
    }
    let mut deferred = None;
    for m in mentions(function, &site.cancel, checker) {
        if m.node.start_byte() < site.statement.end_byte() || m.kind == MentionKind::Compared {
            continue;
        }
        let call = m.node.parent()?;
        let defer = call.parent()?;
        let is_deferred_call = m.kind == MentionKind::Called
            && defer.kind() == kinds::DEFER_STATEMENT
            && syntax::contains(*lp, defer);
        if !is_deferred_call {
            return None;
        }
        deferred.get_or_insert(defer);
    }
    deferred
}

/// The loop has a `return`, `break` or `goto` of its own (not in a nested literal):
/// it may end, and its deferred calls with it.
fn leaves(lp: Node<'_>) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(lp, &mut |node, _| {
        found |= matches!(
            node.kind(),
            kinds::RETURN_STATEMENT | "break_statement" | "goto_statement"
        );
        !found && node.kind() != kinds::FUNC_LITERAL
    });
    found
}

/// The `return`s in the `case <-parent.Done():` clauses of `function`, where `parent`
/// is the context the cancel site derives from: the parent is done there, and a
/// cancelled parent has already cancelled (and released) every context derived from it.
fn returns_after_parent_done(
    function: Node<'_>,
    site: &CancelSite<'_>,
    checker: &Checker<'_>,
) -> Vec<Range<usize>> {
    let source = checker.source();
    let Some(parent) = syntax::call_arguments(site.call).into_iter().next() else {
        return Vec::new();
    };
    let done = format!("<-{}.Done()", syntax::text(syntax::unparen(parent), source));
    let mut returns = Vec::new();
    let mut in_done_case: Vec<Range<usize>> = Vec::new();
    syntax::walk_with_ancestors(function, &mut |node, _| {
        if node.kind() == kinds::COMMUNICATION_CASE
            && node.start_byte() >= site.statement.end_byte()
            && node
                .field("communication")
                .is_some_and(|c| syntax::text(c, source).replace(' ', "") == done)
        {
            in_done_case.push(node.byte_range());
        }
        if node.kind() == kinds::RETURN_STATEMENT
            && in_done_case
                .iter()
                .any(|r| r.start <= node.start_byte() && node.end_byte() <= r.end)
        {
            returns.push(node.byte_range());
        }
        node.kind() != kinds::FUNC_LITERAL
    });
    returns
}

/// The exits an unsettled path reaches, and whether nothing after the creation
/// calls or hands off the cancel function at all; `None` when the rule must stay silent.
fn leaks<'t>(
    function: Node<'t>,
    site: &CancelSite<'t>,
    checker: &Checker<'t>,
) -> Option<(Vec<Exit<'t>>, bool)> {
    let mentions = mentions(function, &site.cancel, checker);
    let created = site.statement.byte_range();
    // A closure made earlier may well call the new cancel function.
    if captured_before(&mentions, &site.cancel, &created) {
        return None;
    }
    let mut settling: Vec<Range<usize>> = mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Called | MentionKind::HandedOff))
        .map(|m| m.node.byte_range())
        .collect();
    settling.extend(returns_after_parent_done(function, site, checker));
    let never_called = !settling.iter().any(|m| m.start >= created.end);
    let oracle = LocalOracle {
        creation: site.statement,
        local: &site.cancel,
        settling: &settling,
        overwriting: &[],
        open_at_entry: false,
        checker,
    };
    let exits = leaking_exits(function, checker.source(), &oracle)?;
    Some((exits, never_called))
}
