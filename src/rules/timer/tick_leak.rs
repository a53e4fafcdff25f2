//! `timer-tick-leak`: `time.Tick(d)` where its ticker outlives its use. `Tick`
//! returns only the channel, so the ticker can never be stopped; before Go 1.23
//! (or with `asynctimerchan=1`) an unstopped ticker is never garbage collected.
//! Only a channel the function reads itself (or drops) is judged: one returned,
//! passed on, stored or captured by a literal is handed off, and silent.
//!
//! As staticcheck's SA1015, it is fine where the function never returns — an
//! endless `for {}` or `for range time.Tick(d)` with no `return` or `break` out
//! — and in `main` and `init`, which run once (also in a literal they start or
//! call at once, `go func() { ... }()`). What is reported is a `Tick` after
//! which some path leaves the function (the leaking exit is the related
//! location), and a `Tick` inside a loop, which starts a new ticker on every
//! turn wherever it is. Package-level initialisers run once and are silent, as
//! is test code. Silent where the module's timers are collected (Go 1.23 and
//! later) or unknown (no go.mod and no `--go-version`).

use std::ops::Range;

use super::{enclosing_loop, time_call, walk};
use crate::model::paths::{self, Exit, PathOracle};
use crate::model::scope::BindingKind;
use crate::rules::prelude::*;

pub struct TickLeak;

static META: RuleMeta = RuleMeta {
    id: "timer-tick-leak",
    family: Family::Timer,
    severity: Severity::Warning,
    summary: "`time.Tick` ticker outlives its function and can never be stopped (before Go 1.23)",
    page: include_str!("../../../rules/timer-tick-leak.md"),
    needs_import: Some("time"),
    triggers: &["Tick("],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for TickLeak {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        // The package-level verdict first: in a Go 1.23 module nothing here can fire.
        let Some(reason) = checker.timers().leak_reason() else {
            return;
        };
        if !time_call(call, "Tick", checker) || checker.in_test_code(call) {
            return;
        }
        let ancestors = syntax::ancestors(checker.root(), call);
        let Some(function) = ancestors.iter().rev().find(|a| syntax::is_function(**a)) else {
            // A package-level initialiser runs once.
            return;
        };
        // A channel passed on, returned or stored belongs to whoever gets it.
        if handed_off(call, &ancestors, *function, checker) {
            return;
        }
        if let Some(lp) = enclosing_loop(&ancestors).filter(|lp| runs_each_turn(*lp, call)) {
            let keyword = lp.child(0).unwrap_or(lp).byte_range();
            checker
                .report(
                    call,
                    format!(
                        "time.Tick inside a loop starts a new ticker on every turn, and none of them can ever be stopped ({reason})"
                    ),
                )
                .related(keyword, "the loop");
            return;
        }
        if runs_once(*function, &ancestors, checker) {
            return;
        }
        let message = format!(
            "the ticker of time.Tick can never be stopped and keeps running after this function returns ({reason}); use time.NewTicker and Stop it"
        );
        let oracle = TickOracle { call, checker };
        let Some(exits) = paths::leaking_exits(*function, checker.source(), &oracle) else {
            return;
        };
        let Some(exit) = exits.first() else {
            // No path leaves the function once the ticker runs: it lives as long as needed.
            return;
        };
        let note = match exit {
            Exit::Return(_) => "the function returns here, and the ticker keeps running",
            Exit::EndOfBody(_) => "the function ends here, and the ticker keeps running",
        };
        checker
            .report(call, message)
            .related(exit.node().byte_range(), note);
    }
}

/// True when the channel `call` returns leaves this function's hands: returned,
/// passed to a call, sent, stored in a field, an element or a package variable, kept
/// in a named result, or kept in a local that is then passed on or captured by a
/// function literal. Only a channel this function reads itself (`<-c`, `range c`, a
/// `select` case) or drops is its own business.
fn handed_off<'t>(
    call: Node<'t>,
    ancestors: &[Node<'t>],
    function: Node<'t>,
    checker: &Checker<'_>,
) -> bool {
    let source = checker.source();
    let mut child = call;
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = up.next();
    }
    let Some(mut parent) = parent else {
        return true;
    };
    match parent.kind() {
        kinds::UNARY_EXPRESSION => {
            return parent.field("operator").is_none_or(|op| op.kind() != "<-");
        }
        kinds::RANGE_CLAUSE => return parent.field("right") != Some(child),
        kinds::EXPRESSION_STATEMENT => return false,
        kinds::EXPRESSION_LIST => {
            child = parent;
            let Some(statement) = up.next() else {
                return true;
            };
            parent = statement;
        }
        _ => {}
    }
    if !matches!(
        parent.kind(),
        kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION | kinds::VAR_SPEC
    ) || parent.field("left") == Some(child)
    {
        return true;
    }
    let Some((targets, values)) = syntax::assignment_sides(parent) else {
        return true;
    };
    let value = values
        .iter()
        .position(|v| syntax::unparen(*v) == call)
        .filter(|_| targets.len() == values.len());
    let Some(target) = value.and_then(|i| targets.get(i)).copied() else {
        return true;
    };
    if syntax::is_blank(target, source) {
        return false;
    }
    if target.kind() != kinds::IDENTIFIER {
        return true;
    }
    let scope = checker.scope(target);
    let name = syntax::text(target, source);
    let binding = scope
        .bindings()
        .iter()
        .find(|b| b.decl == target.byte_range())
        .or_else(|| scope.lookup(name, target.start_byte()));
    match binding {
        Some(binding) if binding.kind == BindingKind::Local => {
            local_handed_off(function, name, &binding.decl, checker)
        }
        _ => true,
    }
}

