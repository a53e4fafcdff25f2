//! `ctx-background-in-scope`: `context.Background()` or `context.TODO()` called
//! where a context is already in scope (a `context.Context` parameter, or the
//! `r.Context()` of an `*http.Request` parameter), so the calls below lose the
//! caller's deadline, cancellation and trace.

use crate::model::scope::{Binding, BindingKind};
use crate::model::{Ty, syntax};
use crate::rules::prelude::*;

pub struct BackgroundInScope;

static META: RuleMeta = RuleMeta {
    id: "ctx-background-in-scope",
    family: Family::Ctx,
    severity: Severity::Warning,
    summary: "`context.Background()`/`TODO()` where a context is already in scope",
    page: include_str!("../../../rules/ctx-background-in-scope.md"),
    needs_import: Some("context"),
    // The call's name is `Background` or `TODO`, however `context` is imported.
    triggers: &["Background", "TODO"],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for BackgroundInScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        let source = checker.source();
        let Some(syntax::Callee::Selector { name, .. } | syntax::Callee::Ident(name)) =
            syntax::callee(call, source)
        else {
            return;
        };
        if name != "Background" && name != "TODO" {
            return;
        }
        if checker.in_test_file() {
            return;
        }
        let Some(target) = checker.qualified_call(call) else {
            return;
        };
        if target.path != "context" {
            return;
        }
        let ancestors = syntax::ancestors(checker.root(), call);
        if is_exempt_place(&ancestors, source) {
            return;
        }
        let scope = checker.scope(call);
        let Some((binding, from_request)) = context_in_scope(&scope, call.start_byte()) else {
            return;
        };
        if is_nil_fallback(call, &ancestors, &binding.name, source)
            || is_compared(&ancestors)
            || runs_later(&ancestors, &binding.name, binding.decl.start, source, 0)
            || after_done(&ancestors, &binding.name, source)
            || done_before(call, &ancestors, &binding.name, binding.decl.start, source)
            || checker.in_test_code(call)
            || on_error_path(call, &ancestors, source)
            || feeds_a_field(call, &ancestors, source)
            || outlives_the_call(call, &ancestors, checker)
            || given_to_a_detacher(call, &ancestors, checker)
            || is_explained(call, &ancestors, checker)
        {
            return;
        }
        let available = if from_request {
            format!("{}.Context()", binding.name)
        } else {
            binding.name.clone()
        };
        let message = format!(
            "context.{name}() drops the deadline, cancellation and trace of {available}; pass {available}, or context.WithoutCancel({available}) if the work must outlive it"
        );
        let decl = binding.decl.clone();
        checker
            .report(call, message)
            .related(decl, format!("{available} is available here"));
    }
}

