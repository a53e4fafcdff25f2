//! The `leak` family: goroutines blocked forever on channels that their own
//! function made, the locally visible patterns of Uber's goroutine-leak study.
//!
//! Shared here is the channel model every rule of the family reads: from one walk
//! of a function's body (function literals in it included), the channels made by
//! `make(chan T[, n])` in a `:=` or `var` of the function's own body, each with its
//! capacity, every send, receive, `range` and `close` on it (where it runs: in the
//! function itself, in a `go func(){...}()` goroutine, or in a deferred literal; in
//! a loop or a `select` or not), and whether it escapes. Any other mention of the
//! channel (passed to a call, returned, stored, sent, assigned, compared with
//! something other than `nil`, captured by a closure that is neither started by
//! `go` nor deferred) is an escape: the rules then stay silent, since code they
//! cannot see may send, receive or close.
//!
//! The model gives up on a whole function that uses `goto` or `recover`, and on
//! `main`, whose goroutines end with the process.

pub mod double_send;
pub mod ncast;
pub mod range_unclosed;
pub mod receive_nosender;
pub mod send_abandoned;

use std::ops::Range;

use tree_sitter::Node;

use crate::model::fields::Fields;
use crate::model::{kinds, syntax};
use crate::rules::Checker;

/// The prefilter's second test (`RuleMeta::text_test`): the file may start a goroutine
/// literal, the only place the family's channels are used besides their function (any
/// other use is an escape). True when the keyword `go` is followed, after blanks, by
/// `func`, `(` or a comment.
pub fn starts_goroutine_literal(text: &[u8]) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    memchr::memmem::find_iter(text, b"go").any(|at| {
        if at > 0 && ident(text[at - 1]) {
            return false;
        }
        let rest = &text[at + 2..];
        let after = rest.trim_ascii_start();
        after.len() < rest.len()
            && (after.starts_with(b"func") || after.starts_with(b"(") || after.starts_with(b"/"))
            || rest.starts_with(b"(")
            || rest.starts_with(b"/*")
    })
}

/// The text a file must contain for any rule of the family to fire.
pub const TRIGGERS: &[&str] = &["make(chan"];

/// How many values a channel holds without a receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capacity {
    /// `make(chan T)` or `make(chan T, 0)`.
    Unbuffered,
    /// A constant non-zero capacity, or `None` when it is not a literal.
    Buffered(Option<u64>),
}

/// What an operation does to the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Send,
    Receive,
    /// `for v := range ch`.
    Range,
    Close,
}

/// Where an operation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'t> {
    /// The function's own body.
    Own,
    /// A deferred function literal (`defer func() {...}()`).
    Deferred,
    /// The literal of this `go` statement (the innermost one around the operation).
    Goroutine(Node<'t>),
}

/// One send, receive, range or close on a channel.
#[derive(Debug, Clone, Copy)]
pub struct Op<'t> {
    pub kind: OpKind,
    /// The `send_statement`, the `<-` `unary_expression`, the ranging
    /// `for_statement`, or the `close` call.
    pub node: Node<'t>,
    pub place: Place<'t>,
    /// A `for` loop made after the channel encloses the operation outside its goroutine
    /// literal (or anywhere, for the function's own operations).
    pub outer_loop: bool,
    /// A `for` loop inside the goroutine literal encloses the operation.
    pub inner_loop: bool,
    /// A `for` without condition (`for {`) encloses the operation.
    pub forever_loop: bool,
    /// The `select_statement` when the operation is the communication of one of its cases.
    pub select: Option<Node<'t>>,
}

/// A channel made in the function's own body.
#[derive(Debug)]
pub struct Channel<'t> {
    pub name: String,
    /// The declaring identifier.
    pub decl: Range<usize>,
    pub make: Node<'t>,
    pub capacity: Capacity,
    pub ops: Vec<Op<'t>>,
    pub escapes: bool,
}

impl<'t> Channel<'t> {
    pub fn ops(&self, kind: OpKind) -> impl Iterator<Item = &Op<'t>> {
        self.ops.iter().filter(move |op| op.kind == kind)
    }

    pub fn count(&self, kind: OpKind) -> usize {
        self.ops(kind).count()
    }

    /// The channel type as written (`chan int`), for messages and fixes.
    pub fn type_text<'s>(&self, source: &'s str) -> &'s str {
        syntax::call_arguments(self.make)
            .first()
            .map_or("chan T", |t| syntax::text(*t, source))
    }

    /// The edit that makes the channel hold one value: `make(chan T)` and
    /// `make(chan T, 0)` become `make(chan T, 1)`.
    pub fn buffer_one_edit(&self) -> Option<crate::diagnostic::Edit> {
        let args = syntax::call_arguments(self.make);
        match args.as_slice() {
            [ty] => Some(crate::diagnostic::Edit {
                span: ty.end_byte()..ty.end_byte(),
                text: ", 1".into(),
            }),
            [_, cap] => Some(crate::diagnostic::Edit {
                span: cap.byte_range(),
                text: "1".into(),
            }),
            _ => None,
        }
    }
}