/// True when the local declared at `decl` is used in `function` other than by being
/// read from (`<-c`, `range c`), compared, or assigned: passed, returned, stored, or
/// mentioned inside a nested function literal.
fn local_handed_off(
    function: Node<'_>,
    name: &str,
    decl: &Range<usize>,
    checker: &Checker<'_>,
) -> bool {
    let source = checker.source();
    let Some(body) = function.field("body") else {
        return true;
    };
    let mut handed = false;
    walk(body, &mut |node, ancestors| {
        if handed {
            return false;
        }
        if node.kind() != kinds::IDENTIFIER
            || syntax::text(node, source) != name
            || node.byte_range() == *decl
            || checker
                .scope(node)
                .lookup(name, node.start_byte())
                .is_none_or(|b| b.decl != *decl)
        {
            return true;
        }
        if ancestors.iter().any(|a| a.kind() == kinds::FUNC_LITERAL) {
            handed = true;
            return false;
        }
        let mut child = node;
        let mut up = ancestors.iter().rev().copied();
        let mut parent = up.next();
        while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
            child = p;
            parent = up.next();
        }
        let read = parent.is_some_and(|p| match p.kind() {
            kinds::UNARY_EXPRESSION => p.field("operator").is_some_and(|op| op.kind() == "<-"),
            kinds::RANGE_CLAUSE => p.field("right") == Some(child),
            kinds::BINARY_EXPRESSION => p
                .field("operator")
                .is_some_and(|op| matches!(op.kind(), "==" | "!=")),
            kinds::EXPRESSION_LIST => up.next().is_some_and(|statement| {
                matches!(
                    statement.kind(),
                    kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION
                ) && statement.field("left") == Some(p)
            }),
            _ => false,
        });
        handed = !read;
        true
    });
    handed
}

/// True when `call` is evaluated on every turn of `lp`: in its body, condition or
/// post statement (not its initializer, nor the expression a `range` reads once).
fn runs_each_turn(lp: Node<'_>, call: Node<'_>) -> bool {
    if lp
        .field("body")
        .is_some_and(|body| syntax::contains(body, call))
    {
        return true;
    }
    syntax::named_children(lp)
        .into_iter()
        .filter(|c| c.kind() == kinds::FOR_CLAUSE)
        .flat_map(|clause| {
            ["condition", "update"]
                .into_iter()
                .filter_map(move |field| clause.field(field))
        })
        .any(|part| syntax::contains(part, call))
}

/// True when `function` runs once per process: `main` of package `main`, an `init`,
/// or a literal that one of those (or such a literal) starts or calls on the spot.
fn runs_once<'t>(mut function: Node<'t>, ancestors: &[Node<'t>], checker: &Checker<'_>) -> bool {
    let source = checker.source();
    loop {
        match function.kind() {
            kinds::FUNCTION_DECLARATION => {
                let name = function.field("name").map(|n| syntax::text(n, source));
                return name == Some("init") || (name == Some("main") && in_main_package(checker));
            }
            kinds::FUNC_LITERAL => {
                let Some(at) = ancestors.iter().position(|a| *a == function) else {
                    return false;
                };
                // `func() { ... }()`, `go func() { ... }()`, `defer func() { ... }()`.
                let mut callee = function;
                let mut above = ancestors[..at].iter().rev();
                let mut parent = above.next();
                while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
                    callee = *p;
                    parent = above.next();
                }
                let invoked = parent.is_some_and(|p| {
                    p.kind() == kinds::CALL_EXPRESSION && p.field("function") == Some(callee)
                });
                if !invoked {
                    return false;
                }
                let Some(outer) = ancestors[..at]
                    .iter()
                    .rev()
                    .find(|a| syntax::is_function(**a))
                else {
                    return false;
                };
                function = *outer;
            }
            _ => return false,
        }
    }
}

fn in_main_package(checker: &Checker<'_>) -> bool {
    syntax::named_children(checker.root())
        .into_iter()
        .find(|n| n.kind() == kinds::PACKAGE_CLAUSE)
        .and_then(|clause| syntax::named_children(clause).into_iter().next())
        .is_some_and(|name| syntax::text(name, checker.source()) == "main")
}

/// The ticker starts where `call` is evaluated; nothing settles it; a `range` over a
/// `time.Tick` channel never ends by itself.
struct TickOracle<'c, 'a, 't> {
    call: Node<'t>,
    checker: &'c Checker<'a>,
}

impl PathOracle for TickOracle<'_, '_, '_> {
    fn creates(&self, node: Node<'_>) -> bool {
        node.start_byte() <= self.call.start_byte() && self.call.end_byte() <= node.end_byte()
    }

    fn settles(&self, _node: Node<'_>) -> bool {
        false
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }

    fn endless_range(&self, clause: Node<'_>) -> bool {
        let Some(right) = clause.field("right").map(syntax::unparen) else {
            return false;
        };
        if right.kind() == kinds::CALL_EXPRESSION {
            return time_call(right, "Tick", self.checker);
        }
        if right.kind() != kinds::IDENTIFIER {
            return false;
        }
        // `tick := time.Tick(d)` ... `for range tick`.
        let name = syntax::text(right, self.checker.source());
        let scope = self.checker.scope(right);
        let Some(origin) = scope
            .lookup(name, right.start_byte())
            .and_then(|b| b.origin.clone())
        else {
            return false;
        };
        self.checker
            .root()
            .descendant_for_byte_range(origin.start, origin.end)
            .map(syntax::unparen)
            .is_some_and(|value| {
                value.kind() == kinds::CALL_EXPRESSION && time_call(value, "Tick", self.checker)
            })
    }
}
