//! `wg-add-in-goroutine`: `Add` called inside the goroutine it accounts for.
//!
//! The goroutine's own body (a function literal started with `go`) calls
//! `wg.Add(n)` and also calls `wg.Done()` on the same WaitGroup, deferred or later
//! in the body, so the `Add` counts the goroutine itself. Nothing orders it before
//! the `Wait` of the code that started the goroutine: `Wait` may see a zero counter
//! and return while the goroutine has not even started. Unlike vet and SA2000 this
//! looks at every `Add` of the body, not only the first statement.
//!
//! Silent when the goroutine starts goroutines of its own after the `Add`, or waits
//! on the WaitGroup itself (it adds for its sub-goroutines), when the WaitGroup is
//! declared inside the goroutine, for `Add` with a constant below one, and for
//! `wg.Go(f)`.
//!
//! Fix: move the `Add` statement to the line before the `go` statement, when it is a
//! statement of the goroutine's body preceded only by `defer`s (so nothing before it
//! can return), and everything it names is visible outside the goroutine: a
//! parameter of the literal is replaced by its argument (`&wg` passed to `wg` makes
//! `wg.Add`), a variable declared inside the goroutine means no fix.

use super::{
    Goroutine, Method, WgCall, constant_int, is_deferred, key_of, own_nodes, parameter_names,
};
use crate::diagnostic::Edit;
use crate::rules::fixes;
use crate::rules::prelude::*;

pub struct AddInGoroutine;

static META: RuleMeta = RuleMeta {
    id: "wg-add-in-goroutine",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "`WaitGroup.Add` called inside the goroutine it accounts for",
    page: include_str!("../../../rules/wg-add-in-goroutine.md"),
    needs_import: Some("sync"),
    triggers: &[".Add("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for AddInGoroutine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::GO_STATEMENT]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let Some((goroutine, body)) =
            Goroutine::with_body_containing(node, checker.source(), &[".Add("])
        else {
            return;
        };
        let calls = goroutine.wait_group_calls(checker);
        let spawns = own_nodes(body, kinds::GO_STATEMENT);
        for add in calls.iter().filter(|c| c.method == Method::Add) {
            let at = add.call.start_byte();
            let constant = syntax::call_arguments(add.call)
                .first()
                .and_then(|a| constant_int(*a, checker.source()));
            if constant.is_some_and(|n| n < 1) {
                continue;
            }
            let same = |method: Method| {
                calls
                    .iter()
                    .filter(move |c| c.method == method && c.key == add.key)
            };
            let done_after = same(Method::Done)
                .any(|done| is_deferred(done.call) || done.call.start_byte() > at);
            let waits = same(Method::Wait).next().is_some();
            let spawns_after = spawns.iter().any(|go| go.start_byte() > at);
            if !done_after || waits || spawns_after {
                continue;
            }
            let key = &key_of(add.receiver, checker.source());
            let fix = move_before_go(&goroutine, body, add, checker);
            let diagnostic = checker
                .report(
                    add.call,
                    format!(
                        "`{key}.Add` runs inside the goroutine it counts, racing with `{key}.Wait`: call it before the `go` statement"
                    ),
                )
                .related(
                    goroutine.go.start_byte()..goroutine.go.start_byte() + 2,
                    "the goroutine starts here, before its `Add` has run",
                );
            if let Some((moved, edits)) = fix {
                diagnostic.fix(format!("Move `{moved}` before the `go` statement"), edits);
            }
        }
    }
}

/// The `Add` statement as it reads outside the goroutine, and the edits that move it
/// there; `None` when moving it could change what it means or when it runs.
fn move_before_go(
    goroutine: &Goroutine<'_>,
    body: Node<'_>,
    add: &WgCall<'_>,
    checker: &Checker<'_>,
) -> Option<(String, Vec<Edit>)> {
    let source = checker.source();
    let statements = syntax::statements(body);
    let at = statements.iter().position(|statement| {
        statement.kind() == kinds::EXPRESSION_STATEMENT
            && statement.named_child(0).map(syntax::unparen) == Some(add.call)
    })?;
    if !statements[..at]
        .iter()
        .all(|s| matches!(s.kind(), kinds::DEFER_STATEMENT | kinds::COMMENT))
    {
        return None;
    }
    let outside = outside_text(goroutine, add, checker)?;
    let (remove, comment) = fixes::remove_lines(statements[at], source)?;
    let line = match comment {
        "" => outside.clone(),
        comment => format!("{outside} {comment}"),
    };
    let insert = fixes::insert_line_before(goroutine.go, source, &line)?;
    Some((outside, vec![insert, remove]))
}

/// The text of the `Add` call with each parameter of the literal replaced by its
/// argument; `None` when it names a variable declared inside the goroutine, or a
/// parameter whose argument is not a plain name or literal.
fn outside_text(
    goroutine: &Goroutine<'_>,
    add: &WgCall<'_>,
    checker: &Checker<'_>,
) -> Option<String> {
    let source = checker.source();
    let literal = goroutine.literal;
    let parameters = parameter_names(literal, source);
    let arguments = syntax::call_arguments(goroutine.call);
    let receiver_root = add.root().map(|root| root.id());
    let mut replacements = Vec::new();
    let mut inside = false;
    syntax::walk_with_ancestors(add.call, &mut |node, _| {
        if node.kind() != kinds::IDENTIFIER {
            return true;
        }
        let name = syntax::text(node, source);
        let Some(binding) = checker.scope(node).lookup(name, node.start_byte()).cloned() else {
            return true;
        };
        if !(literal.start_byte() <= binding.decl.start && binding.decl.end <= literal.end_byte()) {
            return true;
        }
        let argument = parameters
            .iter()
            .position(|p| *p == binding.decl)
            .and_then(|i| arguments.get(i))
            .map(|a| syntax::unparen(*a));
        let replacement = argument.and_then(|argument| {
            // `&wg` passed as the receiver: `wg.Add` outside.
            let argument = match argument.kind() {
                kinds::UNARY_EXPRESSION
                    if Some(node.id()) == receiver_root
                        && syntax::text(argument, source).starts_with('&') =>
                {
                    argument.field("operand")?
                }
                _ => argument,
            };
            is_plain(argument).then(|| syntax::text(argument, source).to_string())
        });
        match replacement {
            Some(text) => replacements.push((node.byte_range(), text)),
            None => inside = true,
        }
        true
    });
    if inside {
        return None;
    }
    let call = add.call.byte_range();
    let mut text = source[call.clone()].to_string();
    for (range, replacement) in replacements.into_iter().rev() {
        text.replace_range(
            range.start - call.start..range.end - call.start,
            &replacement,
        );
    }
    Some(text)
}

/// A name, a selector chain of names, or an integer literal: text that means
/// the same wherever it is written next to the `go` statement.
fn is_plain(node: Node<'_>) -> bool {
    match node.kind() {
        kinds::IDENTIFIER | kinds::INT_LITERAL => true,
        kinds::SELECTOR_EXPRESSION => node.field("operand").is_some_and(is_plain),
        _ => false,
    }
}
