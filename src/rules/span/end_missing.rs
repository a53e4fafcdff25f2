//! `span-end-missing`: a span kept in a local variable is neither ended nor
//! handed off on some path out of the function that started it.
//!
//! A path settles the span when it ends it (`span.End()`, `defer span.End()`,
//! `span.Finish()`, a deferred closure or goroutine that ends it) or lets go of it:
//! returns it, passes it (`defer finish(span)`, `t.Cleanup(span.End)`), stores it,
//! sends it, or returns the context that carries it. Other methods
//! (`span.SetAttributes`, `span.RecordError`) settle nothing, and neither does a
//! call that only prints or logs the span (`fmt.Print(span)`) or `_ = span`. Paths
//! that end in `panic`, `os.Exit` or `log.Fatal*` need nothing. The walk is
//! `model::paths::walk_paths`, the one `ctx-cancel-not-called` uses.
//!
//! Two more ways to lose a span: a second start into the same variable
//! (`_, span = tracer.Start(...)` again) while the first span is certainly still open,
//! and a deferred (or `go`) function that ends it only under a condition (`defer
//! func() { if err != nil { span.End() } }()`) when nothing else ends it.
//!
//! Fix: `defer span.End()` (or `Finish()`) after the start, unless it is in a loop.

use std::ops::Range;

use super::{SpanStart, SpanUse, callee_label, only_read, span_start, span_use};
use crate::model::paths::{Exit, walk_paths};
use crate::rules::fixes;
use crate::rules::locals::{
    Local, LocalOracle, Mention, captured_before, creations, local_of, mentions,
};
use crate::rules::prelude::*;

pub struct EndMissing;

static META: RuleMeta = RuleMeta {
    id: "span-end-missing",
    family: Family::Span,
    severity: Severity::Error,
    summary: "span not ended on every path out of the function that started it",
    page: include_str!("../../../rules/span-end-missing.md"),
    needs_import: None,
    triggers: super::START_TRIGGERS,
    package_needs: None,
    text_test: None,
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
        let sites = span_sites(function, checker);
        for site in &sites {
            // Other starts into the same variable overwrite this one's span.
            let overwriting: Vec<Range<usize>> = sites
                .iter()
                .filter(|other| other.span == site.span && other.statement != site.statement)
                .map(|other| other.statement.byte_range())
                .collect();
            let Some(leak) = leaks(function, site, &overwriting, checker) else {
                continue;
            };
            if leak.exits.is_empty() && leak.overwritten.is_empty() {
                continue;
            }
            report(function, site, &leak, checker);
        }
    }
}

