//! `ctx-cancel-premature`: a derived context is cancelled while something still
//! needs it. Two shapes:
//!
//! 1. `defer cancel()` in a function that starts a goroutine working with the
//!    derived context (passing it on, not merely watching `Done()`) and then
//!    returns promptly: on every path from the `go` statement to the function's
//!    exit there is no wait (`wg.Wait()`, `g.Wait()`, a channel receive or send, a
//!    range over a channel), no further use of the context or of values computed
//!    from it, and no call that could block. The goroutine's context is cancelled
//!    the moment it starts.
//! 2. `cancel()` followed, later in the same block, by a call that takes the
//!    cancelled context (or a context or request derived from it) as an argument.
//!    Reading `ctx.Err()`, `ctx.Done()`, `ctx.Value(k)`, `context.Cause(ctx)`,
//!    logging with the context and taking values out of it are not uses. Test
//!    files are exempt from this shape: tests cancel first on purpose.

use std::collections::HashMap;

use super::{CancelSite, Local, MentionKind, cancel_sites, is_program_main, local_of, walk};
use crate::model::paths::{PathOracle, walk_paths};
use crate::model::{Imports, Ty, scope::BindingKind};
use crate::rules::prelude::*;

pub struct CancelPremature;

static META: RuleMeta = RuleMeta {
    id: "ctx-cancel-premature",
    family: Family::Ctx,
    severity: Severity::Warning,
    summary: "derived context cancelled while a goroutine or a later call still uses it",
    page: include_str!("../../../rules/ctx-cancel-premature.md"),
    needs_import: Some("context"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for CancelPremature {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_functions(&self) -> bool {
        true
    }

    fn check_function(&self, function: Node<'_>, checker: &mut Checker<'_>) {
        let sites = cancel_sites(function, checker);
        // Returning from `main` ends every goroutine anyway.
        if sites.is_empty() || is_program_main(function, checker) {
            return;
        }
        deferred_cancel_before_goroutine(function, &sites, checker);
        // Tests cancel a context first on purpose, to see how the code under test
        // handles one that is already done.
        if !checker.in_test_file() {
            cancel_then_use(function, &sites, checker);
        }
    }
}

// Shape 1: `defer cancel()` and a goroutine that is not waited for.

fn deferred_cancel_before_goroutine(
    function: Node<'_>,
    sites: &[CancelSite<'_>],
    checker: &mut Checker<'_>,
) {
    let mut reported: Vec<usize> = Vec::new();
    for site in sites {
        let Some(context) = &site.context else {
            continue;
        };
        let Some(deferred) = deferred_call_of(function, &site.cancel, checker)
            .filter(|defer| defer.start_byte() >= site.statement.end_byte())
        else {
            continue;
        };
        if reported.contains(&deferred.start_byte()) {
            continue;
        }
        let contexts = derived(function, context, checker, Derivation::Contexts);
        let goroutines: Vec<Node<'_>> = own_nodes(function, kinds::GO_STATEMENT)
            .into_iter()
            .filter(|go| go.start_byte() >= site.statement.end_byte())
            .filter(|go| goroutine_works_with(*go, &contexts, checker))
            .collect();
        if goroutines.is_empty() {
            continue;
        }
        let values = derived(function, context, checker, Derivation::Values);
        let unwaited: Vec<Node<'_>> = goroutines
            .into_iter()
            .filter(|go| returns_promptly(function, *go, &values, checker))
            .collect();
        if unwaited.is_empty() {
            continue;
        }
        reported.push(deferred.start_byte());
        let cancel = &site.cancel.name;
        let context = &context.name;
        let diagnostic = checker.report(
            deferred,
            format!(
                "`defer {cancel}()` cancels `{context}` as soon as the function returns, while a goroutine started with it may still be running"
            ),
        );
        for go in unwaited {
            diagnostic.related(
                go.byte_range(),
                format!("goroutine uses `{context}`; nothing waits for it before the return"),
            );
        }
    }
}

/// The `defer cancel()` (or `defer func() { ... cancel() ... }()`) of the function itself.
fn deferred_call_of<'t>(
    function: Node<'t>,
    cancel: &Local,
    checker: &Checker<'_>,
) -> Option<Node<'t>> {
    own_nodes(function, kinds::DEFER_STATEMENT)
        .into_iter()
        .find(|defer| {
            let Some(call) = defer.named_child(0).map(syntax::unparen) else {
                return false;
            };
            let Some(callee) = call.field("function").map(syntax::unparen) else {
                return false;
            };
            match callee.kind() {
                kinds::IDENTIFIER => cancel.is_named_by(callee, checker),
                kinds::FUNC_LITERAL => {
                    let mut calls = false;
                    walk(callee, &mut |node, ancestors| {
                        if cancel.is_named_by(node, checker)
                            && ancestors.last().is_some_and(|p| {
                                p.kind() == kinds::CALL_EXPRESSION
                                    && p.field("function") == Some(node)
                            })
                        {
                            calls = true;
                        }
                        !calls
                    });
                    calls
                }
                _ => false,
            }
        })
}

/// True when the goroutine started by `go` does work with one of `contexts`: it gets one
/// as an argument, or its literal body uses one other than through `Done`, `Err`,
/// `Deadline` or `Value` (a goroutine that only watches for cancellation is meant to be
/// stopped by it).
fn goroutine_works_with(go: Node<'_>, contexts: &[Local], checker: &Checker<'_>) -> bool {
    let Some(call) = go.named_child(0).map(syntax::unparen) else {
        return false;
    };
    let Some(callee) = call.field("function").map(syntax::unparen) else {
        return false;
    };
    let names_context = |node: Node<'_>| contexts.iter().any(|c| c.is_named_by(node, checker));
    let arguments = syntax::call_arguments(call);
    if callee.kind() != kinds::FUNC_LITERAL {
        // `go f(ctx)`, unless `f` is a function of this package that only reads values
        // out of that parameter.
        return mentions_any(callee, &names_context)
            || arguments.iter().enumerate().any(|(i, argument)| {
                let argument = syntax::unparen(*argument);
                mentions_any(argument, &names_context)
                    && !(argument.kind() == kinds::IDENTIFIER
                        && only_reads_parameter(call, i, checker))
            });
    }
    // `go func(ctx context.Context) { ... }(ctx)`: the parameter stands for the context.
    let mut inside: Vec<Local> = contexts.to_vec();
    let parameters = callee
        .field("parameters")
        .map(parameter_names)
        .unwrap_or_default();
    for (i, argument) in arguments.iter().enumerate() {
        let argument = syntax::unparen(*argument);
        if !mentions_any(argument, &names_context) {
            continue;
        }
        if argument.kind() != kinds::IDENTIFIER {
            return true;
        }
        match parameters.get(i).and_then(|p| local_of(*p, checker)) {
            Some((local, _)) => inside.push(local),
            None => return true,
        }
    }
    let Some(body) = callee.field("body") else {
        return false;
    };
    let source = checker.source();
    let mut works = false;
    walk(body, &mut |node, ancestors| {
        if works {
            return false;
        }
        if node.kind() == kinds::IDENTIFIER && inside.iter().any(|c| c.is_named_by(node, checker)) {
            let watched = match ancestors {
                [.., p] if p.kind() == kinds::SELECTOR_EXPRESSION => {
                    reading_method(node, *p, source)
                }
                [.., call, list]
                    if list.kind() == kinds::ARGUMENT_LIST
                        && call.kind() == kinds::CALL_EXPRESSION =>
                {
                    syntax::named_children(*list)
                        .iter()
                        .position(|a| *a == node)
                        .is_some_and(|i| only_reads_parameter(*call, i, checker))
                }
                _ => false,
            };
            works = !watched;
        }
        !works
    });
    works
}

/// The parameter names of a parameter list, in order (one per parameter).
fn parameter_names(list: Node<'_>) -> Vec<Node<'_>> {
    let mut names = Vec::new();
    for parameter in syntax::named_children(list) {
        let mut cursor = parameter.walk();
        names.extend(parameter.children_by_field_name("name", &mut cursor));
    }
    names
}

/// True when `call` hands its `index`-th argument to a function or method of this
/// package whose parameter there is a context it only reads: `p.Value(k)`, `p.Done()`,
/// `p.Err()`, `p.Deadline()`, `context.Cause(p)`, `context.WithoutCancel(p)`, value
/// readers and logging. Every declaration of that name must agree.
fn only_reads_parameter(call: Node<'_>, index: usize, checker: &Checker<'_>) -> bool {
    let (name, method) = match syntax::callee(call, checker.source()) {
        Some(syntax::Callee::Ident(name)) => (name, false),
        Some(syntax::Callee::Selector { name, .. }) => {
            if checker.qualified_call(call).is_some() {
                return false;
            }
            (name, true)
        }
        None => return false,
    };
    checker
        .package_fact(&crate::rules::facts::CONTEXT_READERS)
        .get(&(method, name.to_string()))
        .and_then(|reads| reads.get(index))
        .is_some_and(|reads| *reads)
}

/// For each function (false) and method (true) name of a file, which of its parameters
/// only read the context they are given (see `only_reads_parameter`), by position: a
/// parameter past the end of the list reads nothing. A declaration without a body, with
/// unnamed parameters or one whose parameter is variadic makes it false there, and a
/// name declared twice (a method of two types, a function in two build variants) keeps
/// what every declaration agrees on (`merge_context_readers`).
pub(crate) fn add_context_readers(
    root: Node<'_>,
    source: &str,
    imports: &Imports,
    readers: &mut HashMap<(bool, String), Vec<bool>>,
) {
    for decl in syntax::named_children(root) {
        let method = match decl.kind() {
            kinds::FUNCTION_DECLARATION => false,
            kinds::METHOD_DECLARATION => true,
            _ => continue,
        };
        let Some(name) = decl.field("name") else {
            continue;
        };
        let reads = parameter_reads(decl, source, imports);
        let key = (method, syntax::text(name, source).to_string());
        merge_context_readers(readers, HashMap::from([(key, reads)]));
    }
}

/// Adds what later declarations say to what earlier ones did: a parameter only reads
/// where every declaration of the name agrees.
pub(crate) fn merge_context_readers(
    readers: &mut HashMap<(bool, String), Vec<bool>>,
    later: HashMap<(bool, String), Vec<bool>>,
) {
    for (key, reads) in later {
        match readers.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut earlier) => {
                let earlier = earlier.get_mut();
                earlier.truncate(reads.len());
                for (both, read) in earlier.iter_mut().zip(reads) {
                    *both &= read;
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(reads);
            }
        }
    }
}

/// Whether each parameter of `decl`, by position, only reads the context it is given.
fn parameter_reads(decl: Node<'_>, source: &str, imports: &Imports) -> Vec<bool> {
    let Some(list) = decl.field("parameters") else {
        return Vec::new();
    };
    let names = parameter_names(list);
    if syntax::named_children(list).len() > names.len() {
        return Vec::new();
    }
    let Some(body) = decl.field("body") else {
        return Vec::new();
    };
    names
        .iter()
        .map(|parameter| {
            // Arguments from the variadic parameter on go into a slice.
            parameter
                .parent()
                .is_none_or(|d| d.kind() != kinds::VARIADIC_PARAMETER_DECLARATION)
                && reads_only(body, syntax::text(*parameter, source), source, imports)
        })
        .collect()
}

/// True when every mention of `name` in `body` only reads values out of the context.
/// The mentions are found in the text, so that a body is not walked once per parameter.
fn reads_only(body: Node<'_>, name: &str, source: &str, imports: &Imports) -> bool {
    if name.is_empty() {
        // A parameter name the parser had to make up: only other made-up ones match it.
        return reads_only_walking(body, name, source, imports);
    }
    let range = body.byte_range();
    let text = &source.as_bytes()[range.clone()];
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    let mut from = 0;
    while let Some(at) = finder.find(&text[from..]) {
        let start = range.start + from + at;
        // Overlapping matches too: every identifier spelt `name` starts at one of them.
        from += at + 1;
        let mention = body
            .descendant_for_byte_range(start, start + name.len())
            .filter(|n| {
                n.kind() == kinds::IDENTIFIER && n.byte_range() == (start..start + name.len())
            });
        if let Some(mention) = mention
            && !reads_at(mention, &ancestors_of(mention, body), source, imports)
        {
            return false;
        }
    }
    true
}

/// `reads_only` by walking the whole body.
fn reads_only_walking(body: Node<'_>, name: &str, source: &str, imports: &Imports) -> bool {
    let mut only = true;
    walk(body, &mut |node, ancestors| {
        if !only {
            return false;
        }
        if node.kind() != kinds::IDENTIFIER || syntax::text(node, source) != name {
            return true;
        }
        only = reads_at(node, ancestors, source, imports);
        false
    });
    only
}

/// The two closest ancestors of `node` below `body` included, outermost first (what
/// `reads_at` looks at).
fn ancestors_of<'t>(node: Node<'t>, body: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::with_capacity(2);
    let mut at = node;
    while out.len() < 2
        && at != body
        && let Some(parent) = at.parent()
    {
        out.insert(0, parent);
        at = parent;
    }
    out
}

