//! `leak-range-unclosed`: a goroutine ranges over a channel that its function
//! made and never closes nor hands on. Once the last value is sent the `range`
//! waits for a value or a `close` that can never come: the goroutine blocks forever.
//!
//! Silent when the loop body can leave (`return`, `break`, `goto`, `panic`, a
//! fatal call), when any operation on the channel sits in a `for {}` loop or the
//! function itself loops forever (the goroutine may live as long as it does by
//! design), and whenever the channel escapes (see the family's model).

use super::{Channel, Model, OpKind, Place};
use crate::rules::prelude::*;

pub struct RangeUnclosed;

static META: RuleMeta = RuleMeta {
    id: "leak-range-unclosed",
    family: Family::Leak,
    severity: Severity::Error,
    summary: "goroutine ranges over a channel that its function never closes",
    page: include_str!("../../../rules/leak-range-unclosed.md"),
    needs_import: None,
    triggers: super::TRIGGERS,
    package_needs: None,
    opt_in: false,
};

impl Rule for RangeUnclosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        let Some(model) = super::model(function, checker) else {
            return;
        };
        for channel in &model.channels {
            check_channel(channel, &model, checker);
        }
    }
}

fn check_channel(channel: &Channel<'_>, model: &Model<'_>, checker: &mut Checker<'_>) {
    if channel.escapes
        || channel.count(OpKind::Close) > 0
        || model.runs_forever
        || channel.ops.iter().any(|op| op.forever_loop)
    {
        return;
    }
    let source = checker.source();
    let ranges: Vec<_> = channel
        .ops(OpKind::Range)
        .filter(|op| matches!(op.place, Place::Goroutine(_)))
        .filter(|op| {
            op.node
                .child_by_field_name("body")
                .is_some_and(|body| !super::may_leave(body, source))
        })
        .copied()
        .collect();
    let name = &channel.name;
    for range in ranges {
        let clause = syntax::named_children(range.node)
            .into_iter()
            .find(|c| c.kind() == kinds::RANGE_CLAUSE)
            .unwrap_or(range.node);
        let diagnostic = checker.report(
            clause,
            format!(
                "this goroutine ranges over `{name}`, which its function never closes nor hands on: it blocks forever after the last send; `close({name})` once every value is sent"
            ),
        );
        diagnostic.related(channel.make.byte_range(), format!("`{name}` is made here"));
    }
}
