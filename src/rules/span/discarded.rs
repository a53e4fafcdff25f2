//! `span-discarded`: the span a span-starting call returns is assigned to `_`, or
//! the whole call is a statement of its own: nothing can ever end that span.

use super::{callee_label, span_from_context, span_start};
use crate::model::scope::BindingKind;
use crate::rules::locals::{Mention, local_of, mentions};
use crate::rules::prelude::*;

pub struct Discarded;

static META: RuleMeta = RuleMeta {
    id: "span-discarded",
    family: Family::Span,
    severity: Severity::Error,
    summary: "span returned by a span-starting call discarded, so it can never be ended",
    page: include_str!("../../../rules/span-discarded.md"),
    needs_import: None,
    triggers: super::START_TRIGGERS,
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for Discarded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[
            kinds::SHORT_VAR_DECLARATION,
            kinds::ASSIGNMENT_STATEMENT,
            kinds::VAR_SPEC,
            kinds::EXPRESSION_STATEMENT,
        ]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let source = checker.source();
        if node.kind() == kinds::EXPRESSION_STATEMENT {
            // `tracer.Start(ctx, "op")` as a statement drops every result.
            let Some(call) = node.named_child(0).map(syntax::unparen) else {
                return;
            };
            if call.kind() != kinds::CALL_EXPRESSION {
                return;
            }
            let Some(start) = span_start(call, checker) else {
                return;
            };
            let label = callee_label(call, source);
            checker.report(
                call,
                format!(
                    "the span `{label}` returns is dropped: it can never be ended (keep it and call `{}`)",
                    start.ender
                ),
            );
            return;
        }
        let Some((targets, values)) = syntax::assignment_sides(node) else {
            return;
        };
        let [call] = values.as_slice() else {
            return;
        };
        let call = syntax::unparen(*call);
        if call.kind() != kinds::CALL_EXPRESSION {
            return;
        }
        let Some(start) = span_start(call, checker) else {
            return;
        };
        if targets.len() != start.results || !syntax::is_blank(targets[start.span_index], source) {
            return;
        }
        // `ctx, _ = tracer.Start(ctx, "op"); return ctx`: the span travels in the context
        // the function hands on, and whoever receives it ends it (`SpanFromContext`).
        if let Some(context) = start.context_index().map(|i| targets[i])
            && context_handed_on(node, context, checker)
        {
            return;
        }
        let label = callee_label(call, source);
        checker.report(
            call,
            format!(
                "the span `{label}` returns is assigned to `_`: it can never be ended (keep it and call `{}`)",
                start.ender
            ),
        );
    }
}

/// True when the derived context `target` leaves the function: assigned to anything but
/// a local variable, or a local that a `return` of the same function mentions.
fn context_handed_on(assignment: Node<'_>, target: Node<'_>, checker: &Checker<'_>) -> bool {
    handed_on_from(assignment, target, checker, 0)
}

/// `context_handed_on`, following the context when it is derived again into a variable
/// of the same name (`ctx, err := tag.New(ctx, ...)`): that is still the context
/// carrying the span.
fn handed_on_from(
    assignment: Node<'_>,
    target: Node<'_>,
    checker: &Checker<'_>,
    depth: usize,
) -> bool {
    let source = checker.source();
    if syntax::is_blank(target, source) {
        return false;
    }
    let Some((local, kind)) = local_of(target, checker) else {
        return true;
    };
    // A named result is returned; a parameter or local only when a `return` says so.
    if !matches!(kind, BindingKind::Local | BindingKind::Parameter) {
        return true;
    }
    let Some(function) = syntax::enclosing_function(checker.root(), assignment) else {
        return false;
    };
    mentions(function, &local, checker).iter().any(|m| {
        m.node.start_byte() >= assignment.end_byte()
            && (carries_span_away(m, checker)
                || depth < 4
                    && rederived(m.node, &local.name, source).is_some_and(|(statement, again)| {
                        handed_on_from(statement, again, checker, depth + 1)
                    }))
    })
}