/// True when the mention `node` of a context is the operand of `selector` naming one of
/// its reading methods: `ctx.Done()`, `ctx.Err()`, `ctx.Deadline()`, `ctx.Value(k)`.
fn reading_method(node: Node<'_>, selector: Node<'_>, source: &str) -> bool {
    selector.field("operand") == Some(node)
        && selector.field("field").is_some_and(|f| {
            matches!(
                syntax::text(f, source),
                "Done" | "Err" | "Deadline" | "Value"
            )
        })
}

/// Whether this mention of a context only reads values out of it.
fn reads_at(node: Node<'_>, ancestors: &[Node<'_>], source: &str, imports: &Imports) -> bool {
    match ancestors {
        [.., p] if p.kind() == kinds::SELECTOR_EXPRESSION => reading_method(node, *p, source),
        [.., call, list] if list.kind() == kinds::ARGUMENT_LIST => {
            match syntax::callee(*call, source) {
                Some(syntax::Callee::Selector { operand, name })
                    if operand.kind() == kinds::IDENTIFIER
                        && imports.path_of(syntax::text(operand, source)) == Some("context") =>
                {
                    matches!(name, "Cause" | "WithoutCancel")
                }
                Some(syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. }) => {
                    only_reads_values(name)
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// Calls that read values out of a context or log with it, by name.
fn only_reads_values(name: &str) -> bool {
    const READERS: &[&str] = &[
        "FromContext",
        "FromIncomingContext",
        "FromOutgoingContext",
        "Extract",
        "Ctx",
        "G",
        "L",
        "Logger",
        "Label",
        "Labels",
    ];
    const LOGGING: &[&str] = &[
        "Print", "Info", "Debug", "Warn", "Error", "Log", "Trace", "Fatal", "Panic",
    ];
    READERS.iter().any(|r| name.ends_with(r)) || LOGGING.iter().any(|p| name.starts_with(p))
}

/// True when the function can leave after `go` and nothing that may wait for the
/// goroutine, block, or use the context (or a value computed from it) is reachable
/// from the `go` statement on any path.
fn returns_promptly(
    function: Node<'_>,
    go: Node<'_>,
    values: &[Local],
    checker: &Checker<'_>,
) -> bool {
    let oracle = Prompt {
        go,
        values,
        checker,
    };
    walk_paths(function, checker.source(), &oracle)
        .is_some_and(|summary| !summary.leaks.is_empty() && summary.settled_at.is_empty())
}

/// The path question of shape 1: the `go` statement opens a path, anything that may
/// wait settles it.
struct Prompt<'o, 't, 'c> {
    go: Node<'t>,
    values: &'o [Local],
    checker: &'o Checker<'c>,
}

impl PathOracle for Prompt<'_, '_, '_> {
    fn creates(&self, node: Node<'_>) -> bool {
        node.byte_range() == self.go.byte_range() && node.kind() == kinds::GO_STATEMENT
    }

    fn settles(&self, node: Node<'_>) -> bool {
        // Another goroutine is not a wait; the walk must see this one as created.
        if node.kind() == kinds::GO_STATEMENT {
            return false;
        }
        may_wait(node, self.values, self.checker)
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }
}

/// True when running `node` may wait for the goroutine or take time: a receive or send, a
/// range over what may be a channel, a call not known to be quick, or any use of the
/// context or of a value computed from it.
fn may_wait(node: Node<'_>, values: &[Local], checker: &Checker<'_>) -> bool {
    let source = checker.source();
    let deferred = node.kind() == kinds::DEFER_STATEMENT;
    let mut waits = false;
    walk_with_root(node, &mut |n, ancestors| {
        if waits {
            return false;
        }
        match n.kind() {
            kinds::IDENTIFIER => waits = values.iter().any(|v| v.is_named_by(n, checker)),
            kinds::RECEIVE_STATEMENT | kinds::SEND_STATEMENT => waits = true,
            kinds::UNARY_EXPRESSION => {
                waits = n
                    .field("operator")
                    .is_some_and(|o| syntax::text(o, source) == "<-");
            }
            kinds::RANGE_CLAUSE => {
                waits = n
                    .field("right")
                    .is_none_or(|right| !match checker.infer(right) {
                        Some(Ty::Slice(_) | Ty::Array(_) | Ty::Map(..)) => true,
                        Some(Ty::Named {
                            package: None,
                            name,
                        }) => matches!(name.as_str(), "string" | "int"),
                        _ => false,
                    });
            }
            kinds::CALL_EXPRESSION => waits = !quick_call(n, checker),
            // A literal's body runs when it is called: a deferred literal at the return,
            // one called in place right away; a stored one, who knows when.
            kinds::FUNC_LITERAL => {
                let called_here = ancestors.last().is_some_and(|p| {
                    p.kind() == kinds::CALL_EXPRESSION
                        && p.field("function").map(syntax::unparen) == Some(n)
                });
                if !deferred && !called_here {
                    // Still look for uses of the context in it.
                    let mut used = false;
                    walk(n, &mut |m, _| {
                        used |= m.kind() == kinds::IDENTIFIER
                            && values.iter().any(|v| v.is_named_by(m, checker));
                        !used
                    });
                    waits = used;
                    return false;
                }
            }
            _ => {}
        }
        !waits
    });
    waits
}

/// Calls that return promptly and cannot wait for a goroutine: builtins and conversions,
/// formatting and error helpers, logging, metrics, atomics and mutexes.
fn quick_call(call: Node<'_>, checker: &Checker<'_>) -> bool {
    const BUILTINS: &[&str] = &[
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "print",
        "println",
        "real",
        "recover",
        "panic",
        "bool",
        "byte",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
    ];
    const QUICK_PACKAGES: &[&str] = &[
        "fmt",
        "errors",
        "strings",
        "strconv",
        "bytes",
        "sort",
        "math",
        "unicode",
        "sync/atomic",
        "path",
        "path/filepath",
        "slices",
        "maps",
        "log/slog",
    ];
    const QUICK_METHODS: &[&str] = &[
        "Add",
        "Done",
        "Lock",
        "Unlock",
        "RLock",
        "RUnlock",
        "Store",
        "Load",
        "Swap",
        "CompareAndSwap",
        "Inc",
        "Dec",
        "Set",
        "Observe",
        "With",
        "WithField",
        "WithFields",
        "WithValues",
        "WithName",
        "WithError",
        "String",
        "Error",
        "Len",
        "V",
    ];
    const LOGGING: &[&str] = &["Print", "Info", "Debug", "Warn", "Error", "Log", "Trace"];
    match syntax::callee(call, checker.source()) {
        Some(syntax::Callee::Ident(name)) => BUILTINS.contains(&name),
        Some(syntax::Callee::Selector { name, .. }) => {
            if let Some(target) = checker.qualified_call(call) {
                return QUICK_PACKAGES.contains(&target.path)
                    || (target.path == "log" && name.starts_with("Print"))
                    || (target.path == "time"
                        && matches!(target.name, "Now" | "Since" | "Until" | "Unix" | "Date"));
            }
            QUICK_METHODS.contains(&name) || LOGGING.iter().any(|prefix| name.starts_with(prefix))
        }
        None => false,
    }
}

// Shape 2: `cancel()`, then the context handed to a call.

fn cancel_then_use(function: Node<'_>, sites: &[CancelSite<'_>], checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for statement in own_nodes(function, kinds::EXPRESSION_STATEMENT) {
        let Some(call) = statement.named_child(0).map(syntax::unparen) else {
            continue;
        };
        let Some(callee) = call.field("function").map(syntax::unparen) else {
            continue;
        };
        if callee.kind() != kinds::IDENTIFIER {
            continue;
        }
        // The latest creation of this cancel function before the call.
        let Some(site) = sites.iter().rev().find(|s| {
            s.statement.end_byte() <= statement.start_byte()
                && s.cancel.is_named_by(callee, checker)
        }) else {
            continue;
        };
        let Some(context) = &site.context else {
            continue;
        };
        if pre_cancelled(site, statement, &context.name, checker.source()) {
            continue;
        }
        let contexts = derived(function, context, checker, Derivation::Contexts);
        if let Some(used) = use_after(statement, context, &contexts, checker) {
            findings.push((used, call, context.name.clone(), site.cancel.name.clone()));
        }
    }
    for (used, call, context, cancel) in findings {
        let name = syntax::text(used, checker.source());
        let message = if name == context {
            format!("`{context}` is passed on after `{cancel}()` has cancelled it")
        } else {
            format!(
                "`{name}`, derived from `{context}`, is passed on after `{cancel}()` has cancelled it"
            )
        };
        checker
            .report(used, message)
            .related(call.byte_range(), format!("`{context}` is cancelled here"));
    }
}

/// The pre-cancelled-context idiom: the context is cancelled before anything uses it
/// (`now, cancel := context.WithCancel(parent); cancel(); srv.Shutdown(now)`), so it
/// is handed on already done on purpose, meaning "don't wait".
fn pre_cancelled(site: &CancelSite<'_>, cancel: Node<'_>, context: &str, source: &str) -> bool {
    let Some(list) = cancel.parent() else {
        return false;
    };
    if site.statement.parent() != Some(list) {
        return false;
    }
    // Nothing between the creation and the cancel hands the context to a call: storing
    // it for a log (`args["ctx"] = ctx`) is not work.
    let mut used = false;
    for statement in syntax::named_children(list) {
        if statement.start_byte() < site.statement.end_byte()
            || statement.end_byte() > cancel.start_byte()
        {
            continue;
        }
        syntax::walk_with_ancestors(statement, &mut |node, stack| {
            used |= node.kind() == kinds::IDENTIFIER
                && syntax::text(node, source) == context
                && stack
                    .last()
                    .is_some_and(|p| p.kind() == kinds::ARGUMENT_LIST);
            !used
        });
    }
    !used
}

/// The first argument, in the statements after `statement` in its block, that is the
/// cancelled context or one derived from it; scanning stops where the context is assigned.
fn use_after<'t>(
    statement: Node<'t>,
    context: &Local,
    contexts: &[Local],
    checker: &Checker<'_>,
) -> Option<Node<'t>> {
    let mut next = statement.next_named_sibling();
    while let Some(current) = next {
        next = current.next_named_sibling();
        if current.kind() == kinds::COMMENT {
            continue;
        }
        let mut found = None;
        let mut reassigned = false;
        walk_with_root(current, &mut |node, ancestors| {
            if found.is_some() || reassigned || node.kind() == kinds::FUNC_LITERAL {
                return false;
            }
            if node.kind() != kinds::IDENTIFIER {
                return true;
            }
            if context.is_named_by(node, checker)
                && super::classify(node, ancestors, checker.source()).0 == MentionKind::Assigned
            {
                reassigned = true;
                return false;
            }
            if contexts.iter().any(|c| c.is_named_by(node, checker))
                && is_argument_of_working_call(node, ancestors, checker)
            {
                found = Some(node);
            }
            false
        });
        if found.is_some() {
            return found;
        }
        if reassigned {
            return None;
        }
    }
    None
}

