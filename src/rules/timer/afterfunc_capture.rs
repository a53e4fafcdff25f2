//! `timer-afterfunc-capture`: `time.AfterFunc(d, func() { ... })` whose closure
//! refers to variables of the enclosing function (parameters, the receiver,
//! locals, loop variables) while the returned `*time.Timer` is dropped, so
//! nothing can `Stop` it: everything the closure captured stays reachable until
//! the timer fires.
//!
//! A name counts as captured when it resolves, through the declaration's scope
//! table, to a binding declared outside the literal; package-level names,
//! constants, imports, field names and names declared inside the literal do not.
//! The timer is dropped when the call is a statement of its own (also under `go`
//! or `defer`) or is assigned to `_`. A method value or a named function is not
//! a closure over locals — nor is a literal that only calls one without
//! arguments (`func() { s.flush() }`) — `AfterFunc(0, ...)` fires at once, and
//! test code is skipped: all silent.

use std::ops::Range;

use super::{time_call, walk};
use crate::model::scope::BindingKind;
use crate::rules::prelude::*;

pub struct AfterfuncCapture;

static META: RuleMeta = RuleMeta {
    id: "timer-afterfunc-capture",
    family: Family::Timer,
    severity: Severity::Warning,
    summary: "`time.AfterFunc` closure captures local variables and its `*Timer` is dropped: nothing can stop it",
    page: include_str!("../../../rules/timer-afterfunc-capture.md"),
    needs_import: Some("time"),
    triggers: &["AfterFunc("],
    package_needs: None,
    text_test: None,
    opt_in: true,
};

/// Captured names listed in the message before "and N more".
const SHOWN: usize = 4;

impl Rule for AfterfuncCapture {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        if !time_call(call, "AfterFunc", checker) || checker.in_test_code(call) {
            return;
        }
        let [duration, function] = syntax::call_arguments(call)[..] else {
            return;
        };
        let literal = syntax::unparen(function);
        if literal.kind() != kinds::FUNC_LITERAL
            || fires_at_once(duration, checker.source())
            || wraps_function_value(literal)
        {
            return;
        }
        if !timer_dropped(call, checker) {
            return;
        }
        let captured = captures(literal, checker);
        if captured.is_empty() {
            return;
        }
        let mut names: Vec<&str> = captured.iter().map(|c| c.name.as_str()).collect();
        names.dedup();
        let message = format!(
            "the *time.Timer of time.AfterFunc is dropped, so nothing can stop it, and its closure keeps {} reachable until it fires",
            name_list(&names),
        );
        // The callee, not the whole call: the literal may run for many lines.
        let at = call.field("function").unwrap_or(call);
        let diagnostic = checker.report(at, message);
        for capture in captured.iter().take(SHOWN) {
            diagnostic.related(
                capture.decl.clone(),
                format!("{} declared here", capture.name),
            );
        }
    }
}

/// A variable of an enclosing function that the literal refers to.
struct Capture {
    name: String,
    decl: Range<usize>,
}

/// The variables declared outside `literal` that code inside it refers to, sorted by
/// name and declaration, one entry per variable.
fn captures(literal: Node<'_>, checker: &Checker<'_>) -> Vec<Capture> {
    let source = checker.source();
    let scope = checker.scope(literal);
    let inside = literal.byte_range();
    let mut found: Vec<Capture> = Vec::new();
    walk(literal, &mut |node, ancestors| {
        if node.kind() != kinds::IDENTIFIER || is_field_key(node, ancestors) {
            return true;
        }
        let name = syntax::text(node, source);
        if name == "_" {
            return true;
        }
        // A declaring identifier (`x := ...` inside the literal) refers to nothing outside.
        if scope.bindings().iter().any(|b| b.decl == node.byte_range()) {
            return true;
        }
        let Some(binding) = scope.lookup(name, node.start_byte()) else {
            return true;
        };
        let declared_inside = inside.start <= binding.decl.start && binding.decl.end <= inside.end;
        if declared_inside || binding.kind == BindingKind::Constant {
            return true;
        }
        if !found.iter().any(|c| c.decl == binding.decl) {
            found.push(Capture {
                name: binding.name.clone(),
                decl: binding.decl.clone(),
            });
        }
        true
    });
    found.sort_by(|a, b| (&a.name, a.decl.start).cmp(&(&b.name, b.decl.start)));
    found
}