fn report(function: Node<'_>, site: &SpanSite<'_>, leak: &Leak<'_>, checker: &mut Checker<'_>) {
    let label = callee_label(site.call, checker.source());
    let ender = site.start.ender;
    let end_call = site.start.end_call();
    let name = &site.span.name;
    let message = if !leak.overwritten.is_empty() {
        format!("span from `{label}` is lost: `{name}` gets a new span before `{ender}` is called")
    } else if leak.conditional_end.is_some() {
        format!("span from `{label}` is ended only under a condition in a deferred function")
    } else if leak.never_ended {
        format!("span from `{label}` is never ended (call `{ender}`)")
    } else {
        let place = match function.kind() {
            kinds::FUNC_LITERAL => "this function literal".to_string(),
            _ => syntax::function_name(checker.root(), function, checker.source())
                .unwrap_or_else(|| "the function".to_string()),
        };
        format!("span from `{label}` is not ended on every path out of {place}")
    };
    // A deferred End would end a span that some path hands on (its new owner would
    // find it ended), and would end twice a span some path already ends: only the
    // first case changes what the code means for every SDK, so it gets no fix, and
    // the second gets one that `--unsafe-fixes` must ask for. Beside a conditional
    // End, an unconditional one ends the span twice on the paths the condition takes.
    let fix = match (leak.conditional_end, leak.handed_off) {
        (None, false) => fixes::defer_after(
            site.statement,
            checker.root(),
            checker.source(),
            &format!("{name}.{end_call}"),
        ),
        _ => None,
    };
    let diagnostic = checker.report(site.call, message);
    if let Some(edit) = fix {
        let title = format!("Add `defer {name}.{end_call}`");
        if leak.ended_elsewhere {
            diagnostic.unsafe_fix(title, vec![edit]);
        } else {
            diagnostic.fix(title, vec![edit]);
        }
    }
    for statement in &leak.overwritten {
        diagnostic.related(
            statement.byte_range(),
            format!("`{name}` gets a new span here, and the first one was not ended"),
        );
    }
    if let Some(condition) = leak.conditional_end {
        diagnostic.related(
            condition.byte_range(),
            format!("`{name}.{end_call}` runs only when this condition holds"),
        );
    }
    for exit in &leak.exits {
        let note = match exit {
            Exit::Return(_) => format!("returns without calling `{name}.{end_call}`"),
            Exit::EndOfBody(_) => {
                format!("reaches the end of the function without calling `{name}.{end_call}`")
            }
        };
        diagnostic.related(exit.node().byte_range(), note);
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
    let Some(body) = function.field("body") else {
        return Vec::new();
    };
    let configured = checker
        .settings()
        .extra_span_starts
        .iter()
        .filter_map(|name| name.rsplit_once('.'))
        .any(|(_, func)| checker.contains(body, func));
    if !super::mentions_start(body, checker)
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

/// How a span is lost: the exits an unsettled path reaches, the statements that
/// overwrite it while open, whether nothing after the start ends or hands it off at
/// all, and the condition of a deferred function that is the only place ending it.
struct Leak<'t> {
    exits: Vec<Exit<'t>>,
    overwritten: Vec<Node<'t>>,
    never_ended: bool,
    conditional_end: Option<Node<'t>>,
    /// Some path after the start hands the span (or the context carrying it) on.
    handed_off: bool,
    /// Some path after the start already ends the span.
    ended_elsewhere: bool,
}

/// How the span of `site` is lost; `None` when the rule must stay silent.
fn leaks<'t>(
    function: Node<'t>,
    site: &SpanSite<'t>,
    overwriting: &[Range<usize>],
    checker: &Checker<'t>,
) -> Option<Leak<'t>> {
    let source = checker.source();
    let mentions = mentions(function, &site.span, checker);
    let created = site.statement.byte_range();
    // A closure made earlier may well end the new span.
    if captured_before(&mentions, &site.span, &created) {
        return None;
    }
    let mut settling: Vec<&Mention<'t>> = mentions
        .iter()
        .filter(|m| {
            matches!(
                span_use(m.node, m.kind, site.start.ender, source),
                SpanUse::Ended | SpanUse::HandedOff
            ) && !only_read(m.node, checker)
                && !super::passed_to_reader(m.node, checker)
        })
        .collect();
    // Returning or storing the context hands the span on: whoever gets it can end it
    // through `SpanFromContext`.
    let mut carried: Vec<Range<usize>> = Vec::new();
    if let Some(context) = &site.context {
        carried.extend(
            crate::rules::locals::mentions(function, context, checker)
                .into_iter()
                .filter(|m| m.node.start_byte() >= created.end)
                .filter(|m| super::discarded::carries_span_away(m, checker))
                .map(|m| m.node.byte_range()),
        );
    }
    let never_ended =
        carried.is_empty() && !settling.iter().any(|m| m.node.start_byte() >= created.end);
    let use_after = |wanted: SpanUse| {
        settling.iter().any(|m| {
            m.node.start_byte() >= created.end
                && span_use(m.node, m.kind, site.start.ender, source) == wanted
        })
    };
    let handed_off = !carried.is_empty() || use_after(SpanUse::HandedOff);
    let ended_elsewhere = use_after(SpanUse::Ended);
    let conditional_end =
        conditional_deferred_end(function, site, &mut settling, &carried, checker);
    let settling: Vec<Range<usize>> = settling
        .iter()
        .map(|m| m.node.byte_range())
        .chain(carried)
        .collect();
    let oracle = LocalOracle {
        creation: site.statement,
        local: &site.span,
        settling: &settling,
        overwriting,
        open_at_entry: false,
        checker,
    };
    let summary = walk_paths(function, source, &oracle)?;
    Some(Leak {
        exits: summary.leaks,
        overwritten: summary.overwritten,
        never_ended,
        conditional_end,
        handed_off,
        ended_elsewhere,
    })
}

