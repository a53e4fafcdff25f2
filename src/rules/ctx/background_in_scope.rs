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
    triggers: &[],
    package_needs: None,
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
            || runs_later(&ancestors, binding.decl.start)
            || after_done(&ancestors, &binding.name, source)
            || checker.in_test_code(call)
            || on_error_path(&ancestors, source)
            || feeds_a_field(call, &ancestors, source)
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
/// and the bodies of `main`, `init` and `TestMain`.
fn is_exempt_place(ancestors: &[Node<'_>], source: &str) -> bool {
    if ancestors.iter().any(|a| a.kind() == kinds::DEFER_STATEMENT) {
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
            && a.child_by_field_name("name")
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

/// Inside a function literal passed as an argument (a callback, `singleflight.Do`, an
/// `AfterFunc`): it may run after the function that has the context returned.
fn runs_later(ancestors: &[Node<'_>], context_declared_at: usize) -> bool {
    ancestors.windows(2).any(|w| {
        w[0].kind() == kinds::ARGUMENT_LIST
            && w[1].kind() == kinds::FUNC_LITERAL
            && w[1].start_byte() > context_declared_at
    })
}

/// Under `if err != nil`: cleanup after a failure, when the context may be what failed.
fn on_error_path(ancestors: &[Node<'_>], source: &str) -> bool {
    ancestors.iter().any(|a| {
        a.kind() == kinds::IF_STATEMENT
            && a.child_by_field_name("condition").is_some_and(|c| {
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
            && a.child_by_field_name("communication").is_some_and(|c| {
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

/// A comment on the two lines above the statement that talks about the context: the
/// author chose a fresh one on purpose and said why.
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
    let file = &checker.file().source;
    let first = file.line_index(statement.start_byte());
    // Comments before a block's first statement belong to the block, not to its list.
    let mut holders = vec![block];
    if let Some(outer) = ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == kinds::BLOCK && **a != block)
    {
        holders.push(*outer);
    }
    holders.into_iter().any(|holder| {
        let mut cursor = holder.walk();
        holder.children(&mut cursor).any(|comment| {
            let line = comment.start_position().row;
            comment.kind() == kinds::COMMENT && line < first && line + 2 >= first && {
                let text = syntax::text(comment, checker.source()).to_ascii_lowercase();
                [
                    "context",
                    "ctx",
                    "background",
                    "todo(",
                    "cancel",
                    "detach",
                    "outlive",
                ]
                .iter()
                .any(|word| text.contains(word))
            }
        })
    })
}

/// `if ctx == nil { ctx = context.Background() }` and `ctx = context.TODO()`: a fallback for
/// a missing context, not a detachment.
fn is_nil_fallback(call: Node<'_>, ancestors: &[Node<'_>], name: &str, source: &str) -> bool {
    let assigned_to_it = ancestors.iter().rev().take(3).any(|a| {
        a.kind() == kinds::ASSIGNMENT_STATEMENT
            && syntax::assignment_sides(*a).is_some_and(|(left, right)| {
                left.iter()
                    .zip(&right)
                    .any(|(l, r)| syntax::text(*l, source) == name && syntax::contains(*r, call))
            })
    });
    let under_nil_check = ancestors.iter().any(|a| {
        a.kind() == kinds::IF_STATEMENT
            && a.child_by_field_name("condition").is_some_and(|c| {
                let text = syntax::text(c, source);
                text.contains(name) && text.contains("nil")
            })
    });
    assigned_to_it || under_nil_check
}
