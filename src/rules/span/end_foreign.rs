//! `span-end-foreign`: a deferred `span.End()` on a span the function took
//! from the context it was given (`trace.SpanFromContext(ctx)`), not one it
//! started: that span belongs to a caller, which goes on using it and ends it
//! itself; ending it here cuts it short and makes the caller's `End` a no-op.
//!
//! Only contexts the function received are foreign: a parameter it never
//! reassigns, or `r.Context()` of an `*http.Request` parameter. A context
//! derived in the function (`ctx, _ = tracer.Start(ctx, ...)`) carries a span
//! the function may end. A plain, not deferred `span.End()` is taken as deliberate:
//! finalizer hooks end the span a sibling hook started, through the context. A
//! package with a helper that starts a span and returns its context (a start/end
//! helper pair) hands spans around in contexts on purpose: silent there.

use super::span_from_context;
use crate::model::scope::BindingKind;
use crate::rules::locals::{Local, MentionKind, local_of, mentions};
use crate::rules::prelude::*;

pub struct EndForeign;

static META: RuleMeta = RuleMeta {
    id: "span-end-foreign",
    family: Family::Span,
    severity: Severity::Error,
    summary: "span taken from the caller's context ended here, cutting the caller's span short",
    page: include_str!("../../../rules/span-end-foreign.md"),
    needs_import: None,
    triggers: &["FromContext"],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for EndForeign {
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
        if !checker.contains(body, "FromContext") {
            return;
        }
        let mut findings: Vec<(Node<'_>, String)> = Vec::new();
        let source = checker.source();
        syntax::walk_with_ancestors(body, &mut |node, _| {
            if node.kind() == kinds::FUNC_LITERAL {
                return false;
            }
            // `trace.SpanFromContext(ctx).End()`
            if node.kind() == kinds::CALL_EXPRESSION
                && let Some(syntax::Callee::Selector { operand, name }) =
                    syntax::callee(node, source)
                && operand.kind() == kinds::CALL_EXPRESSION
                && span_from_context(operand, checker) == Some(name)
                && is_deferred(node)
                && foreign_context(operand, function, checker)
            {
                findings.push((
                    node,
                    format!(
                        "`{name}` ends the span of the caller's context, not one this function started"
                    ),
                ));
                return true;
            }
            // `span := trace.SpanFromContext(ctx)` ... `span.End()`
            if !matches!(
                node.kind(),
                kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT | kinds::VAR_SPEC
            ) {
                return true;
            }
            let Some((targets, values)) = syntax::assignment_sides(node) else {
                return true;
            };
            let ([target], [call]) = (targets.as_slice(), values.as_slice()) else {
                return true;
            };
            let call = syntax::unparen(*call);
            let Some(ender) = span_from_context(call, checker) else {
                return true;
            };
            if !foreign_context(call, function, checker) {
                return true;
            }
            let Some((span, BindingKind::Local)) = local_of(*target, checker) else {
                return true;
            };
            if let Some(end) = first_end(function, &span, ender, node, checker) {
                findings.push((
                    end,
                    format!(
                        "`{}.{ender}` ends the span of the caller's context, not one this function started",
                        span.name
                    ),
                ));
            }
            true
        });
        if findings.is_empty() || package_has_span_starter(checker) {
            return;
        }
        for (node, message) in findings {
            checker.report(node, message);
        }
    }
}

/// The first `span.End()` call of `span` (assigned at `assignment`) in `function`,
/// when the variable only ever holds the span from the context.
fn first_end<'t>(
    function: Node<'t>,
    span: &Local,
    ender: &str,
    assignment: Node<'_>,
    checker: &Checker<'_>,
) -> Option<Node<'t>> {
    let source = checker.source();
    let mentions = mentions(function, span, checker);
    let reassigned = mentions.iter().any(|m| {
        m.kind == MentionKind::Assigned && !syntax::contains(assignment, m.node)
            || m.kind == MentionKind::HandedOff && is_address_taken(m.node, source)
    });
    if reassigned {
        return None;
    }
    mentions.iter().find_map(|m| {
        let selector = m.node.parent()?;
        if selector.kind() != kinds::SELECTOR_EXPRESSION
            || selector.field("operand") != Some(m.node)
            || !selector
                .field("field")
                .is_some_and(|f| crate::model::sdks::ends_span(syntax::text(f, source), ender))
        {
            return None;
        }
        let call = selector.parent()?;
        (call.kind() == kinds::CALL_EXPRESSION
            && call.field("function") == Some(selector)
            && is_deferred(call))
        .then_some(call)
    })
}