/// When every mention that ends the span after its start sits in functions run by
/// `defer` or `go` that end it only on some of their paths, and nothing else ends or
/// carries it: removes those mentions from `settling` and returns the condition (or
/// the function) to point at. A condition that tests the span itself (`if span !=
/// nil`, `if span.IsRecording()`) is a reason not to end it, so it stays settled.
fn conditional_deferred_end<'t>(
    function: Node<'t>,
    site: &SpanSite<'t>,
    settling: &mut Vec<&Mention<'t>>,
    carried: &[Range<usize>],
    checker: &Checker<'t>,
) -> Option<Node<'t>> {
    let created = site.statement.byte_range();
    let after: Vec<&Mention<'t>> = settling
        .iter()
        .copied()
        .filter(|m| m.node.start_byte() >= created.end)
        .collect();
    if after.is_empty() || !carried.is_empty() {
        return None;
    }
    let mut literals: Vec<Node<'t>> = Vec::new();
    for mention in &after {
        let literal = deferred_literal(mention.node, function)?;
        if !literals.contains(&literal) {
            literals.push(literal);
        }
    }
    let mut pointed = None;
    for literal in &literals {
        let inside: Vec<Range<usize>> = after
            .iter()
            .filter(|m| syntax::contains(*literal, m.node))
            .map(|m| m.node.byte_range())
            .collect();
        // The closure owes the span from its first statement.
        let oracle = LocalOracle {
            creation: *literal,
            local: &site.span,
            settling: &inside,
            overwriting: &[],
            open_at_entry: true,
            checker,
        };
        let summary = walk_paths(*literal, checker.source(), &oracle)?;
        if summary.leaks.is_empty() || tests_the_span(*literal, &site.span, checker) {
            return None;
        }
        pointed.get_or_insert_with(|| condition_around(after[0].node, *literal));
    }
    settling.retain(|m| m.node.start_byte() < created.end);
    pointed
}

/// The function literal that a `defer` or `go` statement calls on the spot and that
/// holds `node` (the nearest literal around it, inside `function`).
fn deferred_literal<'t>(node: Node<'t>, function: Node<'t>) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == function.id() {
            return None;
        }
        if n.kind() == kinds::FUNC_LITERAL {
            let call = n.parent()?;
            if call.kind() != kinds::CALL_EXPRESSION || call.field("function") != Some(n) {
                return None;
            }
            let statement = call.parent()?;
            return matches!(
                statement.kind(),
                kinds::DEFER_STATEMENT | kinds::GO_STATEMENT
            )
            .then_some(n);
        }
        current = n.parent();
    }
    None
}

/// True when a condition inside `literal` mentions the span.
fn tests_the_span(literal: Node<'_>, span: &Local, checker: &Checker<'_>) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(literal, &mut |node, _| {
        if found {
            return false;
        }
        if matches!(
            node.kind(),
            kinds::IF_STATEMENT | kinds::EXPRESSION_SWITCH_STATEMENT
        ) {
            for field in ["condition", "value", "initializer"] {
                if let Some(part) = node.field(field) {
                    syntax::walk_with_ancestors(part, &mut |inner, _| {
                        found |= span.is_named_by(inner, checker);
                        !found
                    });
                }
            }
        }
        !found
    });
    found
}

/// The innermost `if` or `switch` inside `literal` around `node`, or the literal.
fn condition_around<'t>(node: Node<'t>, literal: Node<'t>) -> Node<'t> {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == literal.id() {
            break;
        }
        if matches!(
            n.kind(),
            kinds::IF_STATEMENT | kinds::EXPRESSION_SWITCH_STATEMENT | kinds::TYPE_SWITCH_STATEMENT
        ) {
            return n.field("condition").unwrap_or(n);
        }
        current = n.parent();
    }
    literal
}
