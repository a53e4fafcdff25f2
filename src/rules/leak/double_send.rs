//! `leak-double-send`: a goroutine sends on a channel in an `if` branch that does
//! not leave, then sends on it again, while its function receives exactly one
//! value: on the path through the branch the second send blocks forever. Usually
//! a `return` is missing after the first send (`errc <- err` then `errc <- nil`).
//!
//! Only the plain shape: one goroutine literal started outside loops, both sends
//! statements of its own body's list (the first in an `if` without `else`), no
//! `return` between them; the channel unbuffered, never closed, ranged over nor
//! escaping; its one receive in the function's own body, outside loops.

use super::{Capacity, Channel, OpKind, Place};
use crate::rules::prelude::*;

pub struct DoubleSend;

static META: RuleMeta = RuleMeta {
    id: "leak-double-send",
    family: Family::Leak,
    severity: Severity::Error,
    summary: "goroutine may send twice on a channel whose receiver takes one value",
    page: include_str!("../../../rules/leak-double-send.md"),
    needs_import: None,
    triggers: super::TRIGGERS,
    package_needs: None,
    text_test: Some(super::starts_goroutine_literal),
    opt_in: false,
};

impl Rule for DoubleSend {
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
            check_channel(channel, checker);
        }
    }
}

fn check_channel(channel: &Channel<'_>, checker: &mut Checker<'_>) {
    if channel.escapes
        || channel.capacity != Capacity::Unbuffered
        || channel.count(OpKind::Close) > 0
        || channel.count(OpKind::Range) > 0
    {
        return;
    }
    let source = checker.source();
    let [receive] = channel.ops(OpKind::Receive).collect::<Vec<_>>()[..] else {
        return;
    };
    if receive.place != Place::Own || receive.outer_loop {
        return;
    }
    let sends: Vec<_> = channel.ops(OpKind::Send).collect();
    let Some(Place::Goroutine(go)) = sends.first().map(|s| s.place) else {
        return;
    };
    if sends.iter().any(|s| {
        s.place != Place::Goroutine(go) || s.inner_loop || s.outer_loop || s.select.is_some()
    }) {
        return;
    }
    let Some(literal) = super::goroutine_literal(go) else {
        return;
    };
    let Some(body) = literal.field("body") else {
        return;
    };
    let is_send = |s: Node<'_>| sends.iter().any(|op| op.node == s);
    let statements = syntax::statements(body);
    for (i, statement) in statements.iter().enumerate() {
        if statement.kind() != kinds::IF_STATEMENT || statement.field("alternative").is_some() {
            continue;
        }
        let Some(branch) = statement.field("consequence") else {
            continue;
        };
        let Some(first) = syntax::statements(branch).into_iter().find(|s| is_send(*s)) else {
            continue;
        };
        if super::may_leave(branch, source) || branch_continues_badly(branch) {
            continue;
        }
        let later = &statements[i + 1..];
        let Some(at) = later.iter().position(|s| is_send(*s)) else {
            continue;
        };
        if later[..at].iter().any(|s| super::may_leave(*s, source)) {
            continue;
        }
        let name = &channel.name;
        checker
            .report(
                first,
                format!(
                    "after this send the goroutine goes on to send on `{name}` again, but its function receives one value: the second send blocks forever; `return` after this send"
                ),
            )
            .related(later[at].byte_range(), "sends again here")
            .related(receive.node.byte_range(), "the only receive");
        return;
    }
}

/// True when the branch holds more than plain statements that could hide another
/// way out (a `select`, a nested goroutine).
fn branch_continues_badly(branch: Node<'_>) -> bool {
    let mut bad = false;
    syntax::walk_with_ancestors(branch, &mut |node, _| {
        if matches!(node.kind(), kinds::SELECT_STATEMENT | kinds::GO_STATEMENT) {
            bad = true;
        }
        !bad
    });
    bad
}
