//! The `ctx` family: context lifecycle. Cancel functions that are discarded or
//! never called, selects that cannot be cancelled, contexts detached from the
//! one in scope. Shared helpers for the family live here.

pub mod background_in_scope;
pub mod cancel_discarded;
pub mod cancel_not_called;
pub mod cancel_premature;
pub mod select_busy_default;
pub mod select_missing_done;

use crate::model::fields::Fields;
use crate::model::known::CANCEL_CONSTRUCTORS;
use crate::model::{kinds, syntax};
use crate::rules::Checker;
use tree_sitter::Node;

pub use crate::model::syntax::walk_with_ancestors as walk;
pub use crate::rules::locals::{
    Local, LocalOracle, Mention, MentionKind, captured_before, classify, creations, local_of,
    mentions, nil_check,
};

/// The qualified name (`context.WithTimeout`) of the constructor `call` invokes, when it returns a cancel
/// function, or of a helper named in `lifelint.toml` `[ctx] cancel`, whose second result
/// is taken to be a cancel function just as `context.WithCancel`'s.
pub fn cancel_constructor(call: Node<'_>, checker: &Checker<'_>) -> Option<String> {
    // The callee's name is the cheap test; resolving the package may build a scope table.
    let name = match syntax::callee(call, checker.source())? {
        syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. } => name,
    };
    if CANCEL_CONSTRUCTORS.contains(&name)
        && let Some(target) = checker.qualified_call(call)
        && target.path == "context"
        && CANCEL_CONSTRUCTORS.contains(&target.name)
    {
        return Some(format!("context.{}", target.name));
    }
    let function = call.field("function")?;
    let spelled = || syntax::text(function, checker.source()).to_string();
    if is_module_canceler(call, checker) {
        return Some(spelled());
    }
    checker.calls_named(call, &checker.settings().extra_cancels)?;
    // A configured helper is named as the call spells it (`mypkg.WithTimeout`).
    Some(spelled())
}

/// True when `call` calls a function of the package (`withDefault(ctx)`) or of another
/// package of the module (`timeouts.WithDefault(ctx)`, resolved through go.mod and
/// go.work) that returns a derived context with its cancel function (see
/// `model::summaries::add_cancelers`). Only in files that import "context", the
/// family's prefilter condition, so a run with and without the prefilter agree.
fn is_module_canceler(call: Node<'_>, checker: &Checker<'_>) -> bool {
    let source = checker.source();
    if !checker.imports().imports("context") {
        return false;
    }
    match syntax::callee(call, source) {
        Some(syntax::Callee::Ident(name)) => {
            checker
                .scope(call)
                .lookup(name, call.start_byte())
                .is_none()
                && package_cancelers(checker).contains(name)
        }
        Some(syntax::Callee::Selector { operand, name }) => {
            let operand = syntax::unparen(operand);
            if operand.kind() != kinds::IDENTIFIER || !name.starts_with(char::is_uppercase) {
                return false;
            }
            let package = syntax::text(operand, source);
            let Some(path) = checker.imports().path_of(package) else {
                return false;
            };
            if checker
                .scope(call)
                .lookup(package, call.start_byte())
                .is_some()
            {
                return false;
            }
            let (Some(dir), Some(summaries)) =
                (checker.file_path().parent(), checker.module_summaries())
            else {
                return false;
            };
            summaries
                .facts_of_import(dir, path)
                .is_some_and(|facts| facts.cancelers.contains(name))
        }
        None => false,
    }
}

/// Whether `body` names a canceler of the package, or of a package of the module that
/// the file imports and the body refers to (`timeouts.` in the body).
fn mentions_canceler(body: Node<'_>, checker: &Checker<'_>) -> bool {
    if !checker.imports().imports("context") {
        return false;
    }
    if package_cancelers(checker)
        .iter()
        .any(|name| checker.contains(body, name))
    {
        return true;
    }
    let (Some(dir), Some(summaries)) = (checker.file_path().parent(), checker.module_summaries())
    else {
        return false;
    };
    checker.imports().named().any(|(name, path)| {
        path != "context"
            && checker.contains(body, &format!("{name}."))
            && summaries
                .facts_of_import(dir, path)
                .is_some_and(|facts| facts.cancelers.iter().any(|c| checker.contains(body, c)))
    })
}

/// The package's own functions that return a derived context and its cancel, found
/// once per package.
fn package_cancelers<'c>(checker: &Checker<'c>) -> &'c std::collections::HashSet<String> {
    checker.package_fact(&crate::rules::facts::CANCELERS)
}

/// Text a file must contain to hold a `select` statement: the keyword and its brace,
/// with the spacing gofmt writes or none, or with the brace on the next line (which Go
/// allows: no semicolon is inserted after `select`). A comment that merely says
/// "select" no longer makes the select rules parse a file.
pub const SELECT_TRIGGERS: &[&str] = &[
    "select {",
    "select{",
    "select\n",
    "select\r",
    "select\t{",
    "select  {",
];

