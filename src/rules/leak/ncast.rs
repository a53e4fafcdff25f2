//! `leak-ncast`: goroutines started in a loop each send once on one unbuffered
//! channel that their function made, and the function receives from it a fixed
//! number of times, fewer than the goroutines ("the first answer wins"). Every
//! goroutine whose value nobody takes blocks on its send forever.
//!
//! The count of goroutines is known for `for i := 0; i < N; i++` with a literal `N`,
//! `for range N` and a range over a composite literal; for any other loop the rule
//! reports only when the function receives exactly once. Silent when the loop can
//! leave early (`break`, `return`, `goto`), the `go` statement is not a statement of
//! the loop's own body (a branch may start just one), the send is conditional, in a loop or a
//! `select`, a receive is in a loop, closure or goroutine, the channel is ranged
//! over, closed, buffered or escapes (see the family's model).

use super::{Capacity, Channel, Model, OpKind, Place};
use crate::rules::prelude::*;

pub struct Ncast;

static META: RuleMeta = RuleMeta {
    id: "leak-ncast",
    family: Family::Leak,
    severity: Severity::Error,
    summary: "goroutines started in a loop send on an unbuffered channel received from fewer times",
    page: include_str!("../../../rules/leak-ncast.md"),
    needs_import: None,
    triggers: super::TRIGGERS,
    package_needs: None,
    text_test: Some(super::starts_goroutine_literal),
    opt_in: false,
};

impl Rule for Ncast {
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
        || channel.capacity != Capacity::Unbuffered
        || channel.count(OpKind::Close) > 0
        || channel.count(OpKind::Range) > 0
    {
        return;
    }
    let source = checker.source();
    let [send] = channel.ops(OpKind::Send).collect::<Vec<_>>()[..] else {
        return;
    };
    let Place::Goroutine(go) = send.place else {
        return;
    };
    if send.inner_loop || send.select.is_some() || !send.outer_loop {
        return;
    }
    let receives: Vec<_> = channel.ops(OpKind::Receive).collect();
    if receives.is_empty()
        || receives
            .iter()
            .any(|r| r.place != Place::Own || r.outer_loop)
    {
        return;
    }
    let Some(literal) = super::goroutine_literal(go) else {
        return;
    };
    if !super::unconditional(literal, send.node) {
        return;
    }
    // The loop that starts the goroutines: the innermost one around the `go`, in the
    // function's own body, after the channel is made.
    let ancestors = syntax::ancestors(model.body, go);
    if ancestors.iter().any(|a| a.kind() == kinds::FUNC_LITERAL) {
        return;
    }
    let Some(lp) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == kinds::FOR_STATEMENT)
        .copied()
    else {
        return;
    };
    if lp.start_byte() < channel.make.start_byte()
        || super::is_forever(lp)
        || lp
            .field("body")
            .is_none_or(|body| super::may_leave(body, source))
    {
        return;
    }
    // A goroutine started only on some turns (`if ... { go ... }`) may be the only one.
    let Some(loop_body) = lp.field("body") else {
        return;
    };
    if !syntax::statements(loop_body).contains(&go) {
        return;
    }
    let received = receives.len() as u64;
    // A `continue` may skip turns: the header's count is then an upper bound.
    let count = iterations(lp, source).filter(|_| !has_continue(loop_body));
    match count {
        Some(n) if received < n => {}
        None if received == 1 => {}
        _ => return,
    }
    let name = &channel.name;
    let times = if received == 1 {
        "once".to_string()
    } else {
        format!("{received} times")
    };
    let diagnostic = checker.report(
        send.node,
        format!(
            "goroutines started in a loop send on unbuffered `{name}`, which the function receives from only {times}: the other goroutines block forever on this send; make the channel hold one value per goroutine"
        ),
    );
    diagnostic.related(lp.byte_range(), "goroutines started here");
    for r in receives {
        diagnostic.related(r.node.byte_range(), "receives here");
    }
}

/// How many times the loop runs, when its header says: `for i := 0; i < N; i++`
/// (or `<=`), `for range N` / `for i := range N`, a range over a composite literal.
fn iterations(lp: Node<'_>, source: &str) -> Option<u64> {
    let header = syntax::named_children(lp)
        .into_iter()
        .find(|c| c.kind() != kinds::BLOCK)?;
    let literal = |n: Node<'_>| {
        (n.kind() == kinds::INT_LITERAL)
            .then(|| syntax::text(n, source).replace('_', "").parse::<u64>().ok())
            .flatten()
    };
    match header.kind() {
        kinds::FOR_CLAUSE => {
            let init = header.field("initializer")?;
            let (_, values) = syntax::assignment_sides(init)?;
            if values.len() != 1 || literal(values[0]) != Some(0) {
                return None;
            }
            let update = header.field("update")?;
            if update.kind() != kinds::INC_STATEMENT {
                return None;
            }
            let condition = header.field("condition")?;
            if condition.kind() != kinds::BINARY_EXPRESSION {
                return None;
            }
            let bound = literal(condition.field("right")?)?;
            match condition.field("operator").map(|o| syntax::text(o, source)) {
                Some("<") => Some(bound),
                Some("<=") => Some(bound + 1),
                _ => None,
            }
        }
        kinds::RANGE_CLAUSE => {
            let right = syntax::unparen(header.field("right")?);
            if let Some(n) = literal(right) {
                return Some(n);
            }
            if right.kind() == kinds::COMPOSITE_LITERAL {
                let body = right.field("body")?;
                return Some(syntax::named_children(body).len() as u64);
            }
            None
        }
        _ => None,
    }
}

/// True when `body` holds a `continue` outside nested function literals.
fn has_continue(body: Node<'_>) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(body, &mut |node, _| {
        if node.kind() == kinds::CONTINUE_STATEMENT {
            found = true;
        }
        !found && node.kind() != kinds::FUNC_LITERAL
    });
    found
}