/// Shutdown and setup code where a fresh context is the point: `defer`, `t.Cleanup`,
/// the bodies of `main`, `init` and `TestMain`; and contexts handed elsewhere on the
/// spot: the arguments of a `go` call, the value of a channel send.
fn is_exempt_place(ancestors: &[Node<'_>], source: &str) -> bool {
    if ancestors.iter().any(|a| a.kind() == kinds::DEFER_STATEMENT) {
        return true;
    }
    // `go release(context.TODO())`: fire-and-forget work started with a context of its
    // own, meant to outlive the call (a goroutine literal is `runs_later`'s question).
    if let Some(at) = ancestors
        .iter()
        .rposition(|a| a.kind() == kinds::GO_STATEMENT)
        && !ancestors[at..]
            .iter()
            .any(|a| a.kind() == kinds::FUNC_LITERAL)
    {
        return true;
    }
    // `c.readTimeout <- context.Background()`: a context sent to another goroutine as a
    // value (here: "no timeout"), not used by this call.
    if ancestors
        .last()
        .is_some_and(|parent| parent.kind() == "send_statement")
    {
        return true;
    }
    let cleanup = ancestors.windows(3).any(|w| {
        w[0].kind() == kinds::CALL_EXPRESSION
            && w[1].kind() == kinds::ARGUMENT_LIST
            && w[2].kind() == kinds::FUNC_LITERAL
            && matches!(
                syntax::callee(w[0], source),
                Some(syntax::Callee::Selector {
                    name: "Cleanup",
                    ..
                })
            )
    });
    if cleanup {
        return true;
    }
    ancestors.iter().any(|a| {
        a.kind() == kinds::FUNCTION_DECLARATION
            && a.field("name")
                .is_some_and(|n| matches!(syntax::text(n, source), "main" | "init" | "TestMain"))
    })
}

/// The innermost parameter that carries a context: a `context.Context` (preferred) or an
/// `*http.Request`. The flag says it is a request.
fn context_in_scope(scope: &crate::model::scope::ScopeTable, at: usize) -> Option<(Binding, bool)> {
    let visible = |b: &&Binding| {
        b.kind == BindingKind::Parameter
            && b.visible.contains(&at)
            && scope
                .lookup(&b.name, at)
                .is_some_and(|current| current.decl == b.decl)
    };
    let innermost = |wanted: &dyn Fn(&Ty) -> bool| {
        scope
            .bindings()
            .iter()
            .filter(visible)
            .filter(|b| b.ty.as_ref().is_some_and(wanted))
            .max_by_key(|b| b.visible.start)
            .cloned()
    };
    if let Some(ctx) = innermost(&|ty| ty.is("context", "Context")) {
        return Some((ctx, false));
    }
    // A request counts only in a handler: with a ResponseWriter beside it, the request
    // is the incoming one; elsewhere it is usually an outgoing request being built.
    let handler = scope.bindings().iter().filter(visible).any(|b| {
        b.ty.as_ref()
            .is_some_and(|ty| ty.is("net/http", "ResponseWriter"))
    });
    if !handler {
        return None;
    }
    innermost(&|ty| matches!(ty, Ty::Pointer(inner) if inner.is("net/http", "Request")))
        .map(|request| (request, true))
}

/// `ctx != context.Background()`: a comparison, not a new context.
fn is_compared(ancestors: &[Node<'_>]) -> bool {
    ancestors
        .last()
        .is_some_and(|parent| parent.kind() == "binary_expression")
}

/// Inside a function literal that may run after the function that has the context
/// returned, when that context may be gone: one passed as an argument (a callback,
/// `singleflight.Do`, an `AfterFunc`), started with `go` and not waited for
/// (fire-and-forget work meant to outlive the request), sent or stored in a composite
/// literal, or kept in a local that is handed on (`job := func() {...}` then
/// `go job()` or `jobs <- job`) or only ever called where the context may be gone (see
/// `handed_on_later`). A literal called on the spot, called through its local,
/// returned to the caller, or run by a goroutine the function waits for runs within
/// the call.
fn runs_later(
    ancestors: &[Node<'_>],
    context: &str,
    context_declared_at: usize,
    source: &str,
    depth: usize,
) -> bool {
    ancestors.iter().enumerate().skip(1).any(|(i, literal)| {
        if literal.kind() != kinds::FUNC_LITERAL || literal.start_byte() <= context_declared_at {
            return false;
        }
        let parent = ancestors[i - 1];
        let grand = ancestors.get(i.wrapping_sub(2)).copied();
        match parent.kind() {
            kinds::ARGUMENT_LIST => true,
            kinds::CALL_EXPRESSION => {
                parent.field("function") == Some(*literal)
                    && grand.is_some_and(|g| g.kind() == kinds::GO_STATEMENT)
                    && !awaited(*literal, ancestors, source)
            }
            kinds::EXPRESSION_LIST => match grand.map(|g| g.kind()) {
                Some(kinds::RETURN_STATEMENT) => false,
                Some(kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT) => {
                    handed_on_later(
                        grand.unwrap_or(parent),
                        ancestors,
                        (context, context_declared_at),
                        source,
                        depth,
                    )
                }
                _ => true,
            },
            _ => true,
        }
    })
}

/// The goroutine running `literal` is waited for by the function that starts it: the
/// literal sends on or closes a channel the function receives from afterwards, or calls
/// `Done()` while the function calls `Wait()` afterwards.
fn awaited(literal: Node<'_>, ancestors: &[Node<'_>], source: &str) -> bool {
    let Some(function) = ancestors
        .iter()
        .rev()
        .find(|a| syntax::is_function(**a) && a.start_byte() < literal.start_byte())
    else {
        return false;
    };
    let mut channels: Vec<&str> = Vec::new();
    let mut calls_done = false;
    syntax::walk_with_ancestors(literal, &mut |n, _| {
        match n.kind() {
            "send_statement" => {
                if let Some(ch) = n.field("channel") {
                    channels.push(syntax::text(ch, source));
                }
            }
            kinds::CALL_EXPRESSION => match syntax::callee(n, source) {
                Some(syntax::Callee::Ident("close")) => {
                    if let Some(arg) = syntax::call_arguments(n).first() {
                        channels.push(syntax::text(*arg, source));
                    }
                }
                Some(syntax::Callee::Selector { name: "Done", .. }) => calls_done = true,
                _ => {}
            },
            _ => {}
        }
        true
    });
    let mut waits = false;
    syntax::walk_with_ancestors(*function, &mut |n, _| {
        if waits || n.start_byte() < literal.end_byte() {
            return !waits && n.end_byte() > literal.end_byte();
        }
        waits = match n.kind() {
            kinds::UNARY_EXPRESSION => {
                let text = syntax::text(n, source);
                text.starts_with("<-") && channels.contains(&text.trim_start_matches("<-").trim())
            }
            "range_clause" => n
                .field("right")
                .is_some_and(|r| channels.contains(&syntax::text(r, source))),
            kinds::CALL_EXPRESSION => {
                calls_done
                    && matches!(
                        syntax::callee(n, source),
                        Some(syntax::Callee::Selector { name: "Wait", .. })
                    )
            }
            _ => false,
        };
        !waits
    });
    waits
}

/// `job := func() {...}`: the local that holds the literal is later used other than by
/// calling it on the spot (`go job()`, `jobs <- job`, `register(job)`), or every call
/// of it runs where the context may be gone: in a literal that itself runs later (a
/// fire-and-forget goroutine), or in a `case <-ctx.Done():` branch (a `shutdown :=
/// func() { ...final flush... }` called when the loop ends).
fn handed_on_later(
    statement: Node<'_>,
    ancestors: &[Node<'_>],
    (context, context_declared_at): (&str, usize),
    source: &str,
    depth: usize,
) -> bool {
    let Some((left, _)) = syntax::assignment_sides(statement) else {
        return true;
    };
    let [target] = left.as_slice() else {
        return true;
    };
    if target.kind() != kinds::IDENTIFIER {
        return true;
    }
    let name = syntax::text(*target, source);
    let Some(function) = ancestors
        .iter()
        .rev()
        .find(|a| syntax::is_function(**a) && a.start_byte() < statement.start_byte())
    else {
        return true;
    };
    let mut handed = false;
    let mut calls = 0;
    let mut calls_later = 0;
    syntax::walk_with_ancestors(*function, &mut |n, stack| {
        if handed {
            return false;
        }
        if n.kind() == kinds::IDENTIFIER
            && n.start_byte() >= statement.end_byte()
            && syntax::text(n, source) == name
        {
            let called = stack.last().is_some_and(|p| {
                p.kind() == kinds::CALL_EXPRESSION
                    && p.field("function") == Some(n)
                    && stack
                        .get(stack.len().wrapping_sub(2))
                        .is_none_or(|g| g.kind() != kinds::GO_STATEMENT)
            });
            handed = !called;
            if called {
                calls += 1;
                // Bounded: a closure called from a closure called from ... gives up.
                let later = depth < 4
                    && (after_done(stack, context, source)
                        || runs_later(stack, context, context_declared_at, source, depth + 1));
                calls_later += usize::from(later);
            }
        }
        true
    });
    handed || (calls > 0 && calls == calls_later)
}

/// In the body of an `if err != nil` (cleanup after a failure, when the context may be
/// what failed); not in its initialiser or condition, which run on every path.
fn on_error_path(call: Node<'_>, ancestors: &[Node<'_>], source: &str) -> bool {
    ancestors.iter().enumerate().any(|(i, a)| {
        let inner = ancestors.get(i + 1).copied().unwrap_or(call);
        a.kind() == kinds::IF_STATEMENT
            && (a.field("consequence") == Some(inner) || a.field("alternative") == Some(inner))
            && a.field("condition").is_some_and(|c| {
                syntax::text(c, source)
                    .replace(' ', "")
                    .contains("err!=nil")
            })
    })
}

/// In the `case <-ctx.Done():` branch of a select: the context is already cancelled, so
/// the cleanup there needs a fresh one.
fn after_done(ancestors: &[Node<'_>], name: &str, source: &str) -> bool {
    ancestors.iter().any(|a| {
        a.kind() == kinds::COMMUNICATION_CASE
            && a.field("communication").is_some_and(|c| {
                let text = syntax::text(c, source);
                text.contains(&format!("{name}.Done()"))
            })
    })
}

/// `s.ctx, s.cancel = context.WithCancel(context.Background())` or `&T{Context: ...}`: the
/// lifetime context of a long-lived object, deliberately independent of the call that
/// builds it.
fn feeds_a_field(call: Node<'_>, ancestors: &[Node<'_>], source: &str) -> bool {
    if ancestors
        .iter()
        .rev()
        .take(3)
        .any(|a| a.kind() == "keyed_element")
    {
        return true;
    }
    let Some(statement) = ancestors.iter().rev().find(|a| {
        matches!(
            a.kind(),
            kinds::ASSIGNMENT_STATEMENT
                | kinds::SHORT_VAR_DECLARATION
                | kinds::EXPRESSION_STATEMENT
        ) || syntax::is_function(**a)
    }) else {
        return false;
    };
    let Some((left, right)) = syntax::assignment_sides(*statement) else {
        return false;
    };
    right.iter().any(|r| syntax::contains(*r, call))
        && left.iter().any(|l| {
            l.kind() == kinds::SELECTOR_EXPRESSION && !syntax::text(*l, source).contains('(')
        })
}

/// Words that, in a comment, say the author chose a fresh context on purpose.
const INTENT_WORDS: &[&str] = &[
    "context",
    "ctx",
    "background",
    "todo(",
    "cancel",
    "detach",
    "outlive",
    "intentional",
    "deliberate",
    "on purpose",
    "independent",
];

/// The same, for a comment at the end of the line or a function's doc comment, which
/// name contexts for many reasons: only words about detaching count there.
const DETACH_WORDS: &[&str] = &[
    "detach",
    "outlive",
    "independent",
    "intentional",
    "deliberate",
    "on purpose",
    "regardless",
    "not be cancel",
    "not cancel",
    "even if",
    "even when",
];

/// The author said the fresh context is on purpose: a comment at the end of the
/// statement's line, a block of comments directly above the statement (its last line at
/// most two lines up), a `//nolint` for a context linter (`contextcheck`, `noctx`, …)
/// on the line or above it, or the enclosing function's doc comment.
fn is_explained(call: Node<'_>, ancestors: &[Node<'_>], checker: &Checker<'_>) -> bool {
    let Some((block, statement)) = ancestors
        .iter()
        .copied()
        .chain(std::iter::once(call))
        .collect::<Vec<_>>()
        .windows(2)
        .rev()
        .find(|w| matches!(w[0].kind(), kinds::STATEMENT_LIST | kinds::BLOCK))
        .map(|w| (w[0], w[1]))
    else {
        return false;
    };
    let source = checker.source();
    let first = statement.start_position().row;
    let last = call.end_position().row;
    // Comments before a block's first statement belong to the block (or the case
    // clause) that holds the list, not to the list.
    let mut holders = vec![block];
    if let Some(at) = ancestors.iter().position(|a| *a == block)
        && at > 0
    {
        holders.push(ancestors[at - 1]);
    }
    if let Some(outer) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == kinds::BLOCK && **a != block)
    {
        holders.push(*outer);
    }
    let mut comments: Vec<Node<'_>> = holders
        .into_iter()
        .flat_map(|holder| {
            let mut cursor = holder.walk();
            holder
                .children(&mut cursor)
                .filter(|c| c.kind() == kinds::COMMENT)
                .collect::<Vec<_>>()
        })
        .collect();
    // A comment that ends the statement's line sits after it, in the same list.
    comments.sort_by_key(|c| c.start_byte());
    comments.dedup();
    let said = |c: &Node<'_>, words: &[&str]| {
        let text = syntax::text(*c, source).to_ascii_lowercase();
        words.iter().any(|w| text.contains(w)) || names_a_context_linter(&text)
    };
    let trailing = comments.iter().any(|c| {
        c.start_byte() >= call.end_byte() && c.start_position().row == last && said(c, DETACH_WORDS)
    });
    if trailing {
        return true;
    }
    // The block of comments directly above: each ends on the line before the next.
    let mut expected = first;
    let mut slack = 2;
    for c in comments
        .iter()
        .rev()
        .filter(|c| c.end_byte() <= statement.start_byte())
    {
        // The trailing comment of the statement before is about that statement.
        let line_start = source[..c.start_byte()].rfind('\n').map_or(0, |i| i + 1);
        if !source[line_start..c.start_byte()].trim().is_empty() {
            break;
        }
        let end = c.end_position().row;
        if end >= expected || end + slack < expected {
            if end < expected {
                break;
            }
            continue;
        }
        if said(c, INTENT_WORDS) {
            return true;
        }
        expected = c.start_position().row;
        slack = 1;
    }
    doc_comment_says(call, checker)
}

