//! What functions of the module do with the lifecycle values they touch, learnt
//! from their syntax before rules run: which functions start a span and hand it to
//! their caller (`func StartSpan(ctx, name) (context.Context, trace.Span)`), and which
//! hand the context they are given to a goroutine they start (`func Watch(ctx
//! context.Context, ...) { go func() { <-ctx.Done() ... }() }`): a watcher, poller or
//! server whose lifetime that context sets, so its caller may well give it a fresh one.
//!
//! Two scopes share one definition of a starter: the package being checked (its
//! parsed files, once per package) and the other packages of the same module, found
//! the way the go command finds them: an import path under go.mod's `module` path
//! names the directory under go.mod's directory (`example.com/svc/internal/tracing`
//! is `<root>/internal/tracing`). A `go.work` above the module adds the modules it
//! `use`s: an import path under one of their module paths names a directory of that
//! module, as the go command resolves it in workspace mode. Those directories are read
//! and parsed on first use, once per run, and only when a call names one of their
//! functions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tree_sitter::{Node, Tree};

use crate::model::fields::Fields;
use crate::model::gomod::{GoModCache, GoWork};
use crate::model::known::{CANCEL_CONSTRUCTORS, span_ender};
use crate::model::types::declared_results;
use crate::model::{Imports, Ty, kinds, syntax};

/// A function that starts a span and returns it: how many results it has, which one
/// is the span (the other, if any, is the context), and the span's ending method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StarterFact {
    pub results: usize,
    pub span_index: usize,
    pub ender: &'static str,
}

pub use super::fixpoint::{CallTarget, Starters, WgSettlers};

/// What one package's declarations do: its span starters, and the names of its
/// functions and methods that give their `context.Context` parameter to a goroutine.
#[derive(Debug, Default)]
pub struct PackageFacts {
    pub starters: Starters,
    pub detachers: std::collections::HashSet<String>,
    /// Functions that derive a context and return it with its cancel function.
    pub cancelers: std::collections::HashSet<String>,
    /// What functions and methods do with the `*sync.WaitGroup` they are given.
    pub wg_settlers: WgSettlers,
    /// Functions and methods that wait for a `*sync.WaitGroup` they are given.
    pub wg_waiters: WgWaiters,
    /// Whether one of the package's files imports a tracing API (`imports_tracing`).
    pub imports_tracing: bool,
}

/// (function name or `Type.method`, parameter index) of each function that waits for
/// the WaitGroup it is given (see `add_wg_waiters`).
pub type WgWaiters = std::collections::HashSet<(String, usize)>;

/// What a function does with a `*sync.WaitGroup` parameter: calls `Done` on it on
/// every path out of the function, only on some (a `return` skips it), or never.
/// A function that does anything else with it (passes it on, stores it, captures it
/// in a closure, calls `Add` or `Wait`, calls `Done` in a loop) has no entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WgSettle {
    Every,
    SomePaths,
    Never,
}

/// Words one of which a starter's body must contain: the calls that start a span in
/// the modelled APIs (and in wrappers around them, which are named the same way).
const START_WORDS: &[&str] = &[
    ".Start(",
    "StartSpan",
    "StartSegment",
    "BeginSubsegment",
    "BeginSegment",
    "StartRegion",
    "NewTask",
];

/// The functions and methods of a file that start a goroutine which uses their
/// `context.Context` parameter (named in a `go` statement's call or literal).
pub fn add_detachers(
    root: Node<'_>,
    source: &str,
    imports: &Imports,
    detachers: &mut std::collections::HashSet<String>,
) {
    for decl in syntax::named_children(root) {
        if !matches!(
            decl.kind(),
            kinds::FUNCTION_DECLARATION | kinds::METHOD_DECLARATION
        ) {
            continue;
        }
        let (Some(name), Some(body), Some(params)) = (
            decl.field("name"),
            decl.field("body"),
            decl.field("parameters"),
        ) else {
            continue;
        };
        if !syntax::text(body, source).contains("go ") {
            continue;
        }
        let contexts: Vec<&str> = syntax::named_children(params)
            .into_iter()
            .filter(|p| {
                p.field("type")
                    .and_then(|ty| Ty::from_node(ty, source, imports))
                    .is_some_and(|ty| ty.is("context", "Context"))
            })
            .flat_map(|p| {
                let mut cursor = p.walk();
                p.children_by_field_name("name", &mut cursor)
                    .map(|n| syntax::text(n, source))
                    .collect::<Vec<_>>()
            })
            .collect();
        if contexts.is_empty() {
            continue;
        }
        let mut detaches = false;
        syntax::walk_with_ancestors(body, &mut |node, _| {
            if detaches {
                return false;
            }
            if node.kind() == kinds::GO_STATEMENT {
                syntax::walk_with_ancestors(node, &mut |inner, _| {
                    detaches |= inner.kind() == kinds::IDENTIFIER
                        && contexts.contains(&syntax::text(inner, source));
                    !detaches
                });
                return false;
            }
            true
        });
        if detaches {
            detachers.insert(syntax::text(name, source).to_string());
        }
    }
}

/// The functions of a file that derive a context and hand its cancel function to their
/// caller: `func withDefault(ctx context.Context) (context.Context,
/// context.CancelFunc)` whose body calls `context.WithCancel`, `WithTimeout`,
/// `WithDeadline` (or a `Cause` form). Their callers owe the cancel call as they would
/// for `context.WithTimeout` itself.
pub fn add_cancelers(
    root: Node<'_>,
    source: &str,
    imports: &Imports,
    cancelers: &mut std::collections::HashSet<String>,
) {
    for decl in syntax::named_children(root) {
        if decl.kind() != kinds::FUNCTION_DECLARATION {
            continue;
        }
        let (Some(name), Some(body)) = (decl.field("name"), decl.field("body")) else {
            continue;
        };
        let body = syntax::text(body, source);
        if !CANCEL_CONSTRUCTORS
            .iter()
            .any(|c| body.contains(&format!("{c}(")))
        {
            continue;
        }
        if let Some([first, second]) = declared_results(decl, source, imports).as_deref()
            && first.is("context", "Context")
            && (second.is("context", "CancelFunc") || second.is("context", "CancelCauseFunc"))
        {
            cancelers.insert(syntax::text(name, source).to_string());
        }
    }
}

