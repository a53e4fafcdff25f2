//! `ctx-cancel-discarded`: the cancel function of a derived context is assigned
//! to `_` (or the whole result is dropped), so nothing can release the context
//! before its parent is done.

use super::cancel_constructor;
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
        checker
            .report(
                call,
                format!("cancel function returned by {name} is discarded"),
            )
            .related(
                cancel.byte_range(),
                "assigned to `_` here: keep it and `defer cancel()`",
            );
    }
}
