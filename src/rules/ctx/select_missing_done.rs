//! `ctx-select-missing-done`: a `select` that waits in a loop (or in a goroutine
//! body) while a `context.Context` is in scope, with no case for a context's
//! `Done()` and no other way out of the loop: cancelling the context cannot stop it.
//!
//! A case counts as cancellation when it receives from any `X.Done()`, or from a
//! variable or field that was assigned one. In an endless (`for {`) or `for cond {`
//! loop, a case that receives from any other channel counts as a deliberate exit when
//! its body leaves the loop (`return`, `goto`, a `break`/`continue` to a label outside
//! the loop, a call that never returns, or a change to what the loop's condition
//! tests). Where the select waits once — a goroutine body, one turn of a `range` or
//! three-clause loop — any receiving case ends the wait, so only a select that can
//! do nothing but send is reported there. Selects with a `default` never wait, a
//! select that the code after it leaves the loop from waits once, and loops that
//! poll the context elsewhere are trusted.

use std::ops::Range;

use crate::model::Ty;
use crate::model::scope::{Binding, BindingKind, ScopeTable};
use crate::rules::prelude::*;

pub struct SelectMissingDone;

static META: RuleMeta = RuleMeta {
    id: "ctx-select-missing-done",
    family: Family::Ctx,
    severity: Severity::Warning,
    summary: "`select` in a loop or goroutine ignores the `Done()` of the context in scope",
    page: include_str!("../../../rules/ctx-select-missing-done.md"),
    needs_import: Some("context"),
    triggers: super::SELECT_TRIGGERS,
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for SelectMissingDone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::SELECT_STATEMENT]
    }

    fn check_node(&self, select: Node<'_>, checker: &mut Checker<'_>) {
        // A test's goroutines die with the test binary, and its timeout bounds every wait.
        if checker.in_test_file() {
            return;
        }
        let cases = syntax::named_children(select);
        if cases.iter().any(|case| case.kind() == kinds::DEFAULT_CASE) {
            return;
        }
        let Some((place, ancestors)) = place_of(select, checker) else {
            return;
        };
        if cases.iter().any(|case| receives_done(*case, checker)) {
            return;
        }
        match place {
            // A wait that happens once ends when any of its channels delivers: its senders
            // (or whoever closes them) are the ones to watch the context. Only a wait that
            // can do nothing but send is reported: the leak when a consumer has gone.
            Place::Goroutine | Place::Loop { bounded: true, .. } => {
                if cases.iter().any(|case| received_channel(*case).is_some()) {
                    return;
                }
            }
            Place::Loop { lp, bounded: false } => {
                if cases
                    .iter()
                    .any(|case| is_deliberate_exit(*case, lp, &ancestors, checker))
                {
                    return;
                }
            }
        }
        if let Place::Loop { lp, .. } = place
            && polls_context(lp, select, checker)
        {
            return;
        }
        let scope = checker.scope(select);
        let Some(context) = context_in_scope(&scope, select.start_byte(), checker) else {
            return;
        };
        let (what, consequence) = match place {
            Place::Loop { .. } => ("a loop", "the loop cannot be cancelled"),
            Place::Goroutine => ("a goroutine", "the goroutine cannot be cancelled"),
        };
        let keyword = select.child(0).unwrap_or(select);
        checker
            .report(
                keyword,
                format!(
                    "select in {what} has no case for {}.Done(): {consequence}",
                    context.name
                ),
            )
            .related(context.decl, format!("{} is in scope here", context.name));
    }
}

/// Where a `select` waits in a way that cancellation should be able to stop.
#[derive(Clone, Copy)]
enum Place<'t> {
    /// On every turn of this `for` loop, the innermost in the same function. A
    /// `bounded` loop (a `range` loop, or a three-clause loop with a condition) moves
    /// on by itself once each turn's wait is over: each turn waits once.
    Loop { lp: Node<'t>, bounded: bool },
    /// Once, in the body of a `go func() { ... }()` literal: outside any loop, or in a
    /// loop that the code after the select leaves unconditionally.
    Goroutine,
}