/// The functions of a file that only read a span parameter: every use of it calls a
/// method that does not end it (`span.SetAttributes(...)`, `span.IsRecording()`),
/// passes it to `fmt`/`log` printing, or compares it with `nil`. Such a helper
/// (`func annotate(span trace.Span, r *http.Request)`) does not take the span over:
/// its caller still owes the End. Anything else (ending it, storing, returning,
/// sending or passing it on, a closure capturing it, a variable of the same name
/// declared in the body, a variadic parameter) makes the function not a reader.
/// Entries are (function name, parameter index).
pub fn add_span_readers(
    root: Node<'_>,
    source: &str,
    imports: &Imports,
    readers: &mut std::collections::HashSet<(String, usize)>,
) {
    for decl in syntax::named_children(root) {
        if decl.kind() != kinds::FUNCTION_DECLARATION {
            continue;
        }
        let (Some(name), Some(body), Some(params)) = (
            decl.field("name"),
            decl.field("body"),
            decl.field("parameters"),
        ) else {
            continue;
        };
        for (index, param_name, ty) in parameters(params, source, imports) {
            let (Some(param_name), Some(ender)) = (param_name, ty.as_ref().and_then(span_ender))
            else {
                continue;
            };
            let param_name = syntax::text(param_name, source);
            if param_name != "_" && only_reads(body, param_name, ender, source, imports) {
                readers.insert((syntax::text(name, source).to_string(), index));
            }
        }
    }
}

/// The parameters of a declaration in order: each with its position, its name (`None`
/// for an unnamed one) and its type when recognised (never for a variadic one).
fn parameters<'t>(
    params: Node<'t>,
    source: &str,
    imports: &Imports,
) -> Vec<(usize, Option<Node<'t>>, Option<Ty>)> {
    let mut out = Vec::new();
    for param in syntax::named_children(params)
        .into_iter()
        .filter(|p| p.kind() != "comment")
    {
        let names: Vec<Node<'t>> = {
            let mut cursor = param.walk();
            param.children_by_field_name("name", &mut cursor).collect()
        };
        let ty = (param.kind() == "parameter_declaration")
            .then(|| param.field("type"))
            .flatten()
            .and_then(|ty| Ty::from_node(ty, source, imports));
        if names.is_empty() {
            out.push((out.len(), None, ty));
        } else {
            for name in names {
                out.push((out.len(), Some(name), ty.clone()));
            }
        }
    }
    out
}

/// True when every mention of `name` in `body` reads the span (see `add_span_readers`).
fn only_reads(body: Node<'_>, name: &str, ender: &str, source: &str, imports: &Imports) -> bool {
    let mut reads = true;
    syntax::walk_with_ancestors(body, &mut |node, ancestors| {
        if !reads {
            return false;
        }
        if node.kind() == kinds::FUNC_LITERAL && syntax::text(node, source).contains(name) {
            reads = false;
            return false;
        }
        if node.kind() != kinds::IDENTIFIER || syntax::text(node, source) != name {
            return true;
        }
        let Some(&parent) = ancestors.last() else {
            reads = false;
            return false;
        };
        let grandparent = ancestors.len().checked_sub(2).map(|i| ancestors[i]);
        reads = match parent.kind() {
            // `span.Method(...)`, not an ender.
            kinds::SELECTOR_EXPRESSION => {
                parent.field("operand") == Some(node)
                    && grandparent.is_some_and(|g| {
                        g.kind() == kinds::CALL_EXPRESSION && g.field("function") == Some(parent)
                    })
                    && parent.field("field").is_some_and(|f| {
                        !crate::model::sdks::ends_span(syntax::text(f, source), ender)
                    })
            }
            kinds::BINARY_EXPRESSION => parent
                .field("operator")
                .is_some_and(|o| matches!(syntax::text(o, source), "==" | "!=")),
            // An argument of a printing or logging function (`fmt.Printf("%v", span)`).
            kinds::ARGUMENT_LIST => grandparent.is_some_and(|call| {
                let Some(syntax::Callee::Selector { operand, name }) = syntax::callee(call, source)
                else {
                    return false;
                };
                imports
                    .path_of(syntax::text(operand, source))
                    .is_some_and(|path| crate::model::known::logs_its_arguments(path, name))
            }),
            _ => false,
        };
        reads
    });
    reads
}

/// The key of a top-level function (`name`) or method (`Type.name`) declaration.
fn declaration_key(decl: Node<'_>, source: &str) -> Option<String> {
    let name = syntax::text(decl.field("name")?, source);
    match decl.kind() {
        kinds::FUNCTION_DECLARATION => Some(name.to_string()),
        kinds::METHOD_DECLARATION => {
            let receiver = crate::model::types::receiver_type_name(decl, source)?;
            Some(format!("{receiver}.{name}"))
        }
        _ => None,
    }
}

/// What the functions and methods of a file do with each `*sync.WaitGroup` parameter
/// (see `WgSettle`). `Done` deferred at the top of the body, or in a deferred closure
/// there, settles every path; otherwise the body is walked (`model::paths`) with the
/// `Done` owed from its first statement, and only a `return` that an owing path
/// reaches makes it `SomePaths` (falling off the end may follow a call that never
/// returns and is not modelled).
pub fn add_wg_settlers(root: Node<'_>, source: &str, imports: &Imports, found: &mut WgSettlers) {
    for parameter in wait_group_parameters(root, source, imports) {
        let key = (parameter.key, parameter.index);
        let settle = match parameter.name.map(|n| syntax::text(n, source)) {
            None | Some("_") => Some((WgSettle::Never, Vec::new())),
            Some(name) => wg_settle(parameter.decl, parameter.body, name, source, imports),
        };
        match settle {
            Some((settle, passes)) if passes.is_empty() => found.insert(key, settle),
            Some((settle, passes)) => found.insert_pending(key, settle, passes),
            None => {}
        }
    }
}

/// A `*sync.WaitGroup` parameter of a function or method declaration.
struct WaitGroupParameter<'t> {
    /// The declaration's key (`name` or `Type.name`), the declaration and its body.
    key: String,
    decl: Node<'t>,
    body: Node<'t>,
    /// The parameter's position, and its name (`None` when unnamed).
    index: usize,
    name: Option<Node<'t>>,
}