/// The channels a function makes, with what the function does to them.
pub struct Model<'t> {
    pub body: Node<'t>,
    pub channels: Vec<Channel<'t>>,
    /// `return` statements of the function's own body (not of literals in it).
    pub returns: Vec<Node<'t>>,
    /// The function's own body has a `for` without condition: it may never return.
    pub runs_forever: bool,
}

/// The channel model of `function`, or `None` when it makes no channel or the
/// model cannot be trusted there.
pub fn model<'t>(function: Node<'t>, checker: &Checker<'_>) -> Option<Model<'t>> {
    let body = function.field("body")?;
    let source = checker.source();
    if !checker.contains(body, "make(chan")
        || checker.contains(body, "goto ")
        || checker.contains(body, "recover()")
    {
        return None;
    }
    if function.kind() == kinds::FUNCTION_DECLARATION
        && function
            .field("name")
            .is_some_and(|n| syntax::text(n, source) == "main")
    {
        return None;
    }
    let mut channels: Vec<Channel<'t>> = Vec::new();
    let mut returns = Vec::new();
    let mut runs_forever = false;
    syntax::walk_with_ancestors(body, &mut |node, ancestors| {
        // Only statements ask whether they belong to the function itself: asking for
        // every node would cost the nesting depth each time.
        let own = || !ancestors.iter().any(|a| a.kind() == kinds::FUNC_LITERAL);
        match node.kind() {
            kinds::SHORT_VAR_DECLARATION | kinds::VAR_SPEC if own() => {
                channels.extend(made_channels(node, source));
            }
            kinds::RETURN_STATEMENT if own() => returns.push(node),
            kinds::FOR_STATEMENT if own() && is_forever(node) => runs_forever = true,
            // `select {}` blocks the function for good.
            kinds::SELECT_STATEMENT if own() && syntax::named_children(node).is_empty() => {
                runs_forever = true
            }
            kinds::IDENTIFIER if !channels.is_empty() => {
                let name = syntax::text(node, source);
                if !channels.iter().any(|c| c.name == name) {
                    return true;
                }
                let Some(binding) = checker.scope(node).lookup(name, node.start_byte()).cloned()
                else {
                    return true;
                };
                let Some(channel) = channels.iter_mut().find(|c| c.decl == binding.decl) else {
                    return true;
                };
                if node.byte_range() == channel.decl {
                    return true;
                }
                match use_of(node, ancestors, channel, source) {
                    Use::Op(op) => channel.ops.push(op),
                    Use::Neutral => {}
                    Use::Escape => channel.escapes = true,
                }
            }
            _ => {}
        }
        true
    });
    (!channels.is_empty()).then_some(Model {
        body,
        channels,
        returns,
        runs_forever,
    })
}

/// Channels made by `ch := make(chan T)` or `var ch = make(chan T, n)`.
fn made_channels<'t>(statement: Node<'t>, source: &str) -> Vec<Channel<'t>> {
    let Some((targets, values)) = syntax::assignment_sides(statement) else {
        return Vec::new();
    };
    if targets.len() != values.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (target, value) in targets.iter().zip(&values) {
        let value = syntax::unparen(*value);
        if target.kind() != kinds::IDENTIFIER
            || syntax::is_blank(*target, source)
            || !matches!(
                syntax::callee(value, source),
                Some(syntax::Callee::Ident("make"))
            )
        {
            continue;
        }
        let args = syntax::call_arguments(value);
        let Some(ty) = args.first() else { continue };
        if ty.kind() != kinds::CHANNEL_TYPE || args.len() > 2 {
            continue;
        }
        let capacity = match args.get(1) {
            None => Capacity::Unbuffered,
            Some(cap) if cap.kind() == kinds::INT_LITERAL => {
                match syntax::text(*cap, source).replace('_', "").parse::<u64>() {
                    Ok(0) => Capacity::Unbuffered,
                    Ok(n) => Capacity::Buffered(Some(n)),
                    Err(_) => Capacity::Buffered(None),
                }
            }
            Some(_) => Capacity::Buffered(None),
        };
        out.push(Channel {
            name: syntax::text(*target, source).to_string(),
            decl: target.byte_range(),
            make: value,
            capacity,
            ops: Vec::new(),
            escapes: false,
        });
    }
    out
}

