//! `ctx-select-busy-default`: a `select` in an endless `for` loop whose `default`
//! case neither blocks nor leaves the loop, so whenever no other case is ready the
//! goroutine spins on a full CPU.
//!
//! Precision first: the rule only speaks when everything that runs on the spinning
//! path is known not to block — assignments, increments, `continue`, a `break` that
//! only leaves the select, `if`s made of the same, and calls to builtins, type
//! conversions, `fmt`/`log` print functions, `sync/atomic` and a few pure packages.
//! Any other call might block (a read, a lock, a sleep), and then it stays silent.

use crate::model::Ty;
use crate::rules::prelude::*;

pub struct SelectBusyDefault;

/// The prefilter's second test: a `select` with a `default` case spells `default`.
fn has_default(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"default").is_some()
}

static META: RuleMeta = RuleMeta {
    id: "ctx-select-busy-default",
    family: Family::Ctx,
    severity: Severity::Error,
    summary: "`default` of a `select` in an endless loop neither blocks nor leaves it: the loop spins",
    page: include_str!("../../../rules/ctx-select-busy-default.md"),
    needs_import: None,
    triggers: super::SELECT_TRIGGERS,
    package_needs: None,
    text_test: Some(has_default),
    opt_in: false,
};

impl Rule for SelectBusyDefault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::SELECT_STATEMENT]
    }

    fn check_node(&self, select: Node<'_>, checker: &mut Checker<'_>) {
        // Spins in tests are deliberate CPU hogs (scheduler, GC and race tests) or end with the test.
        if checker.in_test_file() {
            return;
        }
        let Some(default) = syntax::named_children(select)
            .into_iter()
            .find(|case| case.kind() == kinds::DEFAULT_CASE)
        else {
            return;
        };
        let ancestors = syntax::ancestors(checker.root(), select);
        let Some((lp, body)) = enclosing_endless_loop(&ancestors) else {
            return;
        };
        let label = ancestors
            .iter()
            .rev()
            .find(|a| a.kind() == kinds::LABELED_STATEMENT && syntax::contains(**a, lp))
            .filter(|labeled| {
                syntax::named_children(**labeled)
                    .into_iter()
                    .any(|c| c == lp)
            })
            .and_then(|labeled| labeled.field("label"))
            .map(|l| syntax::text(l, checker.source()));
        let spin = Spin { checker, label };
        // The rest of the loop body runs on every turn too: it must not block or leave either.
        let rest_spins = syntax::statements(body)
            .into_iter()
            .filter(|statement| *statement != select)
            .all(|statement| spin.statement(statement, false));
        let default_body = case_body(default);
        if !rest_spins || !default_body.iter().all(|s| spin.statement(*s, true)) {
            return;
        }
        let message = if default_body
            .iter()
            .all(|s| s.kind() == kinds::EMPTY_STATEMENT)
        {
            "empty default case in an endless loop: when no other case is ready, the goroutine spins on a full CPU"
        } else {
            "default case neither blocks nor leaves the endless loop: when no other case is ready, the goroutine spins on a full CPU"
        };
        let keyword = default.child(0).unwrap_or(default);
        let for_keyword = lp.child(0).unwrap_or(lp).byte_range();
        checker
            .report(keyword, message)
            .related(for_keyword, "endless loop here");
    }
}

/// The `for` loop whose body holds the select as one of its own statements, when
/// that loop has no condition (`for {` or `for ;; {`), with its body block.
fn enclosing_endless_loop<'t>(ancestors: &[Node<'t>]) -> Option<(Node<'t>, Node<'t>)> {
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next()?;
    if parent.kind() == kinds::STATEMENT_LIST {
        parent = up.next()?;
    }
    let lp = up.next()?;
    if parent.kind() != kinds::BLOCK
        || lp.kind() != kinds::FOR_STATEMENT
        || lp.field("body") != Some(parent)
    {
        return None;
    }
    let endless = syntax::named_children(lp)
        .into_iter()
        .filter(|c| *c != parent)
        .all(|header| header.kind() == kinds::FOR_CLAUSE && header.field("condition").is_none());
    endless.then_some((lp, parent))
}

