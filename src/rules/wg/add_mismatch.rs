//! `wg-add-mismatch`: `wg.Add(k)` with a literal `k` that differs from the number of
//! goroutines started for it, or a `wg.Done()` reached before any `wg.Add`.
//!
//! Deliberately narrow. An `Add` with an integer literal is followed, in its own
//! block, by the statements that start the goroutines it counts:
//!
//! - a `for` loop whose body starts, as one of its own statements, exactly one
//!   goroutine whose own body calls `Done` on the same WaitGroup once, as a plain
//!   or deferred statement (not under a branch). When the loop's count
//!   is known from its header (`for i := 0; i < 3; i++`, `for range 3`, a range
//!   over a composite literal) and differs from `k`, or unknown and `k` is `1`,
//!   the `Add` is reported;
//! - straight-line `go` statements, each calling `Done` once, up to `wg.Wait()`, a
//!   `return` or the end of the function body: reported when their number is not `k`.
//!
//! Anything else between the `Add` and those statements (a branch, another loop,
//! a `break` or `return` in the loop, a goroutine that is not a literal or does not
//! call `Done`, any call that mentions the WaitGroup's variable) leaves it silent.
//! `Add(0)` is `wg-add-nonpositive`'s, and non-literal counts are never judged.
//!
//! Second shape: a local WaitGroup (declared in the function, empty) whose `Done` is
//! a plain statement of a block in which a later statement calls its `Add`, with no
//! earlier mention of the variable: the counter goes negative and `Done` panics.

use std::collections::HashSet;

use crate::model::scope::BindingKind;

use super::{Goroutine, Method, WgCall, constant_int, own_nodes, wait_group_call};
use crate::rules::prelude::*;

pub struct AddMismatch;

static META: RuleMeta = RuleMeta {
    id: "wg-add-mismatch",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "`WaitGroup.Add` count differs from the goroutines started for it, or `Done` before any `Add`",
    page: include_str!("../../../rules/wg-add-mismatch.md"),
    needs_import: Some("sync"),
    triggers: &[".Add("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for AddMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        let Some(body) = function.field("body") else {
            return;
        };
        if !checker.contains(body, ".Add(") {
            return;
        }
        let check_adds = checker.contains(body, "go ");
        let check_dones = checker.contains(body, ".Done()");
        let mut reported = HashSet::new();
        for call in own_nodes(body, kinds::CALL_EXPRESSION) {
            let Some(name) = (match syntax::callee(call, checker.source()) {
                Some(syntax::Callee::Selector { name, .. }) => Some(name),
                _ => None,
            }) else {
                continue;
            };
            let Some(statement) = call
                .parent()
                .filter(|s| s.kind() == kinds::EXPRESSION_STATEMENT)
            else {
                continue;
            };
            if name == "Add" && check_adds {
                let [argument] = syntax::call_arguments(call)[..] else {
                    continue;
                };
                let Some(count) = constant_int(argument, checker.source()).filter(|k| *k > 0)
                else {
                    continue;
                };
                let Some(add) = wait_group_call(call, checker).filter(|c| c.method == Method::Add)
                else {
                    continue;
                };
                check_add(&add, count, statement, body, checker);
            } else if name == "Done" && check_dones {
                let Some(done) =
                    wait_group_call(call, checker).filter(|c| c.method == Method::Done)
                else {
                    continue;
                };
                if reported.insert(done.key.clone()) {
                    check_done(&done, statement, function, checker);
                }
            }
        }
    }
}