enum Use<'t> {
    Op(Op<'t>),
    Neutral,
    Escape,
}

/// What the mention `ident` of `channel` does, given its ancestors (body first).
fn use_of<'t>(
    ident: Node<'t>,
    ancestors: &[Node<'t>],
    channel: &Channel<'t>,
    source: &str,
) -> Use<'t> {
    let Some(&parent) = ancestors.last() else {
        return Use::Escape;
    };
    let (kind, node) = match parent.kind() {
        kinds::SEND_STATEMENT if parent.field("channel") == Some(ident) => (OpKind::Send, parent),
        kinds::UNARY_EXPRESSION if parent.field("operator").is_some_and(|o| o.kind() == "<-") => {
            (OpKind::Receive, parent)
        }
        kinds::RANGE_CLAUSE if parent.field("right") == Some(ident) => {
            match ancestors.len().checked_sub(2).map(|i| ancestors[i]) {
                Some(for_statement) if for_statement.kind() == kinds::FOR_STATEMENT => {
                    (OpKind::Range, for_statement)
                }
                _ => return Use::Escape,
            }
        }
        kinds::ARGUMENT_LIST => {
            let Some(call) = ancestors.len().checked_sub(2).map(|i| ancestors[i]) else {
                return Use::Escape;
            };
            match syntax::callee(call, source) {
                Some(syntax::Callee::Ident("close")) if syntax::call_arguments(call).len() == 1 => {
                    (OpKind::Close, call)
                }
                Some(syntax::Callee::Ident("len" | "cap")) => return Use::Neutral,
                _ => return Use::Escape,
            }
        }
        kinds::BINARY_EXPRESSION => {
            let operator = parent
                .field("operator")
                .map_or("", |o| syntax::text(o, source));
            let other = if parent.field("left") == Some(ident) {
                parent.field("right")
            } else {
                parent.field("left")
            };
            return if matches!(operator, "==" | "!=")
                && other.is_some_and(|o| o.kind() == kinds::NIL)
            {
                Use::Neutral
            } else {
                Use::Escape
            };
        }
        _ => return Use::Escape,
    };
    // Where the operation runs: the function literals between the body and it.
    let mut place = Place::Own;
    let mut literal_at = None;
    for (i, literal) in ancestors.iter().enumerate() {
        if literal.kind() != kinds::FUNC_LITERAL {
            continue;
        }
        let call = ancestors.get(i.wrapping_sub(1)).copied();
        let statement = ancestors.get(i.wrapping_sub(2)).copied();
        let invoked = i >= 2
            && call.is_some_and(|c| {
                c.kind() == kinds::CALL_EXPRESSION && c.field("function") == Some(*literal)
            });
        match statement.map(|s| s.kind()) {
            Some(kinds::GO_STATEMENT) if invoked => {
                place = Place::Goroutine(statement.expect("checked"));
                literal_at = Some(i);
            }
            Some(kinds::DEFER_STATEMENT) if invoked => {
                if place == Place::Own {
                    place = Place::Deferred;
                }
            }
            _ => return Use::Escape,
        }
    }
    let made = channel.make.start_byte();
    let mut outer_loop = false;
    let mut inner_loop = false;
    let mut forever_loop = false;
    for (i, a) in ancestors.iter().enumerate() {
        if a.kind() != kinds::FOR_STATEMENT
            || a.start_byte() < made
            || !a.field("body").is_some_and(|b| syntax::contains(b, node))
        {
            continue;
        }
        if literal_at.is_some_and(|at| i > at) {
            inner_loop = true;
        } else {
            outer_loop = true;
        }
        if is_forever(*a) {
            forever_loop = true;
        }
    }
    let select = match kind {
        OpKind::Send => ancestors
            .last()
            .filter(|p| p.kind() == kinds::COMMUNICATION_CASE)
            .and_then(|case| case.parent()),
        OpKind::Receive => {
            let mut select = None;
            for a in ancestors.iter().rev().skip(1) {
                match a.kind() {
                    kinds::RECEIVE_STATEMENT | kinds::EXPRESSION_LIST => continue,
                    kinds::COMMUNICATION_CASE => select = a.parent(),
                    _ => {}
                }
                break;
            }
            select
        }
        _ => None,
    };
    Use::Op(Op {
        kind,
        node,
        place,
        outer_loop,
        inner_loop,
        forever_loop,
        select,
    })
}