/// `//nolint:contextcheck` and the like: another linter's check about contexts was
/// silenced here, so the author has already decided.
fn names_a_context_linter(comment: &str) -> bool {
    let Some(rest) = comment
        .trim_start_matches('/')
        .trim()
        .strip_prefix("nolint")
    else {
        return false;
    };
    let names = rest.strip_prefix(':').unwrap_or("");
    names
        .split(|c: char| c == ',' || c.is_whitespace())
        .take_while(|n| !n.starts_with("//"))
        .any(|n| n.contains("ctx") || n.contains("context"))
}

/// The doc comment of the top-level function that holds the call says the work is
/// detached on purpose.
fn doc_comment_says(call: Node<'_>, checker: &Checker<'_>) -> bool {
    let siblings = checker.top_level_nodes();
    let at = siblings.partition_point(|d| d.end_byte() <= call.start_byte());
    let Some(decl) = siblings.get(at) else {
        return false;
    };
    let mut row = decl.start_position().row;
    for c in siblings[..at].iter().rev() {
        if c.kind() != kinds::COMMENT || c.end_position().row + 1 != row {
            break;
        }
        let text = syntax::text(*c, checker.source()).to_ascii_lowercase();
        if text.contains("background") || DETACH_WORDS.iter().any(|w| text.contains(w)) {
            return true;
        }
        row = c.start_position().row;
    }
    false
}