/// True when `ident` is an argument of a call that works with the context rather than
/// reading values out of it, logging with it or detaching from it.
fn is_argument_of_working_call(
    ident: Node<'_>,
    ancestors: &[Node<'_>],
    checker: &Checker<'_>,
) -> bool {
    let [.., call, list] = ancestors else {
        return false;
    };
    if list.kind() != kinds::ARGUMENT_LIST || call.kind() != kinds::CALL_EXPRESSION {
        return false;
    }
    let index = syntax::named_children(*list)
        .iter()
        .position(|a| *a == ident);
    if index.is_some_and(|i| only_reads_parameter(*call, i, checker)) {
        return false;
    }
    if let Some(target) = checker.qualified_call(*call)
        && target.path == "context"
    {
        return false;
    }
    let name = match syntax::callee(*call, checker.source()) {
        Some(syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. }) => name,
        None => return true,
    };
    !only_reads_values(name) && !feeds_logging(ancestors, checker.source())
}

/// The call holding the context is itself an argument of a logging call
/// (`err.WriteToLog(session.ExportIDToError(ctx))`): its result is only logged, so the
/// context is read for values, not used for work.
fn feeds_logging(ancestors: &[Node<'_>], source: &str) -> bool {
    let [.., outer, outer_list, _call, _list] = ancestors else {
        return false;
    };
    outer_list.kind() == kinds::ARGUMENT_LIST
        && outer.kind() == kinds::CALL_EXPRESSION
        && match syntax::callee(*outer, source) {
            Some(syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. }) => {
                only_reads_values(name) || name.contains("Log") || name.starts_with("log")
            }
            None => false,
        }
}

