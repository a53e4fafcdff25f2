//! `timer-after-in-loop`: `case <-time.After(d):` in a `select` that a loop runs
//! again and again. Each turn starts a new timer; before Go 1.23 (or with
//! `asynctimerchan=1`) a timer that nobody receives from stays in memory until it
//! fires, so a loop that turns faster than `d` piles them up.
//!
//! Only a pile-up is reported: the select must have another case that carries data
//! (a send, a receive that keeps the value, or a `default`; a bare `case <-done:`
//! waits for a signal, which wins once, not turn after turn) after which some path through the function (`model::paths`)
//! reaches the select again. A path stops where it returns, breaks out, never
//! returns, assigns what the loop's condition tests, closes the channel the loop
//! ranges over, or sleeps for the timer's own duration: then at most one timer
//! is left behind, once (the retry-with-backoff shape). A select of `time.After`
//! alone is a sleep. Silent where the module's timers are collected (Go 1.23 and
//! later), or unknown (no go.mod and no `--go-version`), and in test code. The
//! prefilter trigger is `After(` as gofmt writes calls.

use super::{enclosing_loop, time_call};
use crate::model::paths::{self, PathOracle};
use crate::rules::prelude::*;

pub struct AfterInLoop;

static META: RuleMeta = RuleMeta {
    id: "timer-after-in-loop",
    family: Family::Timer,
    severity: Severity::Warning,
    summary: "`time.After` in a `select` in a loop piles up one live timer per turn (before Go 1.23)",
    page: include_str!("../../../rules/timer-after-in-loop.md"),
    needs_import: Some("time"),
    triggers: &["After("],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for AfterInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::SELECT_STATEMENT]
    }

    fn check_node(&self, select: Node<'_>, checker: &mut Checker<'_>) {
        // The package-level verdict first: in a Go 1.23 module nothing here can fire.
        let Some(reason) = checker.timers().leak_reason() else {
            return;
        };
        let cases: Vec<Node<'_>> = syntax::named_children(select)
            .into_iter()
            .filter(|c| matches!(c.kind(), kinds::COMMUNICATION_CASE | kinds::DEFAULT_CASE))
            .collect();
        let timeouts: Vec<(Node<'_>, Node<'_>)> = cases
            .iter()
            .filter_map(|case| Some((*case, after_call(*case, checker)?)))
            .collect();
        if timeouts.is_empty() || checker.in_test_code(select) {
            return;
        }
        // Only a case that can win turn after turn leaves timers piling up.
        if !cases
            .iter()
            .any(|case| carries_data(*case) && !timeouts.iter().any(|(t, _)| t == case))
        {
            return;
        }
        // The walk's ancestors, searched from the select outward: no search from the root.
        let ancestors = checker.ancestors();
        let Some(lp) = enclosing_loop(ancestors) else {
            return;
        };
        let Some(function) = ancestors
            .iter()
            .rev()
            .find(|a| syntax::is_function(**a))
            .copied()
        else {
            return;
        };
        let source = checker.source();
        let turn = Turn {
            communications: timeouts
                .iter()
                .filter_map(|(case, _)| case.field("communication"))
                .collect(),
            durations: timeouts
                .iter()
                .filter_map(|(_, call)| syntax::call_arguments(*call).first().copied())
                .map(|d| syntax::text(d, source))
                .collect(),
            condition: loop_condition_names(lp, source),
            ranged: loop_range_channel(lp, source),
        };
        // A case after which the select runs again, its timers still pending.
        let Some(again) = cases.iter().find(|case| {
            !timeouts.iter().any(|(timeout, _)| timeout == *case)
                && carries_data(**case)
                && selects_again(**case, function, &turn, checker)
        }) else {
            return;
        };
        let again_keyword = again.child(0).unwrap_or(*again).byte_range();
        for (_, call) in timeouts {
            checker
                .report(
                    call,
                    format!(
                        "time.After in a select inside a loop starts a new timer on every turn, and each stays in memory until it fires ({reason})"
                    ),
                )
                .related(
                    again_keyword.clone(),
                    "after this case the loop runs the select again, and the timer is left running",
                );
        }
    }
}

/// A case that can win turn after turn: it sends, receives a value (`v := <-ch`,
/// `case v, ok := <-ch`), or is a `default`. A bare receive (`case <-done:`,
/// `case <-s.stopping:`) is how Go waits for a signal — a channel closed once, or a
/// notification — and winning it repeatedly is the exception: at most a timer or two
/// are left behind, not a pile.
fn carries_data(case: Node<'_>) -> bool {
    if case.kind() == kinds::DEFAULT_CASE {
        return true;
    }
    let Some(communication) = case.field("communication") else {
        return false;
    };
    match communication.kind() {
        "send_statement" => true,
        kinds::RECEIVE_STATEMENT => communication.field("left").is_some(),
        _ => false,
    }
}

/// What tells, on a path from one case back round the loop, that the select does or
/// does not run again with the old timer still pending.
struct Turn<'t, 's> {
    /// The `time.After` cases' communications: reaching one means the select runs again.
    communications: Vec<Node<'t>>,
    /// The `time.After` arguments as written: a `time.Sleep` of the same outlasts the timer.
    durations: Vec<&'s str>,
    /// The names (`done`, `s.closed`) the loop's condition tests: assigning one ends the loop.
    condition: Vec<&'s str>,
    /// The channel a `for range ch` loop reads: closing it ends the loop.
    ranged: Option<&'s str>,
}