/// `for { ... }` or `for init; ; post { ... }`: a loop without condition.
pub fn is_forever(for_statement: Node<'_>) -> bool {
    syntax::named_children(for_statement).iter().all(|c| {
        c.kind() == kinds::BLOCK
            || (c.kind() == kinds::FOR_CLAUSE && c.field("condition").is_none())
    })
}

/// True when the goroutine literal sends once and always: `send` is a statement of
/// the literal's own body, no `return` comes before it, and it is the literal's only
/// channel operation.
pub fn unconditional(literal: Node<'_>, send: Node<'_>) -> bool {
    let Some(body) = literal.field("body") else {
        return false;
    };
    if !syntax::statements(body).contains(&send) {
        return false;
    }
    let mut fine = true;
    syntax::walk_with_ancestors(body, &mut |node, _| {
        if !fine {
            return false;
        }
        match node.kind() {
            kinds::RETURN_STATEMENT | kinds::GOTO_STATEMENT
                if node.start_byte() < send.start_byte() =>
            {
                fine = false
            }
            kinds::SEND_STATEMENT if node != send => fine = false,
            kinds::SELECT_STATEMENT | kinds::GO_STATEMENT => fine = false,
            kinds::UNARY_EXPRESSION if node.field("operator").is_some_and(|o| o.kind() == "<-") => {
                fine = false
            }
            _ => {}
        }
        true
    });
    fine
}

/// The function literal a `go` statement starts, when it starts one: `go func() {...}()`.
pub fn goroutine_literal(go: Node<'_>) -> Option<Node<'_>> {
    let call = syntax::named_children(go).into_iter().next()?;
    if call.kind() != kinds::CALL_EXPRESSION {
        return None;
    }
    let literal = syntax::unparen(call.field("function")?);
    (literal.kind() == kinds::FUNC_LITERAL).then_some(literal)
}

/// The deepest common ancestor of `a` and `b` below `root` (`root` when none).
pub fn common_ancestor<'t>(root: Node<'t>, a: Node<'t>, b: Node<'t>) -> Node<'t> {
    let mut current = root;
    loop {
        let Some(next) = current.child_with_descendant(a) else {
            return current;
        };
        if next == a || !syntax::contains(next, b) || next == b {
            return current;
        }
        current = next;
    }
}

/// True when `later` runs after `earlier` on every path through `earlier`: both sit
/// in one statement list (directly or nested in its statements), `later` in a
/// statement after the one that holds `earlier`.
pub fn follows(root: Node<'_>, earlier: Node<'_>, later: Node<'_>) -> bool {
    if later.start_byte() < earlier.end_byte() {
        return false;
    }
    matches!(
        common_ancestor(root, earlier, later).kind(),
        kinds::BLOCK | kinds::STATEMENT_LIST
    )
}

/// Statement kinds (or call names) that leave a loop body or a goroutine early.
pub fn may_leave(node: Node<'_>, source: &str) -> bool {
    let mut leaves = false;
    syntax::walk_with_ancestors(node, &mut |n, _| {
        if leaves || n.kind() == kinds::FUNC_LITERAL {
            return false;
        }
        match n.kind() {
            kinds::RETURN_STATEMENT | kinds::GOTO_STATEMENT | kinds::BREAK_STATEMENT => {
                leaves = true
            }
            kinds::CALL_EXPRESSION => {
                if let Some(syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. }) =
                    syntax::callee(n, source)
                    && (matches!(name, "panic" | "Exit" | "Goexit" | "FailNow" | "SkipNow")
                        || name.starts_with("Fatal")
                        || name.starts_with("Panic")
                        || name.starts_with("Skip"))
                {
                    leaves = true;
                }
            }
            _ => {}
        }
        true
    });
    leaves
}

#[cfg(test)]
mod prefilter_tests {
    use super::starts_goroutine_literal;

    #[test]
    fn a_goroutine_literal_is_seen_however_it_is_spaced() {
        for text in [
            "go func() { ch <- 1 }()",
            "\tgo  func(n int) {}(1)",
            "go\n\tfunc() {}()",
            "go (func() {})()",
            "go /* start */ func() {}()",
        ] {
            assert!(starts_goroutine_literal(text.as_bytes()), "{text}");
        }
        for text in [
            "go worker(ch)",
            "gofunc()",
            "ergo func",
            "// let's go",
            "algo(func() {})",
        ] {
            assert!(!starts_goroutine_literal(text.as_bytes()), "{text}");
        }
    }
}