// Values computed from a context.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Derivation {
    /// Contexts (and requests) made from it: `context.WithTimeout(ctx, d)`,
    /// `metadata.NewOutgoingContext(ctx, md)`, `req.WithContext(ctx)`, `c := ctx`.
    Contexts,
    /// Any variable whose initial value mentions it (except `err`, `ok` and cancel functions).
    Values,
}

/// `root` and the local variables of `function` computed from it, transitively.
fn derived(function: Node<'_>, root: &Local, checker: &Checker<'_>, how: Derivation) -> Vec<Local> {
    let mut set = vec![root.clone()];
    let scope = checker.scope(function);
    let tree_root = checker.root();
    let source = checker.source();
    let range = function.byte_range();
    for binding in scope.bindings() {
        if binding.kind != BindingKind::Local
            || binding.decl.start < range.start
            || binding.decl.end > range.end
            || binding.decl == root.decl
        {
            continue;
        }
        let Some(origin) = &binding.origin else {
            continue;
        };
        let Some(origin) = tree_root.descendant_for_byte_range(origin.start, origin.end) else {
            continue;
        };
        let origin = syntax::unparen(origin);
        let names_set = |node: Node<'_>| set.iter().any(|l| l.is_named_by(node, checker));
        let is_cancel = binding.ty.as_ref().is_some_and(|ty| {
            ty.is("context", "CancelFunc") || ty.is("context", "CancelCauseFunc")
        });
        let derived = match how {
            Derivation::Values => {
                !is_cancel
                    && !matches!(binding.name.as_str(), "err" | "ok")
                    && mentions_any(origin, &names_set)
            }
            Derivation::Contexts => {
                if origin.kind() == kinds::IDENTIFIER {
                    names_set(origin)
                } else if origin.kind() == kinds::CALL_EXPRESSION {
                    let callee = match syntax::callee(origin, source) {
                        Some(
                            syntax::Callee::Ident(n) | syntax::Callee::Selector { name: n, .. },
                        ) => n,
                        None => "",
                    };
                    let lower = binding.name.to_ascii_lowercase();
                    let looks_like_context = binding
                        .ty
                        .as_ref()
                        .is_some_and(|ty| ty.is("context", "Context"))
                        || lower.contains("ctx")
                        || lower.contains("context")
                        || callee.contains("WithContext");
                    !is_cancel
                        && looks_like_context
                        && syntax::call_arguments(origin)
                            .into_iter()
                            .any(|a| names_set(syntax::unparen(a)))
                } else {
                    false
                }
            }
        };
        if derived {
            set.push(Local {
                name: binding.name.clone(),
                decl: binding.decl.clone(),
            });
        }
    }
    set
}

// Small tree helpers.

/// True when `node` or a node below it is an identifier that `names` accepts.
fn mentions_any(node: Node<'_>, names: &dyn Fn(Node<'_>) -> bool) -> bool {
    let mut found = false;
    walk_with_root(node, &mut |n, _| {
        found |= n.kind() == kinds::IDENTIFIER && names(n);
        !found
    });
    found
}

/// Like `walk`, but visits `root` itself first.
fn walk_with_root<'t>(root: Node<'t>, visit: &mut dyn FnMut(Node<'t>, &[Node<'t>]) -> bool) {
    if visit(root, &[]) {
        walk(root, visit);
    }
}

/// The nodes of `kind` in the function's own body (not in nested literals), in source order.
fn own_nodes<'t>(function: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let Some(body) = function.field("body") else {
        return out;
    };
    walk(body, &mut |node, _| {
        if node.kind() == kind {
            out.push(node);
        }
        node.kind() != kinds::FUNC_LITERAL
    });
    out
}