/// True when `call` runs when the function returns: `defer span.End()`, or inside a
/// literal that is deferred (`defer func() { ...; span.End() }()`). A plain `span.End()`
/// is taken as deliberate: hooks such as RPC finalizers and stats handlers end the
/// span another hook started, and get it from the context.
fn is_deferred(call: Node<'_>) -> bool {
    let mut node = call;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            kinds::DEFER_STATEMENT => return true,
            kinds::FUNC_LITERAL => {
                let Some(invocation) = parent.parent() else {
                    return false;
                };
                return invocation.kind() == kinds::CALL_EXPRESSION
                    && invocation.field("function") == Some(parent)
                    && invocation
                        .parent()
                        .is_some_and(|d| d.kind() == kinds::DEFER_STATEMENT);
            }
            kinds::FUNCTION_DECLARATION | kinds::METHOD_DECLARATION => return false,
            _ => node = parent,
        }
    }
    false
}

/// Some function of the package starts a span and returns the context that carries it
/// (`func startOp(ctx) context.Context { ctx, _ = tracer.Start(ctx, "op"); return ctx }`):
/// the package hands spans around in contexts on purpose, and a function that ends the
/// span of the context it is given is the other half of that pair, not a thief.
fn package_has_span_starter(checker: &Checker<'_>) -> bool {
    !checker
        .package_fact(&crate::rules::facts::CONTEXT_SPAN_STARTERS)
        .is_empty()
}

/// The names of a file's functions and methods whose result mentions `Context` and
/// whose body calls `.Start(` or `StartSpan` (see `package_has_span_starter`).
pub(crate) fn add_context_span_starters(
    root: Node<'_>,
    source: &str,
    _imports: &crate::model::Imports,
    starters: &mut std::collections::HashSet<String>,
) {
    for decl in syntax::named_children(root) {
        if !matches!(
            decl.kind(),
            kinds::FUNCTION_DECLARATION | kinds::METHOD_DECLARATION
        ) {
            continue;
        }
        let returns_context = decl
            .field("result")
            .is_some_and(|r| syntax::text(r, source).contains("Context"));
        let starts = decl.field("body").is_some_and(|b| {
            let body = syntax::text(b, source);
            body.contains(".Start(") || body.contains("StartSpan")
        });
        if returns_context && starts {
            let name = decl.field("name");
            starters.insert(name.map_or_else(String::new, |n| syntax::text(n, source).to_string()));
        }
    }
}

fn is_address_taken(ident: Node<'_>, source: &str) -> bool {
    ident.parent().is_some_and(|p| {
        p.kind() == kinds::UNARY_EXPRESSION
            && p.field("operator")
                .is_some_and(|o| syntax::text(o, source) == "&")
    })
}

/// True when the context argument of `call` is one the function was given: a parameter
/// of `function` that it never assigns, or `r.Context()` of such an `*http.Request`.
fn foreign_context(call: Node<'_>, function: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(argument) = syntax::call_arguments(call)
        .into_iter()
        .next()
        .map(syntax::unparen)
    else {
        return false;
    };
    let ident = match argument.kind() {
        kinds::IDENTIFIER => argument,
        kinds::CALL_EXPRESSION => match syntax::callee(argument, checker.source()) {
            Some(syntax::Callee::Selector {
                operand,
                name: "Context",
            }) if operand.kind() == kinds::IDENTIFIER
                && checker
                    .infer(operand)
                    .is_some_and(|ty| ty.pointee().is("net/http", "Request")) =>
            {
                operand
            }
            _ => return false,
        },
        _ => return false,
    };
    let Some((local, BindingKind::Parameter)) = local_of(ident, checker) else {
        return false;
    };
    // A parameter of this very function (its signature lies before the body).
    let Some(body) = function.field("body") else {
        return false;
    };
    if !(function.start_byte() <= local.decl.start && local.decl.end <= body.start_byte()) {
        return false;
    }
    !mentions(function, &local, checker)
        .iter()
        .any(|m| m.kind == MentionKind::Assigned || is_address_taken(m.node, checker.source()))
}