/// What the statements after an `Add` start.
enum Started<'t> {
    /// A loop starting one goroutine per iteration; its count, when the header says.
    Loop { go: Node<'t>, count: Option<i64> },
    /// Straight-line `go` statements.
    Straight(Vec<Node<'t>>),
}

fn check_add(
    add: &WgCall<'_>,
    count: i64,
    statement: Node<'_>,
    body: Node<'_>,
    checker: &mut Checker<'_>,
) {
    let Some(root) = add.root() else { return };
    let root = syntax::text(root, checker.source()).to_string();
    let Some(started) = started_after(add, &root, statement, body, checker) else {
        return;
    };
    let key = &add.key;
    match started {
        Started::Loop { go, count: Some(n) } if n != count => {
            checker
                .report(
                    add.call,
                    format!(
                        "`{key}.Add({count})` counts {count} but the loop after it starts {n} goroutines: `{key}.Wait` returns early or `Done` panics"
                    ),
                )
                .related(go.byte_range(), "started here, once per iteration");
        }
        Started::Loop { go, count: None } if count == 1 => {
            checker
                .report(
                    add.call,
                    format!(
                        "`{key}.Add(1)` counts one goroutine but the loop after it starts one per iteration: call `{key}.Add(1)` inside the loop or add the loop's count"
                    ),
                )
                .related(go.byte_range(), "started here, once per iteration");
        }
        Started::Straight(gos) if !gos.is_empty() && gos.len() as i64 != count => {
            let n = gos.len();
            let diagnostic = checker.report(
                add.call,
                format!(
                    "`{key}.Add({count})` counts {count} but {n} goroutine{} {} started for it: `{key}.Wait` {}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                    if (n as i64) < count {
                        "blocks forever"
                    } else {
                        "returns early or `Done` panics"
                    }
                ),
            );
            for go in gos {
                diagnostic.related(go.byte_range(), "started here");
            }
        }
        _ => {}
    }
}

/// The goroutines the statements after `statement` start for `add`, when they take
/// one of the shapes the rule understands.
fn started_after<'t>(
    add: &WgCall<'_>,
    root: &str,
    statement: Node<'t>,
    body: Node<'t>,
    checker: &Checker<'_>,
) -> Option<Started<'t>> {
    let source = checker.source();
    let mut gos = Vec::new();
    let mut next = statement.next_named_sibling();
    while let Some(sibling) = next {
        next = sibling.next_named_sibling();
        match sibling.kind() {
            kinds::COMMENT | kinds::EMPTY_STATEMENT => {}
            kinds::GO_STATEMENT => {
                if !counts_once(sibling, add, checker) {
                    return None;
                }
                gos.push(sibling);
            }
            kinds::FOR_STATEMENT if gos.is_empty() => {
                return loop_started(sibling, add, root, checker);
            }
            kinds::RETURN_STATEMENT => {
                return (!mentions(sibling, root, &[], source)).then_some(Started::Straight(gos));
            }
            kinds::EXPRESSION_STATEMENT
                if sibling
                    .named_child(0)
                    .and_then(|call| wait_group_call(syntax::unparen(call), checker))
                    .is_some_and(|wg| wg.method == Method::Wait && wg.key == add.key) =>
            {
                return Some(Started::Straight(gos));
            }
            kinds::EXPRESSION_STATEMENT
            | kinds::SHORT_VAR_DECLARATION
            | kinds::ASSIGNMENT_STATEMENT
            | kinds::VAR_DECLARATION
            | kinds::CONST_DECLARATION
            | kinds::INC_STATEMENT
            | kinds::DEC_STATEMENT
            | kinds::SEND_STATEMENT => {
                if mentions(sibling, root, &[], source)
                    || !own_nodes(sibling, kinds::GO_STATEMENT).is_empty()
                    || checker.terminates(sibling)
                {
                    return None;
                }
            }
            _ => return None,
        }
    }
    // The end of the function body: nothing else starts goroutines for this `Add`.
    let parent = statement.parent()?;
    let block = if parent.kind() == kinds::STATEMENT_LIST {
        parent.parent()?
    } else {
        parent
    };
    if block != body {
        return None;
    }
    Some(Started::Straight(gos))
}