/// Every `*sync.WaitGroup` parameter of the file's functions and methods with a body.
fn wait_group_parameters<'t>(
    root: Node<'t>,
    source: &str,
    imports: &Imports,
) -> Vec<WaitGroupParameter<'t>> {
    let mut out = Vec::new();
    for decl in syntax::named_children(root) {
        let (Some(key), Some(body), Some(params)) = (
            declaration_key(decl, source),
            decl.field("body"),
            decl.field("parameters"),
        ) else {
            continue;
        };
        for (index, name, ty) in parameters(params, source, imports) {
            if matches!(&ty, Some(Ty::Pointer(inner)) if inner.is("sync", "WaitGroup")) {
                out.push(WaitGroupParameter {
                    key: key.clone(),
                    decl,
                    body,
                    index,
                    name,
                });
            }
        }
    }
    out
}

/// The functions and methods of a file that wait for a `*sync.WaitGroup` parameter
/// whenever they are called: `wg.Wait()` is a statement of the body itself, and no
/// statement before it can return (`func waitAll(wg *sync.WaitGroup) { wg.Wait();
/// close(done) }`). Calling one is calling `Wait`.
pub fn add_wg_waiters(root: Node<'_>, source: &str, imports: &Imports, found: &mut WgWaiters) {
    for parameter in wait_group_parameters(root, source, imports) {
        if let Some(name) = parameter.name
            && waits_whenever_called(parameter.body, syntax::text(name, source), source)
        {
            found.insert((parameter.key, parameter.index));
        }
    }
}

/// True when a statement of `body` itself is `name.Wait()` and no statement before it
/// holds a `return` (or a `goto`, or a `panic`) that could leave first.
fn waits_whenever_called(body: Node<'_>, name: &str, source: &str) -> bool {
    let wait = format!("{name}.Wait()");
    for statement in syntax::statements(body) {
        let text = syntax::text(statement, source);
        if statement.kind() == kinds::EXPRESSION_STATEMENT && text.trim() == wait {
            return true;
        }
        if ["return", "goto", "panic"]
            .iter()
            .any(|word| text.contains(word))
        {
            return false;
        }
    }
    false
}

/// What `body` does with the WaitGroup parameter `name`, with the calls it hands the
/// parameter to (each callee and argument index): the answer holds when each of them
/// settles it on every path (`fixpoint::WgSettlers`). `None` when it does anything
/// else with it than call `Done` or hand it to a function in a plain call statement.
type Settle = (WgSettle, super::fixpoint::Handovers);

fn wg_settle(
    decl: Node<'_>,
    body: Node<'_>,
    name: &str,
    source: &str,
    imports: &Imports,
) -> Option<Settle> {
    let mut dones: Vec<std::ops::Range<usize>> = Vec::new();
    let mut passes: super::fixpoint::Handovers = Vec::new();
    let mut deferred_at_top = false;
    let mut followable = true;
    syntax::walk_with_ancestors(body, &mut |node, ancestors| {
        if !followable {
            return false;
        }
        if node.kind() != kinds::IDENTIFIER || syntax::text(node, source) != name {
            return true;
        }
        // `work(wg)`, `pkg.Work(wg)`, `recv.work(wg)` as a statement of the body: the
        // call settles the WaitGroup where the callee does.
        if let Some((call, target, position)) = handed_to(decl, node, ancestors, source, imports) {
            dones.push(call.byte_range());
            passes.push((target, position));
            return true;
        }
        // `name.Done()`, and nothing else.
        let call = ancestors
            .last()
            .filter(|p| {
                p.kind() == kinds::SELECTOR_EXPRESSION
                    && p.field("operand") == Some(node)
                    && p.field("field")
                        .is_some_and(|f| syntax::text(f, source) == "Done")
            })
            .and(ancestors.len().checked_sub(2).map(|i| ancestors[i]))
            .filter(|g| g.kind() == kinds::CALL_EXPRESSION);
        let Some(call) = call else {
            followable = false;
            return false;
        };
        let inner: Vec<&Node<'_>> = ancestors
            .iter()
            .filter(|a| a.kind() == kinds::FUNC_LITERAL || a.kind() == kinds::FOR_STATEMENT)
            .collect();
        let top_defer = |statement: &Node<'_>| {
            statement.kind() == kinds::DEFER_STATEMENT
                && statement.parent().is_some_and(|p| {
                    p == body || p.kind() == kinds::STATEMENT_LIST && p.parent() == Some(body)
                })
        };
        match inner.as_slice() {
            [] => {
                if call.parent().is_some_and(|p| top_defer(&p)) {
                    deferred_at_top = true;
                }
                dones.push(call.byte_range());
            }
            // `defer func() { ...; wg.Done() }()` at the top of the body.
            [literal] if literal.kind() == kinds::FUNC_LITERAL => {
                let deferred = literal
                    .parent()
                    .filter(|c| c.kind() == kinds::CALL_EXPRESSION)
                    .and_then(|c| c.parent())
                    .is_some_and(|s| top_defer(&s));
                if !deferred {
                    followable = false;
                    return false;
                }
                deferred_at_top = true;
            }
            // In a loop (one `Done` per item) or another closure: not followed.
            _ => {
                followable = false;
                return false;
            }
        }
        true
    });
    if !followable {
        return None;
    }
    if deferred_at_top && passes.is_empty() {
        return Some((WgSettle::Every, passes));
    }
    if dones.is_empty() {
        return Some((WgSettle::Never, passes));
    }
    let oracle = OwedDone {
        dones: &dones,
        source,
        imports,
    };
    let summary = crate::model::paths::walk_paths(decl, source, &oracle)?;
    let skipped = summary
        .leaks
        .iter()
        .any(|exit| matches!(exit, crate::model::paths::Exit::Return(_)));
    let settle = if skipped {
        WgSettle::SomePaths
    } else {
        WgSettle::Every
    };
    Some((settle, passes))
}