/// A `context.WithTimeout`/`WithDeadline` (or their `Cause` forms) whose deadline has
/// passed when it is made: a duration that is zero or spelled negative (`-time.Second`,
/// `0`), or the deadline `time.Now()`, `time.Now().Add(<negative>)` or the zero
/// `time.Time{}`. Such a context is cancelled (and detached from its parent) inside the
/// constructor, so its cancel function has nothing left to release.
pub fn expired_on_creation(call: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(target) = checker.qualified_call(call) else {
        return false;
    };
    if target.path != "context" {
        return false;
    }
    let Some(limit) = syntax::call_arguments(call).get(1).copied() else {
        return false;
    };
    let source = checker.source();
    match target.name {
        "WithTimeout" | "WithTimeoutCause" => not_positive(limit, source),
        "WithDeadline" | "WithDeadlineCause" => {
            let limit = syntax::unparen(limit);
            let text: String = syntax::text(limit, source)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if text == "time.Now()" || text == "time.Time{}" {
                return true;
            }
            // `time.Now().Add(-d)`
            limit.kind() == kinds::CALL_EXPRESSION
                && syntax::text(limit.field("function").unwrap_or(limit), source)
                    .replace(char::is_whitespace, "")
                    == "time.Now().Add"
                && syntax::call_arguments(limit)
                    .first()
                    .is_some_and(|d| not_positive(*d, source))
        }
        _ => false,
    }
}

/// A duration spelled as zero or negative: `0`, `-time.Second`, `-5 * time.Minute`.
fn not_positive(expression: Node<'_>, source: &str) -> bool {
    let expression = syntax::unparen(expression);
    match expression.kind() {
        kinds::INT_LITERAL => syntax::text(expression, source) == "0",
        kinds::UNARY_EXPRESSION => expression
            .field("operator")
            .is_some_and(|op| syntax::text(op, source) == "-"),
        kinds::BINARY_EXPRESSION => {
            let operator = expression
                .field("operator")
                .map(|op| syntax::text(op, source));
            let (Some(left), Some(right)) = (expression.field("left"), expression.field("right"))
            else {
                return false;
            };
            operator == Some("*") && (not_positive(left, source) != not_positive(right, source))
        }
        _ => false,
    }
}

// Cancel functions kept in locals, shared by `ctx-cancel-not-called` and
// `ctx-cancel-premature`: where one is created. How each mention of a variable
// uses it is `rules::locals`, shared with the other families.

/// `ctx, cancel := context.WithTimeout(parent, d)` (or `=`, or `var`) in a function's
/// own body, whose cancel function goes to a local variable of that function.
#[derive(Debug)]
pub struct CancelSite<'t> {
    /// The statement a path walk sees: the assignment, or its `var` declaration.
    pub statement: Node<'t>,
    /// The `context.With*` call.
    pub call: Node<'t>,
    /// `WithTimeout`, `WithCancelCause`, ...
    pub constructor: String,
    /// The variable that receives the derived context, when it is one.
    pub context: Option<Local>,
    /// The local variable that receives the cancel function.
    pub cancel: Local,
}

/// The cancel sites of `function` itself (not of the literals nested in it). A cancel
/// function stored in a field, an element, a package variable, a parameter, a named
/// result or a variable of an enclosing function is handed off and not listed.
pub fn cancel_sites<'t>(function: Node<'t>, checker: &Checker<'_>) -> Vec<CancelSite<'t>> {
    let Some(body) = function.field("body") else {
        return Vec::new();
    };
    // Every constructor's name has one of these in it (or is a configured helper's):
    // most bodies need no walk at all.
    let extras = &checker.settings().extra_cancels;
    if !["WithCancel", "WithTimeout", "WithDeadline"]
        .iter()
        .any(|name| checker.contains(body, name))
        && !extras
            .iter()
            .filter_map(|name| name.rsplit_once('.'))
            .any(|(_, func)| checker.contains(body, func))
        && !mentions_canceler(body, checker)
    {
        return Vec::new();
    }
    // `ctx, cancel := constructor(...)`: the cancel function is the second target.
    creations(function, checker, |call, targets| {
        (targets.len() == 2).then_some(())?;
        cancel_constructor(call, checker).map(|constructor| (constructor, 1))
    })
    .into_iter()
    .map(|creation| CancelSite {
        statement: creation.statement,
        call: creation.call,
        context: local_of(creation.targets[0], checker).map(|(local, _)| local),
        constructor: creation.what,
        cancel: creation.local,
    })
    .collect()
}

/// True for `func main()` in package `main`: returning from it ends the process.
pub fn is_program_main(function: Node<'_>, checker: &Checker<'_>) -> bool {
    let source = checker.source();
    function.kind() == kinds::FUNCTION_DECLARATION
        && function
            .field("name")
            .is_some_and(|n| syntax::text(n, source) == "main")
        && syntax::named_children(checker.root())
            .into_iter()
            .find(|n| n.kind() == kinds::PACKAGE_CLAUSE)
            .and_then(|clause| syntax::named_children(clause).into_iter().next())
            .is_some_and(|name| syntax::text(name, source) == "main")
}