/// The loop `for_statement` as a starter of one goroutine per iteration.
fn loop_started<'t>(
    for_statement: Node<'t>,
    add: &WgCall<'_>,
    root: &str,
    checker: &Checker<'_>,
) -> Option<Started<'t>> {
    let source = checker.source();
    let body = for_statement.field("body")?;
    let gos = own_nodes(body, kinds::GO_STATEMENT);
    let [go] = gos[..] else { return None };
    // The goroutine is started by the loop body itself, not under a branch.
    let parent = go.parent()?;
    let direct =
        parent == body || (parent.kind() == kinds::STATEMENT_LIST && parent.parent() == Some(body));
    if !direct || !counts_once(go, add, checker) {
        return None;
    }
    let leaves = [
        kinds::BREAK_STATEMENT,
        kinds::RETURN_STATEMENT,
        kinds::GOTO_STATEMENT,
    ];
    if leaves.iter().any(|kind| !own_nodes(body, kind).is_empty())
        || mentions(for_statement, root, &[go], source)
        || syntax::statements(body)
            .iter()
            .any(|s| checker.terminates(*s))
    {
        return None;
    }
    // Nothing after the loop, up to `Wait`, starts goroutines or touches the WaitGroup.
    let mut next = for_statement.next_named_sibling();
    while let Some(sibling) = next {
        next = sibling.next_named_sibling();
        if sibling.kind() == kinds::EXPRESSION_STATEMENT
            && sibling
                .named_child(0)
                .and_then(|call| wait_group_call(syntax::unparen(call), checker))
                .is_some_and(|wg| wg.method == Method::Wait && wg.key == add.key)
        {
            break;
        }
        let mut starts = false;
        syntax::walk_with_ancestors(sibling, &mut |n, _| {
            starts |= n.kind() == kinds::GO_STATEMENT;
            !starts
        });
        if starts || sibling.kind() == kinds::GO_STATEMENT || mentions(sibling, root, &[], source) {
            return None;
        }
    }
    Some(Started::Loop {
        go,
        count: loop_count(for_statement, source),
    })
}

/// How many times a loop runs, when its header says: `for i := a; i < b; i++`,
/// `for i := a; i <= b; i++`, `for range n`, a range over a composite literal.
fn loop_count(for_statement: Node<'_>, source: &str) -> Option<i64> {
    let header = syntax::named_children(for_statement)
        .into_iter()
        .find(|c| c.kind() == kinds::FOR_CLAUSE || c.kind() == kinds::RANGE_CLAUSE)?;
    if header.kind() == kinds::RANGE_CLAUSE {
        let right = syntax::unparen(header.field("right")?);
        if let Some(n) = constant_int(right, source) {
            return Some(n.max(0));
        }
        if right.kind() != kinds::COMPOSITE_LITERAL {
            return None;
        }
        let body = right.field("body")?;
        let elements: Vec<_> = syntax::named_children(body)
            .into_iter()
            .filter(|e| e.kind() != kinds::COMMENT)
            .collect();
        if elements.iter().any(|e| e.kind() == kinds::KEYED_ELEMENT) {
            return None;
        }
        return Some(elements.len() as i64);
    }
    let initializer = header.field("initializer")?;
    let condition = header.field("condition")?;
    let update = header.field("update")?;
    if initializer.kind() != kinds::SHORT_VAR_DECLARATION
        || update.kind() != kinds::INC_STATEMENT
        || condition.kind() != kinds::BINARY_EXPRESSION
    {
        return None;
    }
    let (left, right) = syntax::assignment_sides(initializer)?;
    let ([variable], [start]) = (&left[..], &right[..]) else {
        return None;
    };
    let name = syntax::text(*variable, source);
    let start = constant_int(*start, source)?;
    if syntax::text(update.named_child(0)?, source) != name {
        return None;
    }
    let operand = syntax::unparen(condition.field("left")?);
    if operand.kind() != kinds::IDENTIFIER || syntax::text(operand, source) != name {
        return None;
    }
    let end = constant_int(condition.field("right")?, source)?;
    let operator = syntax::text(condition.field("operator")?, source);
    let count = match operator {
        "<" => end - start,
        "<=" => end - start + 1,
        _ => return None,
    };
    Some(count.max(0))
}