/// When the mention `ident` of a WaitGroup parameter is an argument, as is, of a call
/// that is a statement of the body itself (not in a loop, a literal, a `go` or a
/// `defer`): the call, its callee as a summary names it, and the argument's index.
fn handed_to<'t>(
    decl: Node<'_>,
    ident: Node<'t>,
    ancestors: &[Node<'t>],
    source: &str,
    imports: &Imports,
) -> Option<(Node<'t>, CallTarget, usize)> {
    let (&call, &list) = (ancestors.iter().rev().nth(1)?, ancestors.last()?);
    if list.kind() != kinds::ARGUMENT_LIST || call.kind() != kinds::CALL_EXPRESSION {
        return None;
    }
    let statement = call
        .parent()
        .filter(|p| p.kind() == kinds::EXPRESSION_STATEMENT)?;
    let in_body = statement
        .parent()
        .is_some_and(|p| p.kind() == kinds::STATEMENT_LIST || p.kind() == kinds::BLOCK);
    let nested = ancestors
        .iter()
        .any(|a| kinds::FUNCTIONS.contains(&a.kind()) || a.kind() == kinds::FOR_STATEMENT);
    if !in_body || nested || syntax::text(list, source).contains("...") {
        return None;
    }
    let position = syntax::named_children(list)
        .into_iter()
        .filter(|arg| arg.kind() != "comment")
        .position(|arg| arg == ident)?;
    Some((call, call_target(decl, call, source, imports)?, position))
}

/// A function owes its WaitGroup parameter's `Done` from its first statement; a
/// statement holding one of the `Done` calls settles it.
struct OwedDone<'o> {
    dones: &'o [std::ops::Range<usize>],
    source: &'o str,
    imports: &'o Imports,
}

impl crate::model::paths::PathOracle for OwedDone<'_> {
    fn creates(&self, _node: Node<'_>) -> bool {
        false
    }

    fn settles(&self, node: Node<'_>) -> bool {
        syntax::contains_any(node, self.dones)
    }

    /// `panic(...)`, and the imported functions that never return (`os.Exit`,
    /// `log.Fatal`): without a scope, a local `panic` is not told apart.
    fn terminates(&self, statement: Node<'_>) -> bool {
        if statement.kind() != kinds::EXPRESSION_STATEMENT {
            return false;
        }
        let Some(call) = statement.named_child(0).map(syntax::unparen) else {
            return false;
        };
        match syntax::callee(call, self.source) {
            Some(syntax::Callee::Ident("panic")) => true,
            Some(syntax::Callee::Selector { operand, name }) => self
                .imports
                .path_of(syntax::text(syntax::unparen(operand), self.source))
                .is_some_and(|path| crate::model::known::never_returns(path, name)),
            _ => false,
        }
    }

    fn open_at_entry(&self) -> bool {
        true
    }
}

/// The span starters among the top-level function and method declarations of a file:
/// a function by its name (`startOp`), a method by its receiver's type and its name
/// (`tracerWrapper.StartSpan`). A declaration with a starter's signature whose body
/// names no start but calls other functions is pending on them (`fixpoint`).
pub fn add_starters(root: Node<'_>, source: &str, imports: &Imports, starters: &mut Starters) {
    // A starter's result names a span type of a modelled API: its file imports one.
    if !imports_tracing(imports) {
        return;
    }
    for decl in syntax::named_children(root) {
        let (Some(key), Some(body)) = (declaration_key(decl, source), decl.field("body")) else {
            continue;
        };
        let Some(fact) = starter_signature(decl, source, imports) else {
            continue;
        };
        let text = syntax::text(body, source);
        // Taking the span a context already carries (`trace.SpanFromContext(ctx)`) starts
        // nothing; Datadog's and OpenTracing's `StartSpanFromContext` do start one.
        let takes_existing = text
            .match_indices("SpanFromContext(")
            .any(|(at, _)| !text[..at].ends_with("Start"));
        if takes_existing {
            continue;
        }
        if START_WORDS.iter().any(|word| text.contains(word)) {
            starters.insert(key, fact);
        } else {
            let calls = call_targets(decl, body, source, imports);
            if !calls.is_empty() {
                starters.insert_pending(key, fact, calls);
            }
        }
    }
}

/// Whether the file imports a package of a modelled tracing API (dot-imports included).
fn imports_tracing(imports: &Imports) -> bool {
    imports
        .named()
        .map(|(_, path)| path)
        .chain(imports.dot_paths())
        .any(crate::model::sdks::is_tracing_import)
}

/// What a starter's signature says: which result is the span (a span type of a
/// modelled API; with two results the other is a `context.Context`).
fn starter_signature(decl: Node<'_>, source: &str, imports: &Imports) -> Option<StarterFact> {
    let types = declared_results(decl, source, imports)?;
    if types.is_empty() || types.len() > 2 {
        return None;
    }
    let enders: Vec<Option<&'static str>> = types.iter().map(span_ender).collect();
    let span_index = enders.iter().position(Option::is_some)?;
    if enders.iter().filter(|e| e.is_some()).count() != 1 {
        return None;
    }
    if types.len() == 2 && !types[1 - span_index].is("context", "Context") {
        return None;
    }
    Some(StarterFact {
        results: types.len(),
        span_index,
        ender: enders[span_index]?,
    })
}

/// The calls in `body` whose callee a summary table can name: `name(...)` (a function
/// of the package), `recv.name(...)` on the declaration's own receiver (`Type.name`),
/// and `pkg.Name(...)` of an imported package.
fn call_targets(
    decl: Node<'_>,
    body: Node<'_>,
    source: &str,
    imports: &Imports,
) -> Vec<CallTarget> {
    let mut calls = Vec::new();
    syntax::walk_with_ancestors(body, &mut |node, _| {
        if node.kind() == kinds::CALL_EXPRESSION
            && let Some(target) = call_target(decl, node, source, imports)
            && !calls.contains(&target)
        {
            calls.push(target);
        }
        true
    });
    calls
}

/// The callee of `call` as `call_targets` names it.
fn call_target(
    decl: Node<'_>,
    call: Node<'_>,
    source: &str,
    imports: &Imports,
) -> Option<CallTarget> {
    match syntax::callee(call, source)? {
        syntax::Callee::Ident(name) => Some(CallTarget::Own(name.to_string())),
        syntax::Callee::Selector { operand, name } => {
            let operand = syntax::text(syntax::unparen(operand), source);
            if let Some(path) = imports.path_of(operand) {
                return Some(CallTarget::Imported {
                    path: path.to_string(),
                    name: name.to_string(),
                });
            }
            let receiver = decl.field("receiver")?;
            let receiver_name = syntax::named_children(receiver)
                .into_iter()
                .find_map(|p| p.field("name"))?;
            (syntax::text(receiver_name, source) == operand).then(|| {
                let type_name = crate::model::types::receiver_type_name(decl, source)?;
                Some(CallTarget::Own(format!("{type_name}.{name}")))
            })?
        }
    }
}

