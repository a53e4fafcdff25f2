//! `leak-send-abandoned`: a goroutine sends once on an unbuffered channel that its
//! function made, and the function has a path that never receives the value: a
//! `return` between the `go` statement and the receive, or a `select` around the
//! receive whose other case (`<-ctx.Done()`, `<-time.After(d)`, a timer, another
//! channel) can win. The goroutine then blocks on its send forever.
//!
//! The shape is narrow on purpose: one goroutine literal, started outside loops,
//! whose only channel operation is the one send, made on every path through it (a
//! statement of its body, no `return` before it; not in a loop nor a `select`);
//! one receive, in the function's own body and outside loops; no `close` except in
//! the goroutine; the channel never escapes (see the family's model). Test files
//! (`_test.go`) are not checked.

use super::{Capacity, Channel, Model, OpKind, Place};
use crate::rules::prelude::*;

pub struct SendAbandoned;

static META: RuleMeta = RuleMeta {
    id: "leak-send-abandoned",
    family: Family::Leak,
    severity: Severity::Error,
    summary: "goroutine sends on an unbuffered channel that its function may stop receiving from",
    page: include_str!("../../../rules/leak-send-abandoned.md"),
    needs_import: None,
    triggers: super::TRIGGERS,
    package_needs: None,
    text_test: Some(super::starts_goroutine_literal),
    opt_in: false,
};

impl Rule for SendAbandoned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        // A test's abandoning paths are its failure paths (a timeout, an error handed
        // to the caller that fails the test), and what leaks ends with the test binary.
        if checker.in_test_file() {
            return;
        }
        let Some(model) = super::model(function, checker) else {
            return;
        };
        for channel in &model.channels {
            check_channel(channel, &model, checker);
        }
    }
}

/// Why the receive may never happen.
enum Abandon<'t> {
    Returns(Vec<Node<'t>>),
    /// The case that can win instead, and how to name it.
    Loses(Node<'t>, String),
}

fn check_channel(channel: &Channel<'_>, model: &Model<'_>, checker: &mut Checker<'_>) {
    if channel.escapes || channel.capacity != Capacity::Unbuffered {
        return;
    }
    let source = checker.source();
    let [send] = channel.ops(OpKind::Send).collect::<Vec<_>>()[..] else {
        return;
    };
    let [receive] = channel.ops(OpKind::Receive).collect::<Vec<_>>()[..] else {
        return;
    };
    let Place::Goroutine(go) = send.place else {
        return;
    };
    if send.outer_loop || send.inner_loop || send.select.is_some() {
        return;
    }
    if receive.place != Place::Own || receive.outer_loop || channel.count(OpKind::Range) > 0 {
        return;
    }
    if channel
        .ops(OpKind::Close)
        .any(|close| close.place != send.place)
    {
        return;
    }
    let Some(literal) = super::goroutine_literal(go) else {
        return;
    };
    if !super::unconditional(literal, send.node) {
        return;
    }
    // The `go` statement runs once, in the function's own body.
    let ancestors = syntax::ancestors(model.body, go);
    if ancestors
        .iter()
        .any(|a| matches!(a.kind(), kinds::FUNC_LITERAL | kinds::FOR_STATEMENT))
    {
        return;
    }
    if !super::follows(model.body, go, receive.node) {
        return;
    }
    let abandon = if let Some(select) = receive.select {
        if !super::follows(model.body, go, select) {
            return;
        }
        let Some((case, name)) = winning_case(select, receive.node, literal, checker) else {
            return;
        };
        Abandon::Loses(case, name)
    } else {
        let returns: Vec<_> = model
            .returns
            .iter()
            .copied()
            .filter(|r| {
                super::follows(model.body, go, *r)
                    && !syntax::contains(*r, receive.node)
                    && (r.end_byte() <= receive.node.start_byte()
                        || in_alternatives(model.body, *r, receive.node))
                    && !fails_before(*r, checker)
            })
            .collect();
        if returns.is_empty() {
            return;
        }
        Abandon::Returns(returns)
    };
    let name = &channel.name;
    let ty = channel.type_text(source);
    let when = match &abandon {
        Abandon::Returns(_) => format!("the function returns before receiving from `{name}`"),
        Abandon::Loses(_, case) => format!("the `{case}` case wins the select"),
    };
    let edit = channel.buffer_one_edit();
    let diagnostic = checker.report(
        send.node,
        format!(
            "the goroutine blocks forever on this send if {when}; make the channel buffered: `make({ty}, 1)`"
        ),
    );
    match abandon {
        Abandon::Returns(returns) => {
            for r in returns {
                diagnostic.related(
                    r.byte_range(),
                    format!("returns without receiving from `{name}`"),
                );
            }
        }
        Abandon::Loses(case, _) => {
            diagnostic.related(
                case.byte_range(),
                format!("wins without receiving from `{name}`"),
            );
        }
    }
    diagnostic.related(receive.node.byte_range(), "the only receive");
    if let Some(edit) = edit {
        // Buffering removes the hand-over an unbuffered send guarantees (the
        // goroutine no longer waits for its receiver): right for this bug, but a change
        // of behaviour that code after the send may rely on.
        diagnostic.unsafe_fix(format!("Make `{name}` buffered"), vec![edit]);
    }
}

/// True when `a` and `b` sit in different branches of one `if` or different cases of
/// one `switch` (not in its condition or initializer): a path through one skips the other.
fn in_alternatives(root: Node<'_>, a: Node<'_>, b: Node<'_>) -> bool {
    let common = super::common_ancestor(root, a, b);
    if !matches!(
        common.kind(),
        kinds::IF_STATEMENT | kinds::EXPRESSION_SWITCH_STATEMENT | kinds::TYPE_SWITCH_STATEMENT
    ) {
        return false;
    }
    let branch = |n: Node<'_>| {
        common.child_with_descendant(n).is_some_and(|c| {
            matches!(
                c.kind(),
                kinds::BLOCK
                    | kinds::IF_STATEMENT
                    | kinds::EXPRESSION_CASE
                    | kinds::DEFAULT_CASE
                    | kinds::TYPE_CASE
            )
        })
    };
    branch(a) && branch(b)
}

