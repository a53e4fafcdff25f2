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
        let fix = keep_and_defer(node, *cancel, checker);
        let diagnostic = checker
            .report(
                call,
                format!("cancel function returned by {name} is discarded"),
            )
            .related(
                cancel.byte_range(),
                "assigned to `_` here: keep it and `defer cancel()`",
            );
        if let Some(edits) = fix {
            diagnostic.fix("Keep the cancel function and add `defer cancel()`", edits);
        }
    }
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