/// `if ctx == nil { ctx = context.Background() }` and `ctx = context.TODO()`: a fallback for
/// a missing context, not a detachment.
fn is_nil_fallback(call: Node<'_>, ancestors: &[Node<'_>], name: &str, source: &str) -> bool {
    // `ctx = namespaces.WithNamespace(context.Background(), ns)`: the author replaces the
    // context on purpose, as a fallback or a deliberate detachment.
    let assigned_to_it = ancestors
        .iter()
        .rev()
        .take_while(|a| !syntax::is_function(**a))
        .any(|a| {
            a.kind() == kinds::ASSIGNMENT_STATEMENT
                && syntax::assignment_sides(*a).is_some_and(|(left, right)| {
                    left.iter().zip(&right).any(|(l, r)| {
                        syntax::text(*l, source) == name && syntax::contains(*r, call)
                    })
                })
        });
    let under_nil_check = ancestors.iter().any(|a| {
        a.kind() == kinds::IF_STATEMENT
            && a.field("condition").is_some_and(|c| {
                let text = syntax::text(c, source);
                text.contains(name) && text.contains("nil")
            })
    });
    assigned_to_it || under_nil_check
}

/// After a statement that waits for the context's end: a bare `<-ctx.Done()`, a `select`
/// whose `ctx.Done()` case falls through to what follows, or a loop that leaves through
/// its `ctx.Done()` case or stops on `ctx.Err()`. What follows is shutdown or final-flush
/// code that runs when the context is already done, so it needs a fresh one.
fn done_before(
    call: Node<'_>,
    ancestors: &[Node<'_>],
    name: &str,
    declared_at: usize,
    source: &str,
) -> bool {
    let done = format!("{name}.Done()");
    ancestors.iter().enumerate().any(|(i, list)| {
        if list.kind() != kinds::STATEMENT_LIST || list.start_byte() < declared_at {
            return false;
        }
        let current = ancestors.get(i + 1).copied().unwrap_or(call);
        syntax::named_children(*list)
            .into_iter()
            .take_while(|s| s.end_byte() <= current.start_byte())
            .any(|statement| waits_for_done(statement, &done, name, source))
    })
}

/// True for a statement after which the context `name` is (or may well be) done.
fn waits_for_done(statement: Node<'_>, done: &str, name: &str, source: &str) -> bool {
    let squeezed = |n: Node<'_>| syntax::text(n, source).replace([' ', '\t'], "");
    match statement.kind() {
        kinds::EXPRESSION_STATEMENT => squeezed(statement) == format!("<-{done}"),
        kinds::SELECT_STATEMENT => done_cases(statement, done, source)
            .into_iter()
            .any(|case| !ends_in_jump(case)),
        kinds::FOR_STATEMENT => {
            let header_waits = statement
                .named_children(&mut statement.walk())
                .filter(|c| c.kind() != kinds::BLOCK)
                .any(|c| squeezed(c).contains(&format!("{name}.Err()")));
            header_waits
                || done_cases(statement, done, source)
                    .into_iter()
                    .any(|case| !contains_kind(case, kinds::RETURN_STATEMENT))
        }
        "labeled_statement" => statement
            .named_children(&mut statement.walk())
            .any(|inner| inner.kind() != "label_name" && waits_for_done(inner, done, name, source)),
        _ => false,
    }
}

/// The `case <-ctx.Done():` clauses anywhere below `node`.
fn done_cases<'t>(node: Node<'t>, done: &str, source: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    syntax::walk_with_ancestors(node, &mut |n, _| {
        if n.kind() == kinds::COMMUNICATION_CASE
            && n.field("communication")
                .is_some_and(|c| syntax::text(c, source).replace(' ', "").contains(done))
        {
            out.push(n);
        }
        !syntax::is_function(n)
    });
    out
}