/// Another case of `select` that can win without the goroutine's help: a receive
/// from `x.Done()`, `time.After(d)`, a timer's `C`, or a channel the goroutine never
/// mentions. A `default` or a send case leaves the select to the rule's silence.
fn winning_case<'t>(
    select: Node<'t>,
    receive: Node<'t>,
    literal: Node<'_>,
    checker: &Checker<'_>,
) -> Option<(Node<'t>, String)> {
    let source = checker.source();
    let goroutine = syntax::text(literal, source);
    let mut found = None;
    for case in syntax::named_children(select) {
        if case.kind() == kinds::DEFAULT_CASE {
            return None;
        }
        if case.kind() != kinds::COMMUNICATION_CASE || syntax::contains(case, receive) {
            continue;
        }
        let communication = case.field("communication")?;
        let operand = match communication.kind() {
            kinds::RECEIVE_STATEMENT => communication.field("right")?,
            _ => return None,
        };
        let operand = syntax::unparen(operand);
        if operand.kind() != kinds::UNARY_EXPRESSION {
            return None;
        }
        let channel = syntax::unparen(operand.field("operand")?);
        let name = match channel.kind() {
            kinds::CALL_EXPRESSION => match syntax::callee(channel, source) {
                Some(syntax::Callee::Selector { name: "Done", .. })
                    if syntax::call_arguments(channel).is_empty() =>
                {
                    format!("<-{}", syntax::text(channel, source))
                }
                Some(syntax::Callee::Selector {
                    operand,
                    name: "After",
                }) if syntax::text(operand, source) == "time" => "<-time.After".to_string(),
                _ => return None,
            },
            kinds::SELECTOR_EXPRESSION
                if channel
                    .field("field")
                    .is_some_and(|f| syntax::text(f, source) == "C") =>
            {
                format!("<-{}", syntax::text(channel, source))
            }
            kinds::IDENTIFIER => {
                let name = syntax::text(channel, source);
                if mentions(goroutine, name) {
                    return None;
                }
                format!("<-{name}")
            }
            _ => return None,
        };
        if found.is_none() && !syntax::statements(case).iter().any(|s| fails(*s, checker)) {
            found = Some((communication, name));
        }
    }
    found
}

/// True when `text` mentions the identifier `name` (as a whole word).
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// True when a statement before `statement` in its list (or it) ends the process or
/// fails the test: a goroutine left behind on that path does not outlive the failure.
fn fails_before(statement: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(list) = statement.parent() else {
        return false;
    };
    syntax::statements(list)
        .iter()
        .take_while(|s| s.start_byte() <= statement.start_byte())
        .any(|s| fails(*s, checker))
}

/// `panic`, `os.Exit`, `log.Fatal`, or in test code `t.Error`/`t.Fatal`/`t.Fail`
/// and their variants.
fn fails(statement: Node<'_>, checker: &Checker<'_>) -> bool {
    if checker.terminates(statement) {
        return true;
    }
    if statement.kind() != kinds::EXPRESSION_STATEMENT || !checker.in_test_code(statement) {
        return false;
    }
    let Some(call) = statement.named_child(0) else {
        return false;
    };
    matches!(
        syntax::callee(call, checker.source()),
        Some(syntax::Callee::Selector { name, .. })
            if name.starts_with("Error") || name.starts_with("Fatal") || name.starts_with("Fail")
    )
}