/// The other packages of the modules a run touches, summarised on first use and
/// shared by every package of the run (and every thread).
pub struct ModuleSummaries {
    parse: fn(&str) -> Option<Tree>,
    go_mods: GoModCache,
    /// Directory -> what its declarations do (empty when it holds no Go file or none parses).
    packages: Mutex<HashMap<PathBuf, Arc<PackageFacts>>>,
    /// Module root -> the modules of the `go.work` that governs it (module path, root).
    workspaces: Mutex<HashMap<PathBuf, Arc<Workspace>>>,
    /// Directory -> a hash of the names and bytes of the files `summarise_dir` reads
    /// there: what a cached result that consulted the directory depends on.
    fingerprints: Mutex<HashMap<PathBuf, u128>>,
    /// Directory -> whether one of those files imports a tracing API (read from the
    /// bytes, without parsing: see `imports_tracing`).
    tracing_importers: Mutex<HashMap<PathBuf, bool>>,
}

/// The module's summaries as the check of one package sees them: every directory it
/// consults is remembered, so the result cache knows what the package's findings
/// depend on beyond its own files.
pub struct ModuleView {
    summaries: Arc<ModuleSummaries>,
    consulted: Mutex<std::collections::BTreeSet<PathBuf>>,
}

impl ModuleView {
    pub fn new(summaries: Arc<ModuleSummaries>) -> Self {
        ModuleView {
            summaries,
            consulted: Mutex::new(std::collections::BTreeSet::new()),
        }
    }

    /// `ModuleSummaries::facts_of_import`, remembering the directory consulted.
    pub fn facts_of_import(&self, from_dir: &Path, import_path: &str) -> Option<Arc<PackageFacts>> {
        let dir = self.summaries.dir_of_import(from_dir, import_path)?;
        self.consulted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(dir.clone());
        Some(self.summaries.facts_of_dir(dir))
    }

    /// `ModuleSummaries::imports_tracing` of the package `import_path` names, seen from
    /// `from_dir`; false when it is not a package of the module or its workspace. The
    /// directory counts as consulted.
    pub fn imports_tracing(&self, from_dir: &Path, import_path: &str) -> bool {
        let Some(dir) = self.summaries.dir_of_import(from_dir, import_path) else {
            return false;
        };
        self.consulted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(dir.clone());
        self.summaries.imports_tracing(&dir)
    }

