//! `leak-range-unclosed`: a goroutine ranges over a channel that its function
//! made and never closes nor hands on (`for v := range ch`, or a `for {}` loop that
//! leaves only on `v, ok := <-ch; if !ok { return }`). Once the last value is sent
//! the loop waits for a value or a `close` that can never come: the goroutine
//! blocks forever.
//!
//! Silent when the loop body can leave (`return`, `break`, `goto`, `panic`, a
//! fatal call), when any operation on the channel sits in a `for {}` loop or the
//! function itself loops forever (the goroutine may live as long as it does by
//! design), and whenever the channel escapes (see the family's model).

use super::{Channel, Model, Op, OpKind, Place};
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
    text_test: Some(super::starts_goroutine_literal),
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
        || channel
            .ops
            .iter()
            .any(|op| op.forever_loop && until_closed(op, checker.source()).is_none())
    {
        return;
    }
    let source = checker.source();
    let ranges: Vec<_> = channel
        .ops(OpKind::Range)
        .filter(|op| matches!(op.place, Place::Goroutine(_)))
        .filter(|op| {
            op.node
                .field("body")
                .is_some_and(|body| !super::may_leave(body, source))
        })
        .copied()
        .collect();
    // One finding per channel: the first loop, the others as related places.
    let mut places: Vec<Node<'_>> = ranges
        .iter()
        .map(|range| {
            syntax::named_children(range.node)
                .into_iter()
                .find(|c| c.kind() == kinds::RANGE_CLAUSE)
                .unwrap_or(range.node)
        })
        .chain(
            channel
                .ops(OpKind::Receive)
                .filter_map(|op| until_closed(op, source)),
        )
        .collect();
    places.sort_by_key(|n| n.start_byte());
    let Some((first, others)) = places.split_first() else {
        return;
    };
    let name = &channel.name;
    let what = if first.kind() == kinds::RANGE_CLAUSE {
        format!("this goroutine ranges over `{name}`")
    } else {
        format!("this goroutine receives from `{name}` until it is closed")
    };
    let diagnostic = checker.report(
        *first,
        format!(
            "{what}, which its function never closes nor hands on: it blocks forever after the last send; `close({name})` once every value is sent"
        ),
    );
    diagnostic.related(channel.make.byte_range(), format!("`{name}` is made here"));
    for other in others {
        diagnostic.related(other.byte_range(), "blocks forever here too");
    }
}

/// The statement `v, ok := <-ch` (or `=`) of a goroutine's `for {}` loop that leaves
/// only when the channel is closed: the statement is one of the loop body's own, the
/// next is `if !ok { return }` (or `break`), and nothing else in the body can leave.
pub(super) fn until_closed<'t>(op: &Op<'t>, source: &str) -> Option<Node<'t>> {
    if op.kind != OpKind::Receive
        || !matches!(op.place, Place::Goroutine(_))
        || op.select.is_some()
        || !op.inner_loop
    {
        return None;
    }
    let list = op.node.parent()?;
    let statement = list.parent()?;
    if list.kind() != kinds::EXPRESSION_LIST
        || !matches!(
            statement.kind(),
            kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT
        )
    {
        return None;
    }
    let (targets, values) = syntax::assignment_sides(statement)?;
    let ([_, ok], [value]) = (targets.as_slice(), values.as_slice()) else {
        return None;
    };
    if *value != op.node || ok.kind() != kinds::IDENTIFIER || syntax::is_blank(*ok, source) {
        return None;
    }
    let mut block = statement.parent()?;
    if block.kind() == kinds::STATEMENT_LIST {
        block = block.parent()?;
    }
    let for_statement = block.parent()?;
    if block.kind() != kinds::BLOCK
        || for_statement.kind() != kinds::FOR_STATEMENT
        || !super::is_forever(for_statement)
    {
        return None;
    }
    let statements = syntax::statements(block);
    let at = statements.iter().position(|s| *s == statement)?;
    let check = *statements.get(at + 1)?;
    let negated = check
        .field("condition")
        .map(syntax::unparen)
        .filter(|c| {
            c.kind() == kinds::UNARY_EXPRESSION
                && c.field("operator").is_some_and(|o| o.kind() == "!")
        })
        .and_then(|c| c.field("operand"))
        .map(syntax::unparen);
    if check.kind() != kinds::IF_STATEMENT
        || check.field("initializer").is_some()
        || check.field("alternative").is_some()
        || negated.is_none_or(|n| {
            n.kind() != kinds::IDENTIFIER || syntax::text(n, source) != syntax::text(*ok, source)
        })
    {
        return None;
    }
    let leaves_plainly = check
        .field("consequence")
        .map(syntax::statements)
        .and_then(|s| s.last().copied())
        .is_some_and(|last| match last.kind() {
            kinds::RETURN_STATEMENT => true,
            kinds::BREAK_STATEMENT => last.named_child_count() == 0,
            _ => false,
        });
    let others_stay = statements
        .iter()
        .filter(|s| **s != check)
        .all(|s| !super::may_leave(*s, source));
    (leaves_plainly && others_stay).then_some(statement)
}