/// True when, once `case` is chosen, some path through `function` reaches the select
/// again with its timer still pending. A path stops counting where it returns, breaks
/// out of the loop, calls something that never returns, changes what the loop's
/// condition tests, closes the channel the loop ranges over, or sleeps for the
/// timer's own duration. An empty `default` is taken to go round again; a `goto`
/// makes the answer unknown (false).
fn selects_again(
    case: Node<'_>,
    function: Node<'_>,
    turn: &Turn<'_, '_>,
    checker: &Checker<'_>,
) -> bool {
    let from = match case.kind() {
        kinds::COMMUNICATION_CASE => case.field("communication"),
        _ => case_body(case).first().copied(),
    };
    let Some(from) = from else {
        return true;
    };
    let oracle = Reentry {
        from,
        turn,
        checker,
    };
    paths::walk_paths(function, checker.source(), &oracle).is_some_and(|summary| {
        summary
            .settled_at
            .iter()
            .any(|place| turn.communications.iter().any(|c| c.id() == place.id()))
    })
}

/// Opens a path where the chosen case begins; "settles" it where the path reaches a
/// `time.After` case again (the select ran once more) or stops going round.
struct Reentry<'o, 't, 's, 'c, 'a> {
    from: Node<'t>,
    turn: &'o Turn<'t, 's>,
    checker: &'c Checker<'a>,
}

impl PathOracle for Reentry<'_, '_, '_, '_, '_> {
    fn creates(&self, node: Node<'_>) -> bool {
        node.id() == self.from.id()
    }

    fn settles(&self, node: Node<'_>) -> bool {
        let turn = self.turn;
        if turn.communications.iter().any(|c| c.id() == node.id()) {
            return true;
        }
        let source = self.checker.source();
        match node.kind() {
            kinds::ASSIGNMENT_STATEMENT | kinds::INC_STATEMENT | kinds::DEC_STATEMENT => {
                let targets = match node.field("left") {
                    Some(left) => syntax::list_items(left),
                    None => syntax::named_children(node).into_iter().take(1).collect(),
                };
                targets.iter().any(|target| {
                    turn.condition
                        .contains(&syntax::text(syntax::unparen(*target), source))
                })
            }
            kinds::EXPRESSION_STATEMENT => {
                let Some(call) = node.named_child(0).map(syntax::unparen) else {
                    return false;
                };
                let argument = || {
                    syntax::call_arguments(call)
                        .first()
                        .map(|a| syntax::text(*a, source))
                };
                match syntax::callee(call, source) {
                    Some(syntax::Callee::Ident("close")) => {
                        turn.ranged.is_some() && argument() == turn.ranged
                    }
                    Some(_) if time_call(call, "Sleep", self.checker) => {
                        argument().is_some_and(|d| turn.durations.contains(&d))
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }
}

/// The identifiers and selectors (`done`, `s.closed`) in the condition of a `for cond {`
/// or `for init; cond; post {` loop.
fn loop_condition_names<'s>(lp: Node<'_>, source: &'s str) -> Vec<&'s str> {
    let condition = syntax::named_children(lp)
        .into_iter()
        .filter(|c| Some(*c) != lp.field("body"))
        .find_map(|header| match header.kind() {
            kinds::FOR_CLAUSE => header.field("condition"),
            kinds::RANGE_CLAUSE => None,
            _ => Some(header),
        });
    let mut names = Vec::new();
    if let Some(condition) = condition {
        let mut cursor = condition.walk();
        loop {
            let node = cursor.node();
            let named = matches!(node.kind(), kinds::IDENTIFIER | kinds::SELECTOR_EXPRESSION);
            if named {
                names.push(syntax::text(node, source));
            }
            if node.kind() != kinds::FUNC_LITERAL && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node() == condition {
                    return names;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return names;
                }
            }
        }
    }
    names
}

/// The channel expression `ch` of a `for ... range ch` loop.
fn loop_range_channel<'s>(lp: Node<'_>, source: &'s str) -> Option<&'s str> {
    syntax::named_children(lp)
        .into_iter()
        .find(|c| c.kind() == kinds::RANGE_CLAUSE)
        .and_then(|clause| clause.field("right"))
        .map(|right| syntax::text(syntax::unparen(right), source))
}

/// The `time.After(d)` call a `case <-time.After(d):` (or `case v := <-...`) receives from.
fn after_call<'t>(case: Node<'t>, checker: &Checker<'_>) -> Option<Node<'t>> {
    let receive = case.field("communication")?;
    if receive.kind() != kinds::RECEIVE_STATEMENT {
        return None;
    }
    let right = syntax::unparen(receive.field("right")?);
    let operator = right.field("operator")?;
    if right.kind() != kinds::UNARY_EXPRESSION || operator.kind() != "<-" {
        return None;
    }
    let call = syntax::unparen(right.field("operand")?);
    (call.kind() == kinds::CALL_EXPRESSION && time_call(call, "After", checker)).then_some(call)
}

/// The statements of a case clause.
fn case_body(case: Node<'_>) -> Vec<Node<'_>> {
    syntax::named_children(case)
        .into_iter()
        .filter(|c| c.kind() == kinds::STATEMENT_LIST)
        .flat_map(syntax::named_children)
        .collect()
}