/// True when the goroutine of `go` is a function literal whose own body calls `Done`
/// on the WaitGroup of `add` exactly once, and no other method of it.
fn counts_once(go: Node<'_>, add: &WgCall<'_>, checker: &Checker<'_>) -> bool {
    let Some(goroutine) = Goroutine::of(go) else {
        return false;
    };
    let calls: Vec<_> = goroutine
        .wait_group_calls(checker)
        .into_iter()
        .filter(|c| c.key == add.key)
        .collect();
    let Some(body) = goroutine.literal.field("body") else {
        return false;
    };
    // The `Done` is a statement of the body itself, not under a branch.
    matches!(&calls[..], [done] if done.method == Method::Done
        && done
            .call
            .parent()
            .filter(|s| s.kind() == kinds::EXPRESSION_STATEMENT || s.kind() == kinds::DEFER_STATEMENT)
            .and_then(|s| s.parent())
            .is_some_and(|p| p == body
                || (p.kind() == kinds::STATEMENT_LIST && p.parent() == Some(body))))
}

/// True when `node` (outside the goroutines `except`) has a call or an `&` whose
/// text names the identifier `root`: the WaitGroup's variable used in a way the rule
/// does not follow.
fn mentions(node: Node<'_>, root: &str, except: &[Node<'_>], source: &str) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(node, &mut |n, ancestors| {
        if found || except.iter().any(|e| syntax::contains(*e, n)) {
            return false;
        }
        if n.kind() == kinds::IDENTIFIER && syntax::text(n, source) == root {
            found = ancestors.iter().any(|a| {
                a.kind() == kinds::CALL_EXPRESSION
                    || (a.kind() == kinds::UNARY_EXPRESSION
                        && syntax::text(*a, source).starts_with('&'))
            });
        }
        true
    });
    if !found && node.kind() == kinds::IDENTIFIER {
        return syntax::text(node, source) == root;
    }
    found
}

/// The `Done` shape: `done` is a plain statement on an empty local WaitGroup of this
/// function, not mentioned before it, and a later statement of its block calls `Add`.
fn check_done(
    done: &WgCall<'_>,
    statement: Node<'_>,
    function: Node<'_>,
    checker: &mut Checker<'_>,
) {
    let source = checker.source();
    let Some(root) = done.root() else { return };
    let name = syntax::text(root, source);
    if done.key != name || done.receiver.kind() != kinds::IDENTIFIER {
        return;
    }
    let Some(binding) = checker.scope(root).lookup(name, root.start_byte()).cloned() else {
        return;
    };
    if binding.kind != BindingKind::Local
        || binding.decl.start < function.start_byte()
        || function.end_byte() < binding.decl.end
    {
        return;
    }
    let empty = binding.origin.as_ref().is_none_or(|origin| {
        let text: String = source[origin.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("");
        text.ends_with("WaitGroup{}") || (text.starts_with("new(") && text.ends_with("WaitGroup)"))
    });
    if !empty {
        return;
    }
    // No mention of the variable between its declaration and the `Done`.
    let mut mentioned = false;
    syntax::walk_with_ancestors(function, &mut |node, _| {
        if mentioned || node.start_byte() >= done.call.start_byte() {
            return false;
        }
        if node.kind() == kinds::IDENTIFIER
            && syntax::text(node, source) == name
            && node.start_byte() > binding.decl.start
            && checker
                .scope(node)
                .lookup(name, node.start_byte())
                .is_some_and(|b| b.decl == binding.decl)
        {
            mentioned = true;
        }
        true
    });
    if mentioned {
        return;
    }
    let mut next = statement.next_named_sibling();
    while let Some(sibling) = next {
        next = sibling.next_named_sibling();
        if sibling.kind() != kinds::EXPRESSION_STATEMENT {
            continue;
        }
        let Some(add) = sibling
            .named_child(0)
            .and_then(|call| wait_group_call(syntax::unparen(call), checker))
            .filter(|wg| wg.method == Method::Add && wg.key == done.key)
        else {
            continue;
        };
        let key = &done.key;
        checker
            .report(
                done.call,
                format!(
                    "`{key}.Done()` is reached before any `{key}.Add`: the counter goes negative and panics"
                ),
            )
            .related(add.call.byte_range(), "first counted here");
        return;
    }
}