/// The statements of a case clause.
fn case_body(case: Node<'_>) -> Vec<Node<'_>> {
    syntax::named_children(case)
        .into_iter()
        .filter(|c| c.kind() == kinds::STATEMENT_LIST)
        .flat_map(syntax::named_children)
        .collect()
}

/// Classifies code on the spinning path.
struct Spin<'c, 'a> {
    checker: &'c Checker<'a>,
    /// The loop's label, if it has one.
    label: Option<&'a str>,
}

impl Spin<'_, '_> {
    /// True when `statement` surely neither blocks nor leaves the loop. `in_select`
    /// says whether an unlabelled `break` here leaves only the select.
    fn statement(&self, statement: Node<'_>, in_select: bool) -> bool {
        self.statement_at(statement, in_select, 0)
    }

    /// `statement`, `depth` levels of nesting below the spinning path's top; nesting
    /// deeper than `MAX_NESTING` is not judged (silent), so no input can exhaust the stack.
    fn statement_at(&self, statement: Node<'_>, in_select: bool, depth: usize) -> bool {
        const MAX_NESTING: usize = 64;
        if depth > MAX_NESTING {
            return false;
        }
        let source = self.checker.source();
        match statement.kind() {
            kinds::EMPTY_STATEMENT => true,
            kinds::INC_STATEMENT
            | kinds::DEC_STATEMENT
            | kinds::ASSIGNMENT_STATEMENT
            | kinds::SHORT_VAR_DECLARATION
            | kinds::VAR_DECLARATION
            | kinds::CONST_DECLARATION => self.expression(statement),
            kinds::EXPRESSION_STATEMENT => {
                !self.checker.terminates(statement) && self.expression(statement)
            }
            kinds::CONTINUE_STATEMENT => match label_of(statement, source) {
                None => true,
                Some(label) => Some(label) == self.label,
            },
            // Unlabelled, it leaves the select (a classic mistake) but not the loop.
            kinds::BREAK_STATEMENT => in_select && label_of(statement, source).is_none(),
            kinds::BLOCK => syntax::statements(statement)
                .into_iter()
                .all(|s| self.statement_at(s, in_select, depth + 1)),
            kinds::IF_STATEMENT => {
                let initializer = statement
                    .field("initializer")
                    .is_none_or(|init| self.statement_at(init, in_select, depth + 1));
                let condition = statement
                    .field("condition")
                    .is_some_and(|condition| self.expression(condition));
                let branches = ["consequence", "alternative"]
                    .into_iter()
                    .filter_map(|field| statement.field(field))
                    .all(|branch| self.statement_at(branch, in_select, depth + 1));
                initializer && condition && branches
            }
            // return, goto, send, go, defer, select, switch, nested loops, labels: not a
            // spin, or not one this rule can be sure of.
            _ => false,
        }
    }

    /// True when evaluating `node` surely does not block: no receive, and only calls
    /// known not to block. Function literals are not evaluated, only created.
    fn expression(&self, node: Node<'_>) -> bool {
        let mut cursor = node.walk();
        loop {
            let current = cursor.node();
            let mut enter = true;
            match current.kind() {
                kinds::FUNC_LITERAL => enter = false,
                kinds::UNARY_EXPRESSION
                    if current
                        .field("operator")
                        .is_some_and(|op| op.kind() == "<-") =>
                {
                    return false;
                }
                kinds::CALL_EXPRESSION if !self.non_blocking_call(current) => return false,
                _ => {}
            }
            if enter && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node() == node {
                    return true;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return true;
                }
            }
        }
    }

    fn non_blocking_call(&self, call: Node<'_>) -> bool {
        let checker = self.checker;
        let source = checker.source();
        match syntax::callee(call, source) {
            Some(syntax::Callee::Ident(name)) => {
                if let Some(target) = checker.qualified_call(call) {
                    return non_blocking_function(target.path, target.name);
                }
                is_builtin(name)
                    && checker
                        .scope(call)
                        .lookup(name, call.start_byte())
                        .is_none()
                    && !checker.index().declares(name)
            }
            Some(syntax::Callee::Selector { operand, name }) => {
                if let Some(target) = checker.qualified_call(call) {
                    return non_blocking_function(target.path, target.name);
                }
                checker
                    .infer(operand)
                    .is_some_and(|receiver| non_blocking_method(&receiver, name))
            }
            None => false,
        }
    }
}

fn label_of<'s>(jump: Node<'_>, source: &'s str) -> Option<&'s str> {
    syntax::named_children(jump)
        .into_iter()
        .find(|c| c.kind() == kinds::LABEL_NAME)
        .map(|label| syntax::text(label, source))
}

/// Builtins and conversions to predeclared types: none of them blocks.
fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "append"
            | "cap"
            | "clear"
            | "complex"
            | "copy"
            | "delete"
            | "imag"
            | "len"
            | "make"
            | "max"
            | "min"
            | "new"
            | "print"
            | "println"
            | "real"
            | "bool"
            | "byte"
            | "complex64"
            | "complex128"
            | "float32"
            | "float64"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "rune"
            | "string"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
    )
}

/// Package-level functions that return promptly. `runtime.Gosched` is deliberately not
/// here: a loop that yields was written by someone who knew it polls.
fn non_blocking_function(path: &str, name: &str) -> bool {
    match path {
        "fmt" => matches!(
            name,
            "Print" | "Printf" | "Println" | "Sprint" | "Sprintf" | "Sprintln" | "Errorf"
        ),
        "log" => matches!(name, "Print" | "Printf" | "Println"),
        "sync/atomic" => [
            "Add",
            "Load",
            "Store",
            "Swap",
            "CompareAndSwap",
            "And",
            "Or",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix)),
        "strconv" | "strings" | "unicode" | "unicode/utf8" | "math" | "math/bits" => true,
        "errors" => matches!(name, "New" | "Is" | "As" | "Unwrap" | "Join"),
        "time" => matches!(name, "Now" | "Since" | "Until" | "Duration" | "Unix"),
        _ => false,
    }
}

/// Methods that return promptly: `*log.Logger` print methods and `sync/atomic` types.
fn non_blocking_method(receiver: &Ty, name: &str) -> bool {
    let receiver = receiver.pointee();
    if receiver.is("log", "Logger") {
        return matches!(name, "Print" | "Printf" | "Println");
    }
    let atomic = [
        "Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer", "Value",
    ];
    atomic.iter().any(|ty| receiver.is("sync/atomic", ty))
        && matches!(
            name,
            "Add" | "Load" | "Store" | "Swap" | "CompareAndSwap" | "And" | "Or"
        )
}