    /// The directories consulted so far, in path order.
    pub fn consulted(&self) -> Vec<PathBuf> {
        self.consulted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

/// The modules of a workspace: each module path with its root directory.
type Workspace = Vec<(String, PathBuf)>;

/// Files above this size are not read for summaries (generated code, data).
const MAX_SUMMARY_FILE: u64 = 2 * 1024 * 1024;

impl ModuleSummaries {
    /// `parse` is the engine's parser (one per thread).
    pub fn new(parse: fn(&str) -> Option<Tree>) -> Self {
        ModuleSummaries {
            parse,
            go_mods: GoModCache::default(),
            packages: Mutex::new(HashMap::new()),
            workspaces: Mutex::new(HashMap::new()),
            fingerprints: Mutex::new(HashMap::new()),
            tracing_importers: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a file the summary of `dir` reads imports a package of a modelled
    /// tracing API: only then can the package hold a span starter (a starter's
    /// signature names a span type of such an API). Read from the bytes, once per run.
    pub fn imports_tracing(&self, dir: &Path) -> bool {
        if let Some(known) = self.tracing_lock().get(dir) {
            return *known;
        }
        // A directory already summarised was read then: not again.
        if let Some(facts) = self.lock().get(dir) {
            return facts.imports_tracing;
        }
        let mut fingerprint = DirFingerprint::default();
        let mut imports = false;
        for path in summary_files(dir) {
            let bytes = std::fs::read(&path).ok();
            fingerprint.add(&path, bytes.as_deref());
            // Non-UTF-8 files are skipped, as `summarise_dir` skips them.
            imports |= bytes.as_deref().is_some_and(|bytes| {
                std::str::from_utf8(bytes).is_ok()
                    && crate::model::imports::import_paths(bytes)
                        .into_iter()
                        .any(crate::model::sdks::is_tracing_import)
            });
        }
        self.fingerprints_lock()
            .entry(dir.to_path_buf())
            .or_insert_with(|| fingerprint.finish());
        self.tracing_lock().insert(dir.to_path_buf(), imports);
        imports
    }

    fn tracing_lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, bool>> {
        self.tracing_importers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What the package imported as `import_path` from a file in `from_dir` declares,
    /// when that path lies inside the module that holds `from_dir`, or inside another
    /// module of its workspace (`go.work`).
    pub fn facts_of_import(&self, from_dir: &Path, import_path: &str) -> Option<Arc<PackageFacts>> {
        let dir = self.dir_of_import(from_dir, import_path)?;
        Some(self.facts_of_dir(dir))
    }

    /// What the package in `dir` declares, summarised on first use.
    fn facts_of_dir(&self, dir: PathBuf) -> Arc<PackageFacts> {
        if let Some(known) = self.lock().get(&dir) {
            return Arc::clone(known);
        }
        // Summarised outside the lock: two threads may both do it, and agree.
        let (facts, fingerprint) = self.summarise_dir(&dir);
        let facts = Arc::new(facts);
        self.fingerprints_lock().insert(dir.clone(), fingerprint);
        self.lock().insert(dir, Arc::clone(&facts));
        facts
    }

    /// Drops the summaries of the directories whose files changed since they were
    /// summarised (a file added, removed or edited), so the next use summarises them
    /// again; the others are kept. The Language Server calls it when files may have
    /// changed on disk (a save, an open, a close).
    pub fn refresh(&self) {
        let known: Vec<(PathBuf, u128)> = self
            .fingerprints_lock()
            .iter()
            .map(|(dir, fingerprint)| (dir.clone(), *fingerprint))
            .collect();
        for (dir, before) in known {
            if DirFingerprint::of(&dir) != before {
                self.fingerprints_lock().remove(&dir);
                self.tracing_lock().remove(&dir);
                self.lock().remove(&dir);
            }
        }
        // go.mod and go.work may have changed too: they are cheap to read again.
        self.go_mods.clear();
        self.workspaces
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    /// A hash of the names and bytes of the files the summary of `dir` reads (the same
    /// files, read again only when this run has not summarised `dir` yet).
    pub fn fingerprint_of(&self, dir: &Path) -> u128 {
        if let Some(known) = self.fingerprints_lock().get(dir) {
            return *known;
        }
        let fingerprint = DirFingerprint::of(dir);
        self.fingerprints_lock()
            .insert(dir.to_path_buf(), fingerprint);
        fingerprint
    }

    fn fingerprints_lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, u128>> {
        self.fingerprints
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The directory `import_path` names, seen from `from_dir`: under the root of the
    /// module that holds `from_dir`, or of a module its workspace uses (the longest
    /// module path that is a prefix of the import path wins, as in the go command).
    fn dir_of_import(&self, from_dir: &Path, import_path: &str) -> Option<PathBuf> {
        let go_mod = self.go_mods.nearest(from_dir)?;
        let module = go_mod.module.as_deref()?;
        let root = go_mod.dir.as_deref()?;
        if let Some(dir) = dir_under(module, root, import_path) {
            return Some(dir);
        }
        let workspace = self.workspace_of(root);
        workspace
            .iter()
            .filter(|(path, dir)| path != module && dir.as_path() != root)
            .filter_map(|(path, dir)| Some((path.len(), dir_under(path, dir, import_path)?)))
            .max_by_key(|(len, _)| *len)
            .map(|(_, dir)| dir)
    }

    /// The modules of the `go.work` in `module_root` or the nearest directory above it
    /// (module path and root of each `use`d directory whose go.mod names one), when
    /// that workspace uses `module_root` itself; empty otherwise.
    fn workspace_of(&self, module_root: &Path) -> Arc<Workspace> {
        let known = self
            .workspaces
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(module_root)
            .cloned();
        if let Some(known) = known {
            return known;
        }
        let mut modules = Vec::new();
        if let Some(work) = GoWork::nearest(module_root)
            && work.uses.iter().any(|dir| dir == module_root)
        {
            for dir in &work.uses {
                if let Some(go_mod) = self.go_mods.nearest(dir)
                    && go_mod.dir.as_deref() == Some(dir.as_path())
                    && let Some(path) = &go_mod.module
                {
                    modules.push((path.clone(), dir.clone()));
                }
            }
        }
        let modules = Arc::new(modules);
        self.workspaces
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(module_root.to_path_buf(), Arc::clone(&modules));
        modules
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<PackageFacts>>> {
        self.packages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What the non-test Go files of `dir` declare, read in name order of files (so
    /// that a name declared twice resolves the same way every run).
    fn summarise_dir(&self, dir: &Path) -> (PackageFacts, u128) {
        let mut facts = PackageFacts::default();
        let mut fingerprint = DirFingerprint::default();
        for path in summary_files(dir) {
            let bytes = std::fs::read(&path).ok();
            fingerprint.add(&path, bytes.as_deref());
            let Some(Ok(text)) = bytes.map(String::from_utf8) else {
                continue;
            };
            // Cheap tests first: a file that imports no tracing API, starts no goroutine
            // and names no cancel function nor WaitGroup says nothing.
            let starts = crate::model::imports::import_paths(text.as_bytes())
                .into_iter()
                .any(crate::model::sdks::is_tracing_import);
            facts.imports_tracing |= starts;
            let detaches = text.contains("go ") && text.contains("context");
            let cancels = text.contains("CancelFunc") || text.contains("CancelCauseFunc");
            let waits = text.contains("WaitGroup");
            if !starts && !detaches && !cancels && !waits {
                continue;
            }
            let Some(tree) = (self.parse)(&text) else {
                continue;
            };
            let root = tree.root_node();
            let imports = Imports::from_file(root, &text);
            if starts {
                add_starters(root, &text, &imports, &mut facts.starters);
            }
            if detaches {
                add_detachers(root, &text, &imports, &mut facts.detachers);
            }
            if cancels {
                add_cancelers(root, &text, &imports, &mut facts.cancelers);
            }
            if waits {
                add_wg_settlers(root, &text, &imports, &mut facts.wg_settlers);
                add_wg_waiters(root, &text, &imports, &mut facts.wg_waiters);
            }
        }
        (facts, fingerprint.finish())
    }
}

/// The files whose declarations a package's summary reads: its non-test Go files up to
/// `MAX_SUMMARY_FILE`, in name order (so that a name declared twice resolves the same
/// way every run).
fn summary_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "go")
                && !path.to_string_lossy().ends_with("_test.go")
                && path
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.len() <= MAX_SUMMARY_FILE)
        })
        .collect();
    paths.sort();
    paths
}

/// Hashes a directory's summary files: each name with its bytes (or that it could not
/// be read).
#[derive(Default)]
struct DirFingerprint(xxhash_rust::xxh3::Xxh3Default);

impl DirFingerprint {
    /// The fingerprint of `dir`'s summary files as they are now.
    fn of(dir: &Path) -> u128 {
        let mut fingerprint = DirFingerprint::default();
        for path in summary_files(dir) {
            fingerprint.add(&path, std::fs::read(&path).ok().as_deref());
        }
        fingerprint.finish()
    }

    fn add(&mut self, path: &Path, bytes: Option<&[u8]>) {
        let name = path.file_name().unwrap_or_default().as_encoded_bytes();
        self.0.update(&(name.len() as u64).to_le_bytes());
        self.0.update(name);
        match bytes {
            Some(bytes) => {
                self.0.update(&(bytes.len() as u64).to_le_bytes());
                self.0.update(bytes);
            }
            None => self.0.update(&u64::MAX.to_le_bytes()),
        }
    }

    fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// The directory under `root` that `import_path` names when it lies inside the module
/// `module`; nothing that climbs out of the module.
fn dir_under(module: &str, root: &Path, import_path: &str) -> Option<PathBuf> {
    let rest = match import_path.strip_prefix(module)? {
        "" => "",
        rest => rest.strip_prefix('/')?,
    };
    if rest
        .split('/')
        .any(|part| part == ".." || part == "." || part.starts_with('.'))
    {
        return None;
    }
    Some(if rest.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::parse;

    fn starters(src: &str) -> Starters {
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        let mut found = Starters::default();
        add_starters(tree.root_node(), src, &imports, &mut found);
        found
    }

    #[test]
    fn a_function_that_starts_and_returns_a_span_is_a_starter() {
        let found = starters(
            "package tracing\n\nimport (\n\t\"context\"\n\t\"go.opentelemetry.io/otel/trace\"\n)\n\nfunc StartSpan(ctx context.Context, name string) (context.Context, trace.Span) {\n\treturn tracer.Start(ctx, name)\n}\n\nfunc Current(ctx context.Context) trace.Span {\n\treturn trace.SpanFromContext(ctx)\n}\n",
        );
        assert_eq!(
            found.get("StartSpan", &|_| None),
            Some(StarterFact {
                results: 2,
                span_index: 1,
                ender: "End"
            })
        );
        assert!(found.get("Current", &|_| None).is_none());
    }

    /// A wrapper whose body calls another starter of the package (or of an imported
    /// package of the module) instead of a modelled start is a starter too.
    #[test]
    fn a_function_returning_the_span_of_a_starter_it_calls_is_a_starter() {
        let found = starters(
            "package tracing\n\nimport (\n\t\"context\"\n\t\"go.opentelemetry.io/otel/trace\"\n\t\"example.com/svc/obs\"\n)\n\nfunc open(ctx context.Context, name string) (context.Context, trace.Span) {\n\treturn tracer.Start(ctx, name)\n}\n\nfunc Op(ctx context.Context) (context.Context, trace.Span) {\n\treturn open(ctx, \"op\")\n}\n\nfunc (w *W) Task(ctx context.Context) (context.Context, trace.Span) {\n\treturn w.begin(ctx)\n}\n\nfunc (w *W) begin(ctx context.Context) (context.Context, trace.Span) {\n\treturn Op(ctx)\n}\n\nfunc Remote(ctx context.Context) (context.Context, trace.Span) {\n\treturn obs.Begin(ctx)\n}\n\nfunc Loop(ctx context.Context) (context.Context, trace.Span) {\n\treturn Loop(ctx)\n}\n\nfunc Current(ctx context.Context) (context.Context, trace.Span) {\n\treturn ctx, trace.SpanFromContext(ctx)\n}\n",
        );
        let none: crate::model::fixpoint::Lookup<'_> = &|_| None;
        for key in ["open", "Op", "W.Task", "W.begin"] {
            assert!(found.get(key, none).is_some(), "{key}");
        }
        for key in ["Remote", "Loop", "Current"] {
            assert!(found.get(key, none).is_none(), "{key}");
        }
        let mut obs = PackageFacts::default();
        obs.starters.insert(
            "Begin".to_string(),
            StarterFact {
                results: 2,
                span_index: 1,
                ender: "End",
            },
        );
        let obs = Arc::new(obs);
        let lookup: crate::model::fixpoint::Lookup<'_> =
            &|path| (path == "example.com/svc/obs").then(|| Arc::clone(&obs));
        assert!(found.get("Remote", lookup).is_some());
    }

    #[test]
    fn functions_that_give_their_context_to_a_goroutine_are_detachers() {
        let src = "package w\n\nimport \"context\"\n\nfunc Watch(ctx context.Context, id string) {\n\tgo func() {\n\t\t<-ctx.Done()\n\t}()\n}\n\nfunc (s *S) Serve(c context.Context) { go s.loop(c) }\n\nfunc Wait(ctx context.Context) { go work(); <-ctx.Done() }\n\nfunc Other(ctx context.Context) { _ = ctx }\n";
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        let mut found = std::collections::HashSet::new();
        add_detachers(tree.root_node(), src, &imports, &mut found);
        let mut names: Vec<&str> = found.iter().map(String::as_str).collect();
        names.sort();
        assert_eq!(names, ["Serve", "Watch"]);
    }

    #[test]
    fn what_functions_do_with_the_wait_group_they_are_given() {
        let src = "package p\n\nimport (\n\t\"log\"\n\t\"sync\"\n)\n\n\
func Deferred(wg *sync.WaitGroup) { defer wg.Done(); work() }\n\
func Early(n int, wg *sync.WaitGroup) error {\n\tif n < 0 {\n\t\treturn nil\n\t}\n\twg.Done()\n\treturn nil\n}\n\
func Both(wg *sync.WaitGroup) error {\n\tif bad() {\n\t\twg.Done()\n\t\treturn nil\n\t}\n\twg.Done()\n\treturn nil\n}\n\
func Fatal(wg *sync.WaitGroup) {\n\tif bad() {\n\t\tlog.Fatal(\"x\")\n\t}\n\twg.Done()\n}\n\
func Ignores(wg *sync.WaitGroup) { work() }\n\
func Unnamed(*sync.WaitGroup) {}\n\
func PassesOn(wg *sync.WaitGroup) { other(wg) }\n\
func Hands(n int, wg *sync.WaitGroup) error {\n\tif n < 0 {\n\t\treturn nil\n\t}\n\tDeferred(wg)\n\treturn nil\n}\n\
func HandsAll(wg *sync.WaitGroup) { Deferred(wg) }\n\
func HandsMaybe(wg *sync.WaitGroup) { Early(0, wg) }\n\
func (s *S) Via(wg *sync.WaitGroup) { s.Method(nil, wg) }\n\
func InGo(wg *sync.WaitGroup) { go Deferred(wg) }\n\
func PerItem(wg *sync.WaitGroup, xs []int) {\n\tfor range xs {\n\t\twg.Done()\n\t}\n}\n\
func Goroutine(wg *sync.WaitGroup) { go func() { wg.Done() }() }\n\
func Closure(wg *sync.WaitGroup) { defer func() { wg.Done() }() }\n\
func Waits(wg *sync.WaitGroup) { wg.Wait() }\n\
func (s *S) Method(a, wg *sync.WaitGroup) { defer wg.Done() }\n\
func ByValue(wg sync.WaitGroup) {}\n";
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        let mut found = WgSettlers::default();
        add_wg_settlers(tree.root_node(), src, &imports, &mut found);
        let got = found.resolved_all(&|_| None);
        let want = [
            ("Both", 0, WgSettle::Every),
            ("Closure", 0, WgSettle::Every),
            ("Deferred", 0, WgSettle::Every),
            ("Early", 1, WgSettle::SomePaths),
            ("Fatal", 0, WgSettle::Every),
            ("Hands", 1, WgSettle::SomePaths),
            ("HandsAll", 0, WgSettle::Every),
            ("Ignores", 0, WgSettle::Never),
            ("S.Method", 0, WgSettle::Never),
            ("S.Method", 1, WgSettle::Every),
            ("S.Via", 0, WgSettle::Every),
            ("Unnamed", 0, WgSettle::Never),
        ];
        let want: Vec<(String, usize, WgSettle)> = want
            .iter()
            .map(|(k, i, s)| (k.to_string(), *i, *s))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn functions_that_wait_for_the_wait_group_they_are_given_whenever_called() {
        let src = "package p\n\nimport \"sync\"\n\n\
func First(wg *sync.WaitGroup) { wg.Wait() }\n\
func AfterWork(n int, wg *sync.WaitGroup) {\n\tn++\n\twg.Wait()\n\tprintln(n)\n}\n\
func (g *G) Drain(wg *sync.WaitGroup) { wg.Wait() }\n\
func MayReturn(ok bool, wg *sync.WaitGroup) {\n\tif !ok {\n\t\treturn\n\t}\n\twg.Wait()\n}\n\
func Nested(wg *sync.WaitGroup) {\n\tif true {\n\t\twg.Wait()\n\t}\n}\n\
func Other(wg, other *sync.WaitGroup) { other.Wait() }\n\
func InGoroutine(wg *sync.WaitGroup) { go wg.Wait() }\n";
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        let mut found = WgWaiters::new();
        add_wg_waiters(tree.root_node(), src, &imports, &mut found);
        let mut got: Vec<(String, usize)> = found.into_iter().collect();
        got.sort();
        let want = [("AfterWork", 1), ("First", 0), ("G.Drain", 0), ("Other", 1)];
        let want: Vec<(String, usize)> = want.iter().map(|(k, i)| (k.to_string(), *i)).collect();
        assert_eq!(got, want);
    }

    /// A package whose `Begin` starts a span and returns it first.
    const BEGIN_STARTER: &str = "package tracing\n\nimport (\n\t\"context\"\n\t\"go.opentelemetry.io/otel/trace\"\n)\n\nfunc Begin(ctx context.Context) (trace.Span, context.Context) {\n\tctx, span := tracer.Start(ctx, \"x\")\n\treturn span, ctx\n}\n";

    #[test]
    fn import_paths_resolve_inside_the_module_only() {
        let root = std::env::temp_dir().join(format!("lifelint-summaries-{}", std::process::id()));
        let tracing = root.join("internal/tracing");
        std::fs::create_dir_all(&tracing).unwrap();
        std::fs::write(root.join("go.mod"), "module example.com/svc\n\ngo 1.22\n").unwrap();
        std::fs::write(tracing.join("tracing.go"), BEGIN_STARTER).unwrap();
        let summaries = ModuleSummaries::new(|text| Some(parse(text)));
        let found = summaries
            .facts_of_import(&root.join("api"), "example.com/svc/internal/tracing")
            .unwrap();
        assert_eq!(
            found.starters.get("Begin", &|_| None).map(|f| f.span_index),
            Some(0)
        );
        assert!(
            summaries
                .facts_of_import(&root, "example.com/other/tracing")
                .is_none()
        );
        assert!(
            summaries
                .facts_of_import(&root, "example.com/svc/../x")
                .is_none()
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_workspace_resolves_the_import_paths_of_the_modules_it_uses() {
        let root = std::env::temp_dir().join(format!("lifelint-work-{}", std::process::id()));
        let svc = root.join("svc");
        let lib = root.join("lib/tracing");
        let outside = root.join("outside");
        for dir in [&svc, &lib, &outside] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(
            root.join("go.work"),
            "go 1.22\n\nuse (\n\t./svc // the service\n\t\"./lib\"\n)\n",
        )
        .unwrap();
        std::fs::write(svc.join("go.mod"), "module example.com/svc\n").unwrap();
        std::fs::write(root.join("lib/go.mod"), "module example.com/lib\n").unwrap();
        std::fs::write(outside.join("go.mod"), "module example.com/outside\n").unwrap();
        std::fs::write(lib.join("tracing.go"), BEGIN_STARTER).unwrap();
        let summaries = ModuleSummaries::new(|text| Some(parse(text)));
        let found = summaries
            .facts_of_import(&svc.join("api"), "example.com/lib/tracing")
            .unwrap();
        assert_eq!(
            found.starters.get("Begin", &|_| None).map(|f| f.span_index),
            Some(0)
        );
        // A module the workspace does not use resolves nothing of it.
        assert!(
            summaries
                .facts_of_import(&outside, "example.com/lib/tracing")
                .is_none()
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// `refresh` summarises again exactly the directories whose files changed: an edited
    /// helper is seen, an unchanged package keeps its summary (the same `Arc`).
    #[test]
    fn refresh_forgets_only_the_packages_whose_files_changed() {
        let root = std::env::temp_dir().join(format!("lifelint-refresh-{}", std::process::id()));
        let tracing = root.join("tracing");
        let other = root.join("other");
        for dir in [&tracing, &other] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(
            root.join("go.mod"),
            "module example.com/svc

go 1.22
",
        )
        .unwrap();
        std::fs::write(tracing.join("tracing.go"), BEGIN_STARTER).unwrap();
        std::fs::write(other.join("other.go"), BEGIN_STARTER).unwrap();
        let summaries = ModuleSummaries::new(|text| Some(parse(text)));
        let facts = |path: &str| summaries.facts_of_import(&root, path).unwrap();
        let (before, kept) = (
            facts("example.com/svc/tracing"),
            facts("example.com/svc/other"),
        );
        assert!(before.starters.get("Begin", &|_| None).is_some());
        let renamed = BEGIN_STARTER.replace("func Begin(", "func Open(");
        std::fs::write(tracing.join("tracing.go"), renamed).unwrap();
        // Until refreshed, the summary is the one taken.
        assert!(
            facts("example.com/svc/tracing")
                .starters
                .get("Begin", &|_| None)
                .is_some()
        );
        summaries.refresh();
        let after = facts("example.com/svc/tracing");
        assert!(
            after.starters.get("Open", &|_| None).is_some()
                && after.starters.get("Begin", &|_| None).is_none()
        );
        assert!(Arc::ptr_eq(&kept, &facts("example.com/svc/other")));
        // A new file counts as a change too.
        std::fs::write(other.join("more.go"), "package other\n").unwrap();
        summaries.refresh();
        assert!(!Arc::ptr_eq(&kept, &facts("example.com/svc/other")));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