/// True for the key of a keyed element in a composite literal that is not written
/// as a map literal: there it is a struct field name, not a variable.
fn is_field_key(ident: Node<'_>, ancestors: &[Node<'_>]) -> bool {
    let mut up = ancestors.iter().rev();
    let (Some(element), Some(keyed)) = (up.next(), up.next()) else {
        return false;
    };
    if keyed.kind() != kinds::KEYED_ELEMENT
        || keyed.field("key") != Some(*element)
        || element.named_child_count() != 1
        || element.named_child(0) != Some(ident)
    {
        return false;
    }
    let (Some(value), Some(literal)) = (up.next(), up.next()) else {
        return true;
    };
    let is_map = value.kind() == kinds::LITERAL_VALUE
        && literal.kind() == kinds::COMPOSITE_LITERAL
        && literal
            .field("type")
            .is_some_and(|ty| ty.kind() == kinds::MAP_TYPE);
    !is_map
}

/// `func() { s.flush() }` or `func() { cancel() }`: the literal only calls a function value
/// without arguments, so it is `time.AfterFunc(d, s.flush)` spelled out, and as silent.
fn wraps_function_value(literal: Node<'_>) -> bool {
    let Some(body) = literal.field("body") else {
        return false;
    };
    let [statement] = syntax::statements(body)[..] else {
        return false;
    };
    let Some(call) = statement.named_child(0).map(syntax::unparen).filter(|c| {
        statement.kind() == kinds::EXPRESSION_STATEMENT && c.kind() == kinds::CALL_EXPRESSION
    }) else {
        return false;
    };
    if !syntax::call_arguments(call).is_empty() {
        return false;
    }
    // The callee must be a plain name or a chain of field selections (`s.conn.Close`).
    let mut callee = call.field("function").map(syntax::unparen);
    while let Some(node) = callee {
        match node.kind() {
            kinds::IDENTIFIER => return true,
            kinds::SELECTOR_EXPRESSION => callee = node.field("operand").map(syntax::unparen),
            _ => return false,
        }
    }
    false
}

/// `AfterFunc(0, f)`: runs `f` at once in its own goroutine, like `go f()`.
fn fires_at_once(duration: Node<'_>, source: &str) -> bool {
    let duration = syntax::unparen(duration);
    duration.kind() == kinds::INT_LITERAL && syntax::text(duration, source) == "0"
}

/// True when nothing keeps the `*time.Timer` that `call` returns: the call is a
/// statement of its own (plain, `go` or `defer`) or its result is assigned to `_`.
fn timer_dropped(call: Node<'_>, checker: &Checker<'_>) -> bool {
    let ancestors = syntax::ancestors(checker.root(), call);
    let mut child = call;
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = up.next();
    }
    let Some(parent) = parent else {
        return false;
    };
    match parent.kind() {
        kinds::EXPRESSION_STATEMENT | kinds::GO_STATEMENT | kinds::DEFER_STATEMENT => true,
        kinds::EXPRESSION_LIST => {
            let Some(statement) = up.next() else {
                return false;
            };
            if statement.field("right") != Some(parent) && statement.field("value") != Some(parent)
            {
                return false;
            }
            blank_target(statement, child, checker.source())
        }
        kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION | kinds::VAR_SPEC => {
            blank_target(parent, child, checker.source())
        }
        _ => false,
    }
}

/// True when the target that receives `value` in `statement` is `_`.
fn blank_target(statement: Node<'_>, value: Node<'_>, source: &str) -> bool {
    let Some((targets, values)) = syntax::assignment_sides(statement) else {
        return false;
    };
    if targets.len() != values.len() {
        return false;
    }
    values
        .iter()
        .position(|v| *v == value)
        .and_then(|i| targets.get(i))
        .is_some_and(|target| syntax::is_blank(*target, source))
}

/// `a`, `a and b`, `a, b and c`, or the first few and "and N more".
fn name_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        _ if names.len() > SHOWN => format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::name_list;

    #[test]
    fn lists_names_readably() {
        assert_eq!(name_list(&["r"]), "r");
        assert_eq!(name_list(&["r", "w"]), "r and w");
        assert_eq!(name_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            name_list(&["a", "b", "c", "d", "e", "f"]),
            "a, b, c, d and 2 more"
        );
    }
}