/// `ctx, err := tag.New(ctx, ...)`: the mention is inside the value of a statement that
/// assigns a variable of the same name; the statement and that target.
fn rederived<'t>(ident: Node<'t>, name: &str, source: &str) -> Option<(Node<'t>, Node<'t>)> {
    let mut node = ident;
    while let Some(parent) = node.parent() {
        if matches!(
            parent.kind(),
            kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT
        ) {
            let (left, right) = syntax::assignment_sides(parent)?;
            if !right.iter().any(|r| syntax::contains(*r, ident)) {
                return None;
            }
            let again = left
                .into_iter()
                .find(|l| syntax::text(*l, source) == name)?;
            return Some((parent, again));
        }
        if syntax::is_function(parent) || parent.kind() == kinds::BLOCK {
            return None;
        }
        node = parent;
    }
    None
}

/// A mention of the context that carries a span through which the span leaves the
/// function or can be recovered and ended: returned, stored in a field, a map or
/// slice element, a composite literal or a package variable, sent on a channel, or
/// given to `SpanFromContext`. `span-end-missing` and `span-discarded` both ask this,
/// so they agree on what hands a span off through its context.
pub(super) fn carries_span_away(mention: &Mention<'_>, checker: &Checker<'_>) -> bool {
    (!mention.by_reference && in_return(mention.node, checker))
        || recovers_span(mention.node, checker)
        || stored(mention.node)
}

/// `r.ctx = ctx`, `m[id] = ctx`, `&request{ctx: ctx}`, `ch <- ctx`: the value is kept
/// somewhere that outlives the statement.
fn stored(ident: Node<'_>) -> bool {
    let mut child = ident;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            kinds::PARENTHESIZED_EXPRESSION | kinds::EXPRESSION_LIST => {}
            "keyed_element" | "literal_element" | kinds::LITERAL_VALUE => return true,
            "send_statement" => return parent.field("value") == Some(child),
            kinds::ASSIGNMENT_STATEMENT => {
                return parent.field("right") == Some(child)
                    && parent.field("left").is_some_and(|left| {
                        syntax::named_children(left).iter().any(|t| {
                            matches!(t.kind(), kinds::SELECTOR_EXPRESSION | "index_expression")
                        })
                    });
            }
            _ => return false,
        }
        child = parent;
    }
    false
}

/// True when `ident` is the argument of `trace.SpanFromContext(ident)`: the span is
/// taken back out of the context, and can be ended after all.
fn recovers_span(ident: Node<'_>, checker: &Checker<'_>) -> bool {
    ident
        .parent()
        .filter(|list| list.kind() == kinds::ARGUMENT_LIST)
        .and_then(|list| list.parent())
        .is_some_and(|call| span_from_context(call, checker).is_some())
}

/// True when `node` is one of the values a `return` statement returns (`return ctx`,
/// `return ctx, nil`), or is inside a returned value of a function that returns a
/// context or a request (`return metadata.AppendToOutgoingContext(ctx, ...)`,
/// `return r.WithContext(ctx)`): the context that carries the span leaves the function.
/// `return load(ctx)` in a function that returns an `error` is neither.
pub(super) fn in_return(node: Node<'_>, checker: &Checker<'_>) -> bool {
    let mut current = node;
    let mut direct = true;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            kinds::RETURN_STATEMENT => {
                return direct
                    || syntax::enclosing_function(checker.root(), parent)
                        .is_some_and(|f| returns_context(f, checker));
            }
            kinds::PARENTHESIZED_EXPRESSION | kinds::EXPRESSION_LIST => {}
            kinds::BLOCK => return false,
            kind if kinds::FUNCTIONS.contains(&kind) => return false,
            _ => direct = false,
        }
        current = parent;
    }
    false
}

/// True when one of the results of `function` is a `context.Context` or an `*http.Request`.
fn returns_context(function: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(result) = function.field("result") else {
        return false;
    };
    let types: Vec<Node<'_>> = if result.kind() == "parameter_list" {
        syntax::named_children(result)
            .into_iter()
            .filter_map(|p| p.field("type"))
            .collect()
    } else {
        vec![result]
    };
    types.into_iter().any(|ty| {
        crate::model::Ty::from_node(ty, checker.source(), checker.imports())
            .is_some_and(|ty| ty.is("context", "Context") || ty.pointee().is("net/http", "Request"))
    })
}