/// The clause's last statement leaves it other than by falling through.
fn ends_in_jump(case: Node<'_>) -> bool {
    syntax::statements(case)
        .into_iter()
        .rfind(|s| s.kind() != kinds::COMMENT)
        .is_some_and(|last| {
            matches!(
                last.kind(),
                kinds::RETURN_STATEMENT | "continue_statement" | "goto_statement"
            )
        })
}

fn contains_kind(node: Node<'_>, kind: &str) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(node, &mut |n, _| {
        found |= n.kind() == kind;
        !found && !syntax::is_function(n)
    });
    found
}

/// `watch(context.Background(), id)` where `watch` (a function or method of this package,
/// or a function of another package of the module) gives its context parameter to a
/// goroutine it starts: the context sets the lifetime of a watcher, poller or server
/// that outlives this call, so a fresh one is the point (see `model::summaries`).
fn given_to_a_detacher(call: Node<'_>, ancestors: &[Node<'_>], checker: &Checker<'_>) -> bool {
    let [.., callee_call, arguments] = ancestors else {
        return false;
    };
    if arguments.kind() != kinds::ARGUMENT_LIST || callee_call.kind() != kinds::CALL_EXPRESSION {
        return false;
    }
    let source = checker.source();
    let package_detaches = |name: &str| {
        checker
            .package_fact(&crate::rules::facts::DETACHERS)
            .contains(name)
    };
    match syntax::callee(*callee_call, source) {
        Some(syntax::Callee::Ident(name)) => {
            package_detaches(name)
                && checker
                    .scope(call)
                    .lookup(name, callee_call.start_byte())
                    .is_none()
        }
        Some(syntax::Callee::Selector { operand, name }) => {
            let operand = syntax::unparen(operand);
            let package = (operand.kind() == kinds::IDENTIFIER)
                .then(|| syntax::text(operand, source))
                .filter(|p| {
                    checker
                        .scope(call)
                        .lookup(p, callee_call.start_byte())
                        .is_none()
                })
                .and_then(|p| checker.imports().path_of(p));
            match package {
                // `pkg.Watch(...)`: a function of another package of the module.
                Some(path) => checker.file_path().parent().is_some_and(|dir| {
                    checker
                        .module_summaries()
                        .and_then(|m| m.facts_of_import(dir, path))
                        .is_some_and(|facts| facts.detachers.contains(name))
                }),
                // `s.watch(...)`: a method of this package of that name.
                None => package_detaches(name),
            }
        }
        None => false,
    }
}

