//! `span-end-missing`: a span kept in a local variable is neither ended nor
//! handed off on some path out of the function that started it.
//!
//! A path settles the span when it ends it (`span.End()`, `defer span.End()`,
//! `span.Finish()`, a deferred closure or goroutine that ends it) or lets go of it:
//! returns it, passes it (`defer finish(span)`, `t.Cleanup(span.End)`), stores it,
//! sends it, or returns the context that carries it. Other methods
//! (`span.SetAttributes`, `span.RecordError`) settle nothing. Paths that end in
//! `panic`, `os.Exit` or `log.Fatal*` need nothing. The walk is
//! `model::paths::leaking_exits`, the one `ctx-cancel-not-called` uses.
//!
//! Fix: `defer span.End()` (or `Finish()`) after the start, unless it is in a loop.

use std::ops::Range;

use super::{SpanStart, SpanUse, callee_label, span_start, span_use};
use crate::model::paths::{Exit, leaking_exits};
use crate::rules::fixes;
use crate::rules::locals::{Local, LocalOracle, captured_before, creations, local_of, mentions};
use crate::rules::prelude::*;

pub struct EndMissing;

static META: RuleMeta = RuleMeta {
    id: "span-end-missing",
    family: Family::Span,
    severity: Severity::Error,
    summary: "span not ended on every path out of the function that started it",
    page: include_str!("../../../rules/span-end-missing.md"),
    needs_import: None,
    triggers: &["Start", "NewTask", "BeginS"],
    package_needs: None,
    opt_in: false,
};

impl Rule for EndMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        for site in span_sites(function, checker) {
            let Some((exits, never_ended)) = leaks(function, &site, checker) else {
                continue;
            };
            if exits.is_empty() {
                continue;
            }
            let label = callee_label(site.call, checker.source());
            let ender = site.start.ender;
            let end_call = site.start.end_call();
            let message = if never_ended {
                format!("span from `{label}` is never ended (call `{ender}`)")
            } else {
                let place = match function.kind() {
                    kinds::FUNC_LITERAL => "this function literal".to_string(),
                    _ => syntax::function_name(checker.root(), function, checker.source())
                        .unwrap_or_else(|| "the function".to_string()),
                };
                format!("span from `{label}` is not ended on every path out of {place}")
            };
            let name = &site.span.name;
            let fix = fixes::defer_after(
                site.statement,
                checker.root(),
                checker.source(),
                &format!("{name}.{end_call}"),
            );
            let diagnostic = checker.report(site.call, message);
            if let Some(edit) = fix {
                diagnostic.fix(format!("Add `defer {name}.{end_call}`"), vec![edit]);
            }
            for exit in exits {
                let note = match exit {
                    Exit::Return(_) => format!("returns without calling `{name}.{end_call}`"),
                    Exit::EndOfBody(_) => {
                        format!(
                            "reaches the end of the function without calling `{name}.{end_call}`"
                        )
                    }
                };
                diagnostic.related(exit.node().byte_range(), note);
            }
        }
    }
}

/// `ctx, span := tracer.Start(ctx, "op")` (or `=`, or `var`) in a function's own body,
/// whose span goes to a local variable of that function.
struct SpanSite<'t> {
    /// The statement a path walk sees: the assignment, or its `var` declaration.
    statement: Node<'t>,
    call: Node<'t>,
    start: SpanStart,
    span: Local,
    /// The variable that receives the derived context, when there is one.
    context: Option<Local>,
}

fn span_sites<'t>(function: Node<'t>, checker: &Checker<'_>) -> Vec<SpanSite<'t>> {
    let Some(body) = function.child_by_field_name("body") else {
        return Vec::new();
    };
    let configured = checker
        .settings()
        .extra_span_starts
        .iter()
        .filter_map(|name| name.rsplit_once('.'))
        .any(|(_, func)| checker.contains(body, func));
    if !checker.contains(body, "Start")
        && !checker.contains(body, "NewTask")
        && !checker.contains(body, "BeginS")
        && !configured
        && !super::mentions_package_starter(body, checker)
    {
        return Vec::new();
    }
    creations(function, checker, |call, targets| {
        let start = span_start(call, checker)?;
        (targets.len() == start.results).then_some(())?;
        let index = start.span_index;
        Some((start, index))
    })
    .into_iter()
    .map(|creation| SpanSite {
        statement: creation.statement,
        call: creation.call,
        context: creation
            .what
            .context_index()
            .and_then(|i| local_of(creation.targets[i], checker))
            .map(|(local, _)| local),
        start: creation.what,
        span: creation.local,
    })
    .collect()
}

/// The exits an unsettled path reaches, and whether nothing after the start ends or
/// hands off the span at all; `None` when the rule must stay silent.
fn leaks<'t>(
    function: Node<'t>,
    site: &SpanSite<'t>,
    checker: &Checker<'t>,
) -> Option<(Vec<Exit<'t>>, bool)> {
    let source = checker.source();
    let mentions = mentions(function, &site.span, checker);
    let created = site.statement.byte_range();
    // A closure made earlier may well end the new span.
    if captured_before(&mentions, &site.span, &created) {
        return None;
    }
    let mut settling: Vec<Range<usize>> = mentions
        .iter()
        .filter(|m| {
            matches!(
                span_use(m.node, m.kind, site.start.ender, source),
                SpanUse::Ended | SpanUse::HandedOff
            )
        })
        .map(|m| m.node.byte_range())
        .collect();
    // Returning or storing the context hands the span on: whoever gets it can end it
    // through `SpanFromContext`.
    if let Some(context) = &site.context {
        settling.extend(
            crate::rules::locals::mentions(function, context, checker)
                .into_iter()
                .filter(|m| m.node.start_byte() >= created.end)
                .filter(|m| super::discarded::carries_span_away(m, checker))
                .map(|m| m.node.byte_range()),
        );
    }
    let never_ended = !settling.iter().any(|m| m.start >= created.end);
    let oracle = LocalOracle {
        creation: site.statement,
        local: &site.span,
        settling: &settling,
        checker,
    };
    let exits = leaking_exits(function, source, &oracle)?;
    Some((exits, never_ended))
}