/// The innermost loop around the select in its own function, or a goroutine body;
/// with the select's ancestors from just above that loop (so a label on it is seen).
/// Only the ancestors up to the innermost loop are looked at and copied, not the whole
/// chain to the root: deeply nested loops cost time linear in their number.
fn place_of<'t>(select: Node<'t>, checker: &Checker<'t>) -> Option<(Place<'t>, Vec<Node<'t>>)> {
    let all = checker.ancestors();
    let inner = all
        .iter()
        .rposition(|n| n.kind() == kinds::FOR_STATEMENT || syntax::is_function(*n))?;
    if all[inner].kind() == kinds::FOR_STATEMENT {
        let from = inner.saturating_sub(1);
        let ancestors = all[from..].to_vec();
        let k = inner - from;
        if !runs_once_per_loop(select, k, &ancestors, checker) {
            let lp = all[inner];
            let place = Place::Loop {
                lp,
                bounded: is_bounded(lp),
            };
            return Some((place, ancestors));
        }
    }
    let i = all[..=inner]
        .iter()
        .rposition(|n| syntax::is_function(*n))?;
    let node = all[i];
    let started = node.kind() == kinds::FUNC_LITERAL
        && i >= 2
        && all[i - 1].kind() == kinds::CALL_EXPRESSION
        && all[i - 1].field("function") == Some(node)
        && all[i - 2].kind() == kinds::GO_STATEMENT;
    started.then(|| (Place::Goroutine, all[i.saturating_sub(2)..].to_vec()))
}

/// A `range` loop, or a `for init; cond; post` loop with a condition.
fn is_bounded(lp: Node<'_>) -> bool {
    syntax::named_children(lp).into_iter().any(|header| {
        header.kind() == kinds::RANGE_CLAUSE
            || (header.kind() == kinds::FOR_CLAUSE && header.field("condition").is_some())
    })
}

/// True when the code that follows the select inside the loop body (at its own level
/// or at any enclosing one up to the loop) leaves the loop unconditionally, and no
/// `continue` in the select or on the way can go round again: the select then waits
/// once, not on every turn
/// (`if err != nil { select { case errc <- err: case <-done: }; return }`).
fn runs_once_per_loop(
    select: Node<'_>,
    loop_index: usize,
    ancestors: &[Node<'_>],
    checker: &Checker<'_>,
) -> bool {
    let source = checker.source();
    let lp = ancestors[loop_index];
    if may_continue(select) {
        return false;
    }
    for level in (loop_index + 1..ancestors.len()).rev() {
        let list = ancestors[level];
        if list.kind() != kinds::STATEMENT_LIST {
            continue;
        }
        let on_path = ancestors.get(level + 1).copied().unwrap_or(select);
        // The statement a plain `break` at this level leaves.
        let breakable = ancestors[loop_index..=level].iter().rev().find(|n| {
            matches!(
                n.kind(),
                kinds::FOR_STATEMENT
                    | kinds::EXPRESSION_SWITCH_STATEMENT
                    | kinds::TYPE_SWITCH_STATEMENT
                    | kinds::SELECT_STATEMENT
            )
        });
        let after = syntax::named_children(list)
            .into_iter()
            .skip_while(|statement| *statement != on_path)
            .skip(1);
        for statement in after {
            match statement.kind() {
                kinds::RETURN_STATEMENT | kinds::GOTO_STATEMENT => return true,
                kinds::EXPRESSION_STATEMENT if checker.terminates(statement) => return true,
                kinds::BREAK_STATEMENT => {
                    return match label_of(statement, source) {
                        None => breakable == Some(&lp),
                        Some(_) => jumps_out_of(statement, lp, ancestors, source),
                    };
                }
                _ if may_continue(statement) => return false,
                _ => {}
            }
        }
    }
    false
}

/// True when `node` holds a `continue` that goes back to an enclosing loop: one not
/// inside a loop or function literal nested in `node`.
fn may_continue(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    loop {
        let current = cursor.node();
        if current.kind() == kinds::CONTINUE_STATEMENT {
            return true;
        }
        let nested =
            current != node && matches!(current.kind(), kinds::FOR_STATEMENT | kinds::FUNC_LITERAL);
        if !nested && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == node {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return false;
            }
        }
    }
}

