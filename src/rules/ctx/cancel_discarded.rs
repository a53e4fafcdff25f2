//! `ctx-cancel-discarded`: the cancel function of a derived context is assigned
//! to `_` (or the whole result is dropped), so nothing can release the context
//! before its parent is done.
//!
//! Fix (for `:=` and `var`): name it `cancel` and `defer cancel()` on the next line.

use super::cancel_constructor;
use crate::diagnostic::Edit;
use crate::rules::fixes;
use crate::rules::prelude::*;

pub struct CancelDiscarded;

static META: RuleMeta = RuleMeta {
    id: "ctx-cancel-discarded",
    family: Family::Ctx,
    severity: Severity::Error,
    summary: "cancel function of a derived context assigned to `_`",
    page: include_str!("../../../rules/ctx-cancel-discarded.md"),
    needs_import: Some("context"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for CancelDiscarded {
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
        if node.kind() == kinds::EXPRESSION_STATEMENT {
            // `context.WithCancel(ctx)` as a statement drops both results.
            let Some(call) = node.named_child(0).map(syntax::unparen) else {
                return;
            };
            let Some(name) = cancel_constructor(call, checker) else {
                return;
            };
            checker.report(
                call,
                format!("result of {name} is dropped, so its cancel function can never be called"),
            );
            return;
        }
        // `ctx, _ := context.WithTimeout(parent, d)`: two targets, one call.
        let Some((targets, values)) = syntax::assignment_sides(node) else {
            return;
        };
        let ([_, cancel], [call]) = (targets.as_slice(), values.as_slice()) else {
            return;
        };
        let call = syntax::unparen(*call);
        if !syntax::is_blank(*cancel, checker.source()) {
            return;
        }
        let Some(name) = cancel_constructor(call, checker) else {
            return;
        };
        // A deadline already past: the context is done, and released, at once.
        if super::expired_on_creation(call, checker) {
            return;
        }
        // Deferring the cancel is only safe when the derived context does not outlive
        // the function: a caller or goroutine given it would get a cancelled context.
        let escapes = context_may_escape(node, targets[0], checker);
        let fix = if escapes {
            None
        } else {
            keep_and_defer(node, *cancel, checker)
        };
        let advice = if escapes {
            "assigned to `_` here: keep it and call it once the context's work is over"
        } else {
            "assigned to `_` here: keep it and `defer cancel()`"
        };
        let diagnostic = checker
            .report(
                call,
                format!("cancel function returned by {name} is discarded"),
            )
            .related(cancel.byte_range(), advice);
        if let Some(edits) = fix {
            diagnostic.fix("Keep the cancel function and add `defer cancel()`", edits);
        }
    }
}

/// The derived context may outlive the function that made it: after the statement, it
/// is mentioned in a `return`, a `go` statement, a function literal that is not called
/// on the spot or deferred, a composite literal, a channel send, or an assignment
/// (stored in a field, a map, another variable). Conservative: when in doubt, yes.
pub(super) fn context_may_escape(
    statement: Node<'_>,
    target: Node<'_>,
    checker: &Checker<'_>,
) -> bool {
    let source = checker.source();
    if target.kind() != kinds::IDENTIFIER {
        return true;
    }
    let name = syntax::text(target, source);
    let Some(function) = syntax::enclosing_function(checker.root(), statement) else {
        return true;
    };
    let mut escapes = false;
    syntax::walk_with_ancestors(function, &mut |node, stack| {
        if escapes {
            return false;
        }
        if node.kind() != kinds::IDENTIFIER
            || node.start_byte() < statement.end_byte()
            || syntax::text(node, source) != name
        {
            return true;
        }
        let below = |kind: &str| {
            stack
                .iter()
                .any(|a| a.kind() == kind && a.start_byte() >= statement.end_byte())
        };
        let kept_literal = stack.iter().enumerate().any(|(i, a)| {
            a.kind() == kinds::FUNC_LITERAL
                && a.start_byte() >= statement.end_byte()
                && !(i >= 1
                    && stack[i - 1].kind() == kinds::CALL_EXPRESSION
                    && stack[i - 1].field("function") == Some(*a)
                    && stack
                        .get(i.wrapping_sub(2))
                        .is_none_or(|g| g.kind() != kinds::GO_STATEMENT))
        });
        let stored = stack.last().is_some_and(|parent| {
            matches!(
                parent.kind(),
                "keyed_element" | "literal_element" | kinds::LITERAL_VALUE | "send_statement"
            )
        }) || assigned_on(stack, source);
        // `return work(ctx)` or `return ctx.Err()` in a function that returns only an
        // error: the work is done before the deferred cancel runs. Any other returned
        // value may hold the context (`return db.QueryContext(ctx, q)` returns rows that
        // read through it).
        let returned = below(kinds::RETURN_STATEMENT) && !returns_only_error(function, source);
        escapes = returned || below(kinds::GO_STATEMENT) || kept_literal || stored;
        true
    });
    escapes
}

/// The mention is the value itself of an assignment to something other than `_`
/// (`other = ctx`, `s.ctx = ctx`, `c := ctx`): the context now lives on under another
/// name. A call that takes it (`rows, err := db.QueryContext(ctx, q)`) is not this.
fn assigned_on(stack: &[Node<'_>], source: &str) -> bool {
    for a in stack.iter().rev() {
        match a.kind() {
            kinds::EXPRESSION_LIST | "parenthesized_expression" | kinds::UNARY_EXPRESSION => {}
            kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION => {
                return syntax::assignment_sides(*a)
                    .is_some_and(|(left, _)| left.iter().any(|l| !syntax::is_blank(*l, source)));
            }
            _ => return false,
        }
    }
    false
}

/// The function's results are nothing or a single `error`.
fn returns_only_error(function: Node<'_>, source: &str) -> bool {
    function.field("result").is_none_or(|r| {
        matches!(
            syntax::text(r, source).trim(),
            "error" | "(error)" | "(err error)"
        )
    })
}

/// Rename the `_` of a declaration (`:=` or `var`) to `cancel` and defer it, when
/// nothing named `cancel` appears in the enclosing top-level declaration (so the new
/// name shadows nothing and is not redeclared). Not for `=`, whose targets must exist.
fn keep_and_defer(node: Node<'_>, blank: Node<'_>, checker: &Checker<'_>) -> Option<Vec<Edit>> {
    let root = checker.root();
    let source = checker.source();
    let statement = match node.kind() {
        kinds::SHORT_VAR_DECLARATION => node,
        kinds::VAR_SPEC => *syntax::ancestors(root, node)
            .iter()
            .rev()
            .find(|a| a.kind() == kinds::VAR_DECLARATION)?,
        _ => return None,
    };
    let outer = checker.top_level_declaration(node)?;
    if fixes::uses_identifier(outer, source, "cancel") {
        return None;
    }
    let defer = fixes::defer_after(statement, root, source, "cancel()")?;
    let rename = Edit {
        span: blank.byte_range(),
        text: "cancel".to_string(),
    };
    Some(vec![rename, defer])
}