/// A context made from `Background()` by a `context` constructor whose result is not the
/// work of this call but of something that outlives it: pre-cancelled on the spot (a
/// flag meaning "don't wait", as handed to `Shutdown`), or handed to an object or a
/// goroutine — returned, stored in a composite literal or a field, sent, or given to a
/// `go` statement, or its cancel function passed on. Its lifetime is that object's.
fn outlives_the_call(call: Node<'_>, ancestors: &[Node<'_>], checker: &Checker<'_>) -> bool {
    let source = checker.source();
    let Some(at) = ancestors.iter().rposition(|a| {
        matches!(
            a.kind(),
            kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT
        )
    }) else {
        return false;
    };
    let statement = ancestors[at];
    let Some((left, right)) = syntax::assignment_sides(statement) else {
        return false;
    };
    let [value] = right.as_slice() else {
        return false;
    };
    let value = syntax::unparen(*value);
    if value.kind() != kinds::CALL_EXPRESSION
        || !syntax::contains(value, call)
        || value == call
        || checker
            .qualified_call(value)
            .is_none_or(|target| target.path != "context")
    {
        return false;
    }
    let targets: Vec<&str> = left
        .iter()
        .filter(|l| l.kind() == kinds::IDENTIFIER && !syntax::is_blank(**l, source))
        .map(|l| syntax::text(*l, source))
        .collect();
    if targets.is_empty() {
        return false;
    }
    // Pre-cancelled: the statement right after calls the cancel function.
    if let Some(list) = ancestors.get(at.wrapping_sub(1))
        && list.kind() == kinds::STATEMENT_LIST
    {
        let next = syntax::named_children(*list)
            .into_iter()
            .find(|s| s.start_byte() >= statement.end_byte() && s.kind() != kinds::COMMENT);
        if next.is_some_and(|n| {
            let text = syntax::text(n, source).replace(' ', "");
            targets[1..].iter().any(|t| text == format!("{t}()"))
        }) {
            return true;
        }
    }
    let Some(function) = ancestors.iter().rev().find(|a| syntax::is_function(**a)) else {
        return false;
    };
    let mut escapes = false;
    syntax::walk_with_ancestors(*function, &mut |node, stack| {
        if escapes {
            return false;
        }
        if node.kind() == kinds::IDENTIFIER
            && node.start_byte() >= statement.end_byte()
            && let Some(position) = targets
                .iter()
                .position(|t| *t == syntax::text(node, source))
        {
            escapes = stack
                .iter()
                .any(|a| a.kind() == kinds::GO_STATEMENT && a.start_byte() >= statement.end_byte())
                || (position > 0 && in_kept_closure(stack, statement.end_byte()))
                || hands_on(node, stack, position > 0);
        }
        true
    });
    escapes
}

