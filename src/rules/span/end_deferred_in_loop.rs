//! `span-end-deferred-in-loop`: `defer span.End()` (or `Finish`) in the body of a
//! loop, in the same function: the deferred calls run only when the function
//! returns, so every span the loop starts stays open until then, and all of them
//! end at once with the wrong duration. A defer inside a function literal that
//! each iteration calls is how to scope it, and is silent. The span is known by
//! its type, by the call that declared it (a known or `[span] start` helper), or
//! by being passed to a `[span] end` helper (`defer mypkg.EndSpan(span)`).

use super::{ender_of, span_start};
use crate::rules::prelude::*;

pub struct EndDeferredInLoop;

static META: RuleMeta = RuleMeta {
    id: "span-end-deferred-in-loop",
    family: Family::Span,
    severity: Severity::Warning,
    summary: "span ended by `defer` inside a loop: it stays open until the function returns",
    page: include_str!("../../../rules/span-end-deferred-in-loop.md"),
    needs_import: None,
    triggers: &[".End(", ".Finish("],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for EndDeferredInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::DEFER_STATEMENT]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        let Some(call) = node.named_child(0).map(syntax::unparen) else {
            return;
        };
        let Some(span) = ended_span(call, checker) else {
            return;
        };
        // The nearest loop or function around the defer: only a loop of the same function counts.
        let ancestors = syntax::ancestors(checker.root(), node);
        let Some(around) = ancestors
            .iter()
            .rev()
            .find(|a| a.kind() == kinds::FOR_STATEMENT || syntax::is_function(**a))
        else {
            return;
        };
        if around.kind() != kinds::FOR_STATEMENT {
            return;
        }
        let span = syntax::text(span, checker.source()).to_string();
        checker
            .report(
                node,
                format!(
                    "`{span}` is ended by `defer` inside a loop: every iteration's span stays open until the function returns, so its duration takes in all the iterations after it"
                ),
            )
            .related(
                around.byte_range(),
                "end it at the end of each iteration, or move the body into a function",
            );
    }
}

/// The span expression that a deferred `call` ends: `span.End()`, `trace.StartRegion(ctx,
/// "x").End()`, or a literal `func() { ...; span.End() }()` that ends a span of the
/// enclosing function.
fn ended_span<'t>(call: Node<'t>, checker: &Checker<'_>) -> Option<Node<'t>> {
    if call.kind() != kinds::CALL_EXPRESSION {
        return None;
    }
    let function = syntax::unparen(call.field("function")?);
    if function.kind() == kinds::FUNC_LITERAL {
        let body = function.field("body")?;
        return syntax::statements(body).into_iter().find_map(|statement| {
            let inner = statement.named_child(0).map(syntax::unparen)?;
            if statement.kind() != kinds::EXPRESSION_STATEMENT {
                return None;
            }
            let span = ends_span(inner, checker)?;
            // Declared outside the literal: the literal ends the loop's span.
            let name = syntax::text(span, checker.source());
            let binding_outside = span.kind() == kinds::IDENTIFIER
                && checker
                    .scope(span)
                    .lookup(name, span.start_byte())
                    .is_some_and(|b| b.decl.end <= function.start_byte());
            binding_outside.then_some(span)
        });
    }
    ends_span(call, checker)
}

/// `x.End()` or `x.Finish()` where `x` is a span variable or a call that starts a span,
/// or `end(x)` for a `[span] end` helper `end`.
fn ends_span<'t>(call: Node<'t>, checker: &Checker<'_>) -> Option<Node<'t>> {
    if checker
        .calls_named(call, &checker.settings().extra_span_ends)
        .is_some()
    {
        let span = syntax::unparen(*syntax::call_arguments(call).first()?);
        return (span.kind() == kinds::IDENTIFIER).then_some(span);
    }
    let syntax::Callee::Selector { operand, name } = syntax::callee(call, checker.source())? else {
        return None;
    };
    if !matches!(name, "End" | "Finish") {
        return None;
    }
    let ender = match operand.kind() {
        kinds::IDENTIFIER => ender_of(operand, checker)?,
        kinds::CALL_EXPRESSION => {
            let start = span_start(operand, checker)?;
            if start.results != 1 {
                return None;
            }
            start.ender
        }
        _ => return None,
    };
    crate::model::sdks::ends_span(name, ender).then_some(operand)
}
