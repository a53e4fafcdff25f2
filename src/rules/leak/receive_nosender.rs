//! `leak-receive-nosender`: a goroutine receives from a channel that its function
//! made, and nothing ever sends on it or closes it: the receive blocks forever.
//! (A `range` over such a channel, or a loop that receives until it is closed, is
//! `leak-range-unclosed`'s.)
//!
//! Silent when the receive is a case of a `select` (another case may let the
//! goroutine go on), and whenever the channel escapes (see the family's model).

use super::{Channel, OpKind, Place};
use crate::rules::prelude::*;

pub struct ReceiveNosender;

static META: RuleMeta = RuleMeta {
    id: "leak-receive-nosender",
    family: Family::Leak,
    severity: Severity::Error,
    summary: "goroutine receives from a local channel that nothing sends on or closes",
    page: include_str!("../../../rules/leak-receive-nosender.md"),
    needs_import: None,
    triggers: super::TRIGGERS,
    package_needs: None,
    text_test: Some(super::starts_goroutine_literal),
    opt_in: false,
};

impl Rule for ReceiveNosender {
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
    if channel.escapes || channel.count(OpKind::Send) > 0 || channel.count(OpKind::Close) > 0 {
        return;
    }
    let name = &channel.name;
    let receives: Vec<_> = channel
        .ops(OpKind::Receive)
        .filter(|op| matches!(op.place, Place::Goroutine(_)) && op.select.is_none())
        // `for { v, ok := <-ch; if !ok { return } }` is `leak-range-unclosed`'s.
        .filter(|op| super::range_unclosed::until_closed(op, checker.source()).is_none())
        .copied()
        .collect();
    // One finding per channel: the first receive, the others as related places.
    let Some((first, others)) = receives.split_first() else {
        return;
    };
    let diagnostic = checker.report(
        first.node,
        format!(
            "this goroutine receives from `{name}`, which nothing sends on or closes: it blocks forever here"
        ),
    );
    diagnostic.related(channel.make.byte_range(), format!("`{name}` is made here"));
    for other in others {
        diagnostic.related(other.node.byte_range(), "blocks forever here too");
    }
}