/// The channel a `case` receives from (`case <-ch:`, `case v, ok := <-ch:`).
fn received_channel(case: Node<'_>) -> Option<Node<'_>> {
    if case.kind() != kinds::COMMUNICATION_CASE {
        return None;
    }
    let communication = case.field("communication")?;
    if communication.kind() != kinds::RECEIVE_STATEMENT {
        return None;
    }
    let right = syntax::unparen(communication.field("right")?);
    if right.kind() != kinds::UNARY_EXPRESSION || right.field("operator")?.kind() != "<-" {
        return None;
    }
    Some(syntax::unparen(right.field("operand")?))
}

/// `X.Done()`, whatever `X` is: any `Done()` channel is taken for a cancellation path.
fn is_done_call(node: Node<'_>, source: &str) -> bool {
    let node = syntax::unparen(node);
    matches!(
        syntax::callee(node, source),
        Some(syntax::Callee::Selector { name: "Done", .. })
    ) && syntax::call_arguments(node).is_empty()
}

/// A case receiving from `X.Done()`, or from a variable or field that holds one.
fn receives_done(case: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(channel) = received_channel(case) else {
        return false;
    };
    let source = checker.source();
    if is_done_call(channel, source) {
        return true;
    }
    match channel.kind() {
        kinds::IDENTIFIER => {
            let name = syntax::text(channel, source);
            let scope = checker.scope(channel);
            let binding = scope.lookup(name, channel.start_byte());
            if let Some(origin) = binding.and_then(|b| b.origin.clone())
                && let Some(value) = checker
                    .root()
                    .descendant_for_byte_range(origin.start, origin.end)
                && is_done_call(value, source)
            {
                return true;
            }
            // `var done <-chan struct{}` ... `done = ctx.Done()` later in the function.
            let within = binding
                .and_then(|_| checker.top_level_declaration(channel))
                .unwrap_or_else(|| checker.root());
            assigned_a_done_channel(within, source, &|target| {
                target.kind() == kinds::IDENTIFIER && syntax::text(target, source) == name
            })
        }
        kinds::SELECTOR_EXPRESSION => {
            // `s.done`, filled somewhere in the file by `s.done = ctx.Done()` or `done: ctx.Done()`.
            let Some(field) = channel.field("field") else {
                return false;
            };
            let field = syntax::text(field, source);
            assigned_a_done_channel(checker.root(), source, &|target| {
                let name = match target.kind() {
                    kinds::SELECTOR_EXPRESSION => target.field("field"),
                    kinds::IDENTIFIER | "field_identifier" | "literal_element" => Some(target),
                    _ => None,
                };
                name.is_some_and(|n| syntax::text(n, source) == field)
            })
        }
        _ => false,
    }
}

/// True when, somewhere below `within`, a target accepted by `is_target` is assigned
/// (`=`, `:=`, or a keyed composite-literal element) the result of an `X.Done()` call.
fn assigned_a_done_channel(
    within: Node<'_>,
    source: &str,
    is_target: &dyn Fn(Node<'_>) -> bool,
) -> bool {
    any_node(within, None, &mut |node| match node.kind() {
        kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION => {
            syntax::assignment_sides(node).is_some_and(|(left, right)| {
                left.len() == right.len()
                    && left
                        .iter()
                        .zip(&right)
                        .any(|(target, value)| is_target(*target) && is_done_call(*value, source))
            })
        }
        "keyed_element" => {
            let key = node.field("key");
            let value = node.field("value").and_then(|v| v.named_child(0));
            key.is_some_and(is_target) && value.is_some_and(|v| is_done_call(v, source))
        }
        _ => false,
    })
}

/// A receiving case whose body leaves the loop: the channel it reads is the loop's
/// deliberate way out.
fn is_deliberate_exit(
    case: Node<'_>,
    lp: Node<'_>,
    ancestors: &[Node<'_>],
    checker: &Checker<'_>,
) -> bool {
    if received_channel(case).is_none() {
        return false;
    }
    let source = checker.source();
    let condition = condition_names(lp, source);
    // Changes what the loop's condition tests: `running = false`, `pending--`, `delete(pending, id)`.
    let changes_condition = |target: Option<Node<'_>>| {
        target
            .and_then(root_identifier)
            .is_some_and(|name| condition.contains(&syntax::text(name, source)))
    };
    syntax::named_children(case)
        .into_iter()
        .filter(|c| c.kind() == kinds::STATEMENT_LIST)
        .any(|list| {
            any_node(list, None, &mut |node| match node.kind() {
                kinds::RETURN_STATEMENT | kinds::GOTO_STATEMENT => true,
                kinds::EXPRESSION_STATEMENT => {
                    checker.terminates(node)
                        || node
                            .named_child(0)
                            .map(syntax::unparen)
                            .filter(|call| {
                                matches!(
                                    syntax::callee(*call, source),
                                    Some(syntax::Callee::Ident("delete"))
                                )
                            })
                            .is_some_and(|call| {
                                changes_condition(syntax::call_arguments(call).first().copied())
                            })
                }
                kinds::BREAK_STATEMENT | kinds::CONTINUE_STATEMENT => {
                    jumps_out_of(node, lp, ancestors, source)
                }
                kinds::ASSIGNMENT_STATEMENT => node.field("left").is_some_and(|left| {
                    syntax::list_items(left)
                        .into_iter()
                        .any(|t| changes_condition(Some(t)))
                }),
                kinds::INC_STATEMENT | kinds::DEC_STATEMENT => {
                    changes_condition(node.named_child(0))
                }
                _ => false,
            })
        })
}

/// `x` in `x`, `x.f`, `x[i]`, `x.f[i].g`, `*x`.
fn root_identifier(mut node: Node<'_>) -> Option<Node<'_>> {
    loop {
        node = syntax::unparen(node);
        match node.kind() {
            kinds::IDENTIFIER => return Some(node),
            kinds::SELECTOR_EXPRESSION => node = node.field("operand")?,
            kinds::INDEX_EXPRESSION => node = node.field("operand")?,
            kinds::UNARY_EXPRESSION => node = node.field("operand")?,
            _ => return None,
        }
    }
}

fn label_of<'s>(jump: Node<'_>, source: &'s str) -> Option<&'s str> {
    syntax::named_children(jump)
        .into_iter()
        .find(|c| c.kind() == kinds::LABEL_NAME)
        .map(|label| syntax::text(label, source))
}

/// A labelled `break` or `continue`, inside a case of the select, that leaves `lp`.
/// (An unlabelled `break` in a case only leaves the select.) `ancestors` start at most
/// at `lp`'s parent: a label not among them is further out, and leaves `lp`.
fn jumps_out_of(jump: Node<'_>, lp: Node<'_>, ancestors: &[Node<'_>], source: &str) -> bool {
    let Some(label) = label_of(jump, source) else {
        return false;
    };
    let Some(target) = ancestors.iter().rev().find(|node| {
        node.kind() == kinds::LABELED_STATEMENT
            && node
                .field("label")
                .is_some_and(|l| syntax::text(l, source) == label)
    }) else {
        return true;
    };
    let statement = syntax::named_children(*target)
        .into_iter()
        .find(|c| c.kind() != kinds::LABEL_NAME);
    let encloses_loop = syntax::contains(*target, lp);
    if jump.kind() == kinds::BREAK_STATEMENT {
        encloses_loop
    } else {
        encloses_loop && statement != Some(lp)
    }
}

/// Identifiers in the loop's condition (`for running {`, `for i := 0; !done; i++ {`).
fn condition_names<'s>(lp: Node<'_>, source: &'s str) -> Vec<&'s str> {
    let body = lp.field("body");
    let Some(header) = syntax::named_children(lp)
        .into_iter()
        .find(|c| Some(*c) != body)
    else {
        return Vec::new();
    };
    let condition = match header.kind() {
        kinds::FOR_CLAUSE => header.field("condition"),
        kinds::RANGE_CLAUSE => None,
        _ => Some(header),
    };
    let mut names = Vec::new();
    if let Some(condition) = condition {
        any_node(condition, None, &mut |node| {
            if node.kind() == kinds::IDENTIFIER {
                names.push(syntax::text(node, source));
            }
            false
        });
    }
    names
}

/// The loop consults a context outside this select: a `Done()` receive or a
/// `ctx.Err()` check in its header or body. Then the loop is taken to be cancellable
/// between iterations, and the select's cases to keep firing.
fn polls_context(lp: Node<'_>, select: Node<'_>, checker: &Checker<'_>) -> bool {
    let source = checker.source();
    any_node(lp, Some(select), &mut |node| {
        if node.kind() != kinds::CALL_EXPRESSION || !syntax::call_arguments(node).is_empty() {
            return false;
        }
        match syntax::callee(node, source) {
            Some(syntax::Callee::Selector { name: "Done", .. }) => true,
            Some(syntax::Callee::Selector {
                name: "Err",
                operand,
            }) => checker
                .infer(operand)
                .is_some_and(|ty| ty.is("context", "Context")),
            _ => false,
        }
    })
}

/// The context the select should have listened to: its spelling and where it comes from.
struct InScope {
    name: String,
    decl: Range<usize>,
}

/// The innermost `context.Context` variable visible at `at` (unless it is a fresh
/// `context.Background()`/`TODO()`, which nothing cancels), else the `Context()` of an
/// `*http.Request`, else a `context.Context` field of the method's receiver.
fn context_in_scope(scope: &ScopeTable, at: usize, checker: &Checker<'_>) -> Option<InScope> {
    let visible: Vec<&Binding> = scope
        .bindings()
        .iter()
        .filter(|b| {
            b.visible.contains(&at) && scope.lookup(&b.name, at).is_some_and(|v| v.decl == b.decl)
        })
        .collect();
    let is_context = |ty: &Ty| ty.is("context", "Context");
    if let Some(binding) = visible
        .iter()
        .filter(|b| b.ty.as_ref().is_some_and(is_context) && !is_root_context(b, checker))
        .max_by_key(|b| (b.visible.start, b.decl.start))
    {
        return Some(InScope {
            name: binding.name.clone(),
            decl: binding.decl.clone(),
        });
    }
    if let Some(request) = visible.iter().find(|b| {
        b.ty.as_ref()
            .is_some_and(|ty| ty.pointee().is("net/http", "Request"))
    }) {
        return Some(InScope {
            name: format!("{}.Context()", request.name),
            decl: request.decl.clone(),
        });
    }
    visible
        .iter()
        .filter(|b| b.kind == BindingKind::Receiver)
        .find_map(|receiver| {
            let ty = receiver.ty.as_ref()?;
            let field = checker
                .index()
                .fields_where(ty, &is_context)
                .into_iter()
                .next()?;
            Some(InScope {
                name: format!("{}.{field}", receiver.name),
                decl: receiver.decl.clone(),
            })
        })
}

/// A variable that nothing can cancel: initialised from `context.Background()` or
/// `context.TODO()`, directly or through calls that return a single value and take it as
/// an argument (`metadata.NewOutgoingContext(context.Background(), md)`,
/// `context.WithValue(...)`): a function that returns one context and no cancel
/// function can only add values to it. Its `Done()` is nil; there is nothing to wait for.
fn is_root_context(binding: &Binding, checker: &Checker<'_>) -> bool {
    let Some(origin) = &binding.origin else {
        return false;
    };
    let Some(value) = checker
        .root()
        .descendant_for_byte_range(origin.start, origin.end)
        .map(syntax::unparen)
    else {
        return false;
    };
    let single_value = value
        .parent()
        .filter(|list| list.kind() == kinds::EXPRESSION_LIST)
        .and_then(|list| list.parent())
        .and_then(syntax::assignment_sides)
        .is_some_and(|(left, _)| left.len() == 1);
    single_value && never_cancelled(value, checker, 0)
}

/// `value` is `Background()`/`TODO()`, or a call other than a `context` constructor of a
/// cancellable context that takes such a value as an argument.
fn never_cancelled(value: Node<'_>, checker: &Checker<'_>, depth: usize) -> bool {
    if depth > 8 || value.kind() != kinds::CALL_EXPRESSION {
        return false;
    }
    let target = checker.qualified_call(value);
    if let Some(target) = &target
        && target.path == "context"
    {
        match target.name {
            "Background" | "TODO" => return true,
            "WithValue" | "WithoutCancel" => {}
            _ => return false,
        }
    }
    syntax::call_arguments(value)
        .into_iter()
        .any(|arg| never_cancelled(syntax::unparen(arg), checker, depth + 1))
}

/// How many nodes one search may visit. Every search answers a question whose "yes"
/// keeps the rule silent, so a search that runs out answers "yes": a select nested in
/// thousands of loops costs a bounded amount each, and the rule stays linear.
const SEARCH_BUDGET: usize = 4096;

/// Pre-order search below `root` (itself included) for a node `found` accepts, not
/// entering function literals (their code runs elsewhere) nor `skip`. Past
/// `SEARCH_BUDGET` nodes it gives up and answers true (the silent answer).
fn any_node(
    root: Node<'_>,
    skip: Option<Node<'_>>,
    found: &mut dyn FnMut(Node<'_>) -> bool,
) -> bool {
    let mut cursor = root.walk();
    let mut visited = 0;
    loop {
        visited += 1;
        if visited > SEARCH_BUDGET {
            return true;
        }
        let node = cursor.node();
        let enter = node.kind() != kinds::FUNC_LITERAL && Some(node) != skip;
        if enter && found(node) {
            return true;
        }
        if enter && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return false;
            }
        }
    }
}