/// Inside a function literal made after the statement that is kept rather than
/// deferred (`onClose := func() { ...; cancel() }`): the closure that owns the cancel
/// function outlives the call.
fn in_kept_closure(stack: &[Node<'_>], after: usize) -> bool {
    stack.iter().enumerate().any(|(i, literal)| {
        literal.kind() == kinds::FUNC_LITERAL
            && literal.start_byte() >= after
            && !(i >= 2
                && stack[i - 1].kind() == kinds::CALL_EXPRESSION
                && stack[i - 1].field("function") == Some(*literal)
                && stack[i - 2].kind() == kinds::DEFER_STATEMENT)
    })
}

/// The use `ident` of a derived context (or, with `is_cancel`, of its cancel function)
/// gives the value to something that outlives the statement: returned, sent, stored in
/// a composite literal or a field (or, for the cancel function, passed to any call).
fn hands_on(ident: Node<'_>, stack: &[Node<'_>], is_cancel: bool) -> bool {
    let mut child = ident;
    for parent in stack.iter().rev() {
        match parent.kind() {
            kinds::RETURN_STATEMENT | kinds::GO_STATEMENT | "send_statement" => return true,
            kinds::LITERAL_VALUE => return true,
            kinds::ARGUMENT_LIST => return is_cancel,
            kinds::ASSIGNMENT_STATEMENT => {
                let stored = parent.field("right") == Some(child)
                    && parent.field("left").is_some_and(|l| {
                        syntax::named_children(l).iter().any(|t| {
                            matches!(t.kind(), kinds::SELECTOR_EXPRESSION | "index_expression")
                        })
                    });
                return stored;
            }
            "expression_list"
            | "keyed_element"
            | "literal_element"
            | kinds::UNARY_EXPRESSION
            | "parenthesized_expression"
            | "composite_literal" => {}
            _ => return false,
        }
        child = *parent;
    }
    false
}
