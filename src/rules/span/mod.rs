//! The `span` family: tracing spans and execution-trace regions that are never
//! ended, ended too late (deferred in a loop) or ended by the wrong function
//! (taken from the context), and `runtime/trace.Start` outside the program's
//! entry points. Shared here: which calls start a span, which take one from a
//! context, and how a mention of a span variable uses it.
//!
//! Every API is recognised through the import table (aliases and dot-imports
//! included) and the model's types, never by the bare name `trace`: OpenTelemetry
//! (`Start` on a `trace.Tracer` from `otel.Tracer`, a provider's `Tracer`, or a
//! variable, field or package variable declared with that type), OpenCensus
//! (`trace.StartSpan`, `trace.StartSpanWithRemoteParent`), OpenTracing
//! (`opentracing.StartSpanFromContext`, `StartSpan`, ended by `Finish`) and
//! `runtime/trace` (`StartRegion`, `NewTask`), and the SDKs modelled as data in
//! `model::sdks` (Datadog v1/v2, Elastic APM, Sentry, New Relic, AWS X-Ray). A `Start` on a receiver of
//! unknown type is not a span start. Helpers named in `lifelint.toml` `[span]
//! start` are span starts returning `(ctx, span)`, like OpenTelemetry's `Start`,
//! ended by `End()`; passing the span to a function (such as a `[span] end`
//! helper) hands it off, which settles it as well.

pub mod discarded;
pub mod end_deferred_in_loop;
pub mod end_foreign;
pub mod end_missing;
pub mod trace_start_outside_main;

use crate::model::fields::Fields;
use crate::model::known::{OPENCENSUS_TRACE, OPENTRACING, OTEL_TRACE, RUNTIME_TRACE, span_ender};
use crate::model::summaries::Starters;
use crate::model::{Ty, kinds, sdks, syntax};
use crate::rules::Checker;
use tree_sitter::Node;

/// The names of every span-starting function and method: the cheap test first.
const START_NAMES: &[&str] = &[
    "Start",
    "StartSpan",
    "StartSpanWithRemoteParent",
    "StartSpanFromContext",
    "StartSpanFromContextWithTracer",
    "StartRegion",
    "NewTask",
];

/// Text one of which a file must contain to start a span: the start names of every
/// modelled API hold one (`Start`, `StartSpan`, `NewTask`, `BeginSubsegment`), and a
/// start whose name does not (dskit's `spanlogger.New`) is reached through an import
/// path holding the package's name.
pub const START_TRIGGERS: &[&str] = &["Start", "NewTask", "BeginS", "spanlogger"];

/// The cheap test before looking for span starts in `body`: it holds one of the
/// `START_TRIGGERS`, or calls through the local name of an imported package with a
/// start named otherwise (`sl.New(` after `import sl ".../dskit/spanlogger"`).
pub fn mentions_start(body: Node<'_>, checker: &Checker<'_>) -> bool {
    START_TRIGGERS.iter().any(|t| checker.contains(body, t))
        || checker.imports().named().any(|(name, path)| {
            sdks::SPAN_APIS
                .iter()
                .any(|api| api.path == path && !START_TRIGGERS.iter().any(|t| api.name.contains(t)))
                && checker.contains(body, &format!("{name}."))
        })
}

/// A call that starts a span (or a `runtime/trace` region or task).
#[derive(Debug, Clone, Copy)]
pub struct SpanStart {
    /// How many results the call has.
    pub results: usize,
    /// Which of them is the span.
    pub span_index: usize,
    /// The method that ends the span: `End` or `Finish`.
    pub ender: &'static str,
}

impl SpanStart {
    /// The call that ends the span, as code: `End()`, `Finish()`, or X-Ray's `Close(nil)`.
    pub fn end_call(&self) -> String {
        match self.ender {
            "Close" => "Close(nil)".to_string(),
            ender => format!("{ender}()"),
        }
    }

    /// The index of the derived context among the results, when the call returns one.
    pub fn context_index(&self) -> Option<usize> {
        (self.results == 2).then_some(1 - self.span_index)
    }
}

/// What `call` starts, if it certainly starts a span: a modelled API, a configured
/// helper, or a starter function of this package or of another package of the module.
pub fn span_start(call: Node<'_>, checker: &Checker<'_>) -> Option<SpanStart> {
    known_span_start(call, checker).or_else(|| module_starter(call, checker))
}

fn known_span_start(call: Node<'_>, checker: &Checker<'_>) -> Option<SpanStart> {
    let callee = syntax::callee(call, checker.source())?;
    let name = match callee {
        syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. } => name,
    };
    let start = |results, span_index, ender| {
        Some(SpanStart {
            results,
            span_index,
            ender,
        })
    };
    if !START_NAMES.contains(&name) && !sdks::is_start_name(name) {
        // A helper named in `lifelint.toml` `[span] start` returns `(ctx, span)`.
        return checker
            .calls_named(call, &checker.settings().extra_span_starts)
            .and_then(|_| start(2, 1, "End"))
            .or_else(|| package_starter(call, name, checker));
    }
    if let Some(target) = checker.qualified_call(call) {
        let configured = |known: Option<SpanStart>| {
            known.or_else(|| {
                checker
                    .calls_named(call, &checker.settings().extra_span_starts)
                    .and_then(|_| start(2, 1, "End"))
            })
        };
        return configured(match (target.path, target.name) {
            (OPENCENSUS_TRACE, "StartSpan" | "StartSpanWithRemoteParent") => start(2, 1, "End"),
            (OPENTRACING, "StartSpanFromContext" | "StartSpanFromContextWithTracer") => {
                start(2, 0, "Finish")
            }
            (OPENTRACING, "StartSpan") => start(1, 0, "Finish"),
            (RUNTIME_TRACE, "StartRegion") => start(1, 0, "End"),
            (RUNTIME_TRACE, "NewTask") => start(2, 1, "End"),
            (path, name) => sdks::function_api(path, name)
                .and_then(|api| start(api.results, api.span_index, api.ender)),
        });
    }
    let syntax::Callee::Selector { operand, name } = callee else {
        return None;
    };
    let receiver = checker.infer(operand)?;
    let receiver = receiver.pointee();
    match name {
        "Start" if receiver.is(OTEL_TRACE, "Tracer") => start(2, 1, "End"),
        "StartSpan" if receiver.is(OPENTRACING, "Tracer") => start(1, 0, "Finish"),
        _ => sdks::method_api(receiver, name)
            .and_then(|api| start(api.results, api.span_index, api.ender))
            .or_else(|| package_method_starter(receiver, name, checker)),
    }
}

/// A method of one of the package's own types that starts a span and returns it
/// (`func (w tracerWrapper) StartSpan(ctx, name) (context.Context, trace.Span)`),
/// called on a value of that type.
fn package_method_starter(receiver: &Ty, name: &str, checker: &Checker<'_>) -> Option<SpanStart> {
    let fact = package_starters(checker).get(&receiver.own_method_key(name)?, &|path| {
        checker.imported_facts(path)
    })?;
    Some(SpanStart {
        results: fact.results,
        span_index: fact.span_index,
        ender: fact.ender,
    })
}

/// A function of the package itself that starts a span and hands it to its caller:
/// `func startOp(ctx context.Context, name string) (context.Context, trace.Span)`
/// whose body calls a known span start. Its signature says which result is the span
/// (a span type of a modelled API); its body must start one (`.Start(`,
/// `StartSpan`, `StartSegment`, `BeginSubsegment`, ...) and not merely take one from a
/// context. Only plain calls of package-level functions (`startOp(...)`), not methods.
fn package_starter(call: Node<'_>, name: &str, checker: &Checker<'_>) -> Option<SpanStart> {
    let callee = syntax::callee(call, checker.source())?;
    if let syntax::Callee::Selector { operand, .. } = callee {
        // `w.startSpan(...)` on a value of the package's own type.
        let suffix = format!(".{name}");
        if !package_starters(checker)
            .names()
            .any(|key| key.ends_with(&suffix))
        {
            return None;
        }
        let receiver = checker.infer(operand)?;
        return package_method_starter(&receiver, name, checker);
    }
    if !checker.index().declares_function(name) {
        return None;
    }
    // A local variable or parameter of that name shadows the function.
    if checker
        .scope(call)
        .lookup(name, call.start_byte())
        .is_some()
    {
        return None;
    }
    let fact = package_starters(checker).get(name, &|path| checker.imported_facts(path))?;
    Some(SpanStart {
        results: fact.results,
        span_index: fact.span_index,
        ender: fact.ender,
    })
}

/// Whether `body` (a function body) names one of the package's own span starters.
pub fn mentions_package_starter(body: Node<'_>, checker: &Checker<'_>) -> bool {
    package_starters(checker).names().any(|key| {
        let name = key.rsplit('.').next().unwrap_or(key);
        checker.contains(body, name)
    })
}

/// True when the mention `ident` is an argument of a call to a function of the package
/// that only reads the span it receives there (`annotate(span, r)`, see
/// `summaries::add_span_readers`): the caller keeps the span and still owes its End.
pub fn passed_to_reader(ident: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(list) = ident.parent().filter(|p| p.kind() == kinds::ARGUMENT_LIST) else {
        return false;
    };
    let Some(call) = list.parent() else {
        return false;
    };
    let Some(syntax::Callee::Ident(name)) = syntax::callee(call, checker.source()) else {
        return false;
    };
    if !checker.index().declares_function(name)
        || checker
            .scope(call)
            .lookup(name, call.start_byte())
            .is_some()
    {
        return false;
    }
    let Some(position) = syntax::named_children(list)
        .iter()
        .filter(|arg| arg.kind() != "comment")
        .position(|arg| *arg == ident)
    else {
        return false;
    };
    let readers = checker.package_fact(&crate::rules::facts::SPAN_READERS);
    readers.contains(&(name.to_string(), position))
}

/// The package's own span starters, by function name, found once per package.
fn package_starters<'c>(checker: &Checker<'c>) -> &'c Starters {
    checker.package_fact(&crate::rules::facts::SPAN_STARTERS)
}

/// A function of another package of the module that starts a span and returns it:
/// `tracing.StartSpan(ctx, "name")` where `tracing` imports
/// `<module>/internal/tracing` (resolved through go.mod, see `model::summaries`).
/// Only names that contain `Start`, `BeginS` or `NewTask` are
/// looked up (the span rules' prefilter triggers), so no file is skipped that could hold one.
fn module_starter(call: Node<'_>, checker: &Checker<'_>) -> Option<SpanStart> {
    let syntax::Callee::Selector { operand, name } = syntax::callee(call, checker.source())? else {
        return None;
    };
    if !(name.contains("Start") || name.contains("BeginS") || name.contains("NewTask")) {
        return None;
    }
    let operand = syntax::unparen(operand);
    if operand.kind() != kinds::IDENTIFIER {
        return None;
    }
    let package = syntax::text(operand, checker.source());
    let path = checker.imports().path_of(package)?;
    // A local variable of that name shadows the import.
    if checker
        .scope(call)
        .lookup(package, call.start_byte())
        .is_some()
    {
        return None;
    }
    let dir = checker.file_path().parent()?;
    let fact = checker
        .module_summaries()?
        .facts_of_import(dir, path)?
        .starters
        .get(name, &|path| checker.imported_facts(path))?;
    Some(SpanStart {
        results: fact.results,
        span_index: fact.span_index,
        ender: fact.ender,
    })
}

/// The method that ends the span `call` takes from a context (`trace.SpanFromContext`
/// of OpenTelemetry, OpenCensus' `trace.FromContext`, `opentracing.SpanFromContext`).
pub fn span_from_context(call: Node<'_>, checker: &Checker<'_>) -> Option<&'static str> {
    let name = match syntax::callee(call, checker.source())? {
        syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. } => name,
    };
    if !name.ends_with("FromContext") {
        return None;
    }
    let target = checker.qualified_call(call)?;
    match (target.path, target.name) {
        (OTEL_TRACE, "SpanFromContext") | (OPENCENSUS_TRACE, "FromContext") => Some("End"),
        (OPENTRACING, "SpanFromContext") => Some("Finish"),
        _ => None,
    }
}

/// The method that ends the value `expr` denotes: by its type when it is a known span
/// type, or, for a variable, by the span start that declared it (a configured helper,
/// or a start whose receiver's type cannot be inferred).
pub fn ender_of(expr: Node<'_>, checker: &Checker<'_>) -> Option<&'static str> {
    checker
        .infer(expr)
        .as_ref()
        .and_then(span_ender)
        .or_else(|| ender_from_declaration(expr, checker))
}
/// The ender of the span variable `ident` from the statement that declared it:
/// `_, span := tracer.Start(...)` with any start `span_start` knows, configured
/// helpers included, when the type of `tracer` cannot be inferred.
fn ender_from_declaration(ident: Node<'_>, checker: &Checker<'_>) -> Option<&'static str> {
    if ident.kind() != kinds::IDENTIFIER {
        return None;
    }
    let name = syntax::text(ident, checker.source());
    let binding = checker
        .scope(ident)
        .lookup(name, ident.start_byte())?
        .clone();
    let root = checker.root();
    let decl = root.descendant_for_byte_range(binding.decl.start, binding.decl.end)?;
    let statement = syntax::ancestors(root, decl).into_iter().rev().find(|a| {
        matches!(
            a.kind(),
            kinds::SHORT_VAR_DECLARATION | kinds::VAR_SPEC | kinds::ASSIGNMENT_STATEMENT
        )
    })?;
    let (targets, values) = syntax::assignment_sides(statement)?;
    let [call] = values.as_slice() else {
        return None;
    };
    let start = span_start(syntax::unparen(*call), checker)?;
    let declared = targets.get(start.span_index)?;
    (targets.len() == start.results && declared.byte_range() == binding.decl).then_some(start.ender)
}

/// How one mention of a span variable uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanUse {
    /// `span.End()`, `span.Finish()`, or the method value `span.End` passed on.
    Ended,
    /// Any other method or field: `span.SetAttributes(...)`, `span.SpanContext()`.
    Used,
    /// Assigned, or compared with `nil`.
    Neither,
    /// Passed, returned, stored, sent, or its address taken: someone else ends it.
    HandedOff,
}

/// How the identifier `ident` (a mention of a span variable, classified by
/// `locals::classify` as `kind`) uses the span that ends with `ender`.
pub fn span_use(
    ident: Node<'_>,
    kind: crate::rules::locals::MentionKind,
    ender: &str,
    source: &str,
) -> SpanUse {
    use crate::rules::locals::MentionKind;
    match kind {
        MentionKind::Assigned | MentionKind::Compared => return SpanUse::Neither,
        MentionKind::Called => return SpanUse::Used,
        MentionKind::HandedOff => {}
    }
    let mut child = ident;
    let mut parent = ident.parent();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = p.parent();
    }
    match parent {
        Some(p) if p.kind() == kinds::SELECTOR_EXPRESSION && p.field("operand") == Some(child) => {
            let field = p.field("field").map(|f| syntax::text(f, source));
            if field.is_some_and(|field| sdks::ends_span(field, ender)) {
                SpanUse::Ended
            } else {
                SpanUse::Used
            }
        }
        _ => SpanUse::HandedOff,
    }
}

/// True when the mention `ident` only reads the span: an argument of a printing or
/// logging call (`fmt.Print(span)`, `log.Printf("%v", span)`), or the value of
/// `_ = span`. Neither keeps the span, so neither ends it nor takes it on.
pub fn only_read(ident: Node<'_>, checker: &Checker<'_>) -> bool {
    let mut child = ident;
    let mut parent = ident.parent();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = p.parent();
    }
    let Some(parent) = parent else {
        return false;
    };
    match parent.kind() {
        kinds::ARGUMENT_LIST => parent.parent().is_some_and(|call| {
            call.kind() == kinds::CALL_EXPRESSION
                && crate::rules::logging::is_package_logging_call(call, checker)
        }),
        kinds::EXPRESSION_LIST => parent.parent().is_some_and(|statement| {
            statement.kind() == kinds::ASSIGNMENT_STATEMENT
                && statement.field("right") == Some(parent)
                && syntax::list_items(parent).len() == 1
                && Some(child) == syntax::list_items(parent).first().copied()
                && statement.field("left").is_some_and(|left| {
                    syntax::list_items(left)
                        .iter()
                        .all(|item| syntax::is_blank(*item, checker.source()))
                })
        }),
        _ => false,
    }
}

/// A short name for the starting call in messages: the callee as written, with
/// argument lists elided (`tracer.Start`, `otel.Tracer(...).Start`).
pub fn callee_label(call: Node<'_>, source: &str) -> String {
    let Some(function) = call.field("function") else {
        return "the call".to_string();
    };
    let mut out = String::new();
    elide_arguments(function, source, &mut out, 0);
    if (out.len() > 60 || out.contains('\n'))
        && let Some(syntax::Callee::Selector { name, .. } | syntax::Callee::Ident(name)) =
            syntax::callee(call, source)
    {
        return name.to_string();
    }
    out
}

fn elide_arguments(node: Node<'_>, source: &str, out: &mut String, depth: usize) {
    if node.kind() == kinds::ARGUMENT_LIST {
        out.push_str("(...)");
        return;
    }
    if node.child_count() == 0 || depth > 16 {
        out.push_str(syntax::text(node, source));
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        elide_arguments(child, source, out, depth + 1);
    }
}

/// True when `function` is `main` of package `main`, an `init`, or `TestMain`, or a
/// literal that one of those calls, defers or starts on the spot.
pub fn runs_at_program_level(function: Node<'_>, checker: &Checker<'_>) -> bool {
    let source = checker.source();
    let root = checker.root();
    let mut function = function;
    loop {
        match function.kind() {
            kinds::FUNCTION_DECLARATION => {
                let name = function.field("name").map(|n| syntax::text(n, source));
                return match name {
                    Some("init") => true,
                    Some("main") => in_main_package(checker),
                    Some("TestMain") => checker.in_test_file(),
                    _ => false,
                };
            }
            kinds::FUNC_LITERAL => {
                let ancestors = syntax::ancestors(root, function);
                let mut callee = function;
                let mut above = ancestors.iter().rev();
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
                let Some(outer) = ancestors.iter().rev().find(|a| syntax::is_function(**a)) else {
                    return false;
                };
                function = *outer;
            }
            _ => return false,
        }
    }
}

pub fn in_main_package(checker: &Checker<'_>) -> bool {
    syntax::named_children(checker.root())
        .into_iter()
        .find(|n| n.kind() == kinds::PACKAGE_CLAUSE)
        .and_then(|clause| syntax::named_children(clause).into_iter().next())
        .is_some_and(|name| syntax::text(name, checker.source()) == "main")
}

#[cfg(test)]
mod tests {
    use super::START_TRIGGERS;
    use crate::model::sdks::SPAN_APIS;

    /// The prefilter's triggers let through every file that can call a modelled start.
    #[test]
    fn every_modelled_start_is_seen_by_the_triggers() {
        for api in SPAN_APIS {
            assert!(
                START_TRIGGERS
                    .iter()
                    .any(|t| api.name.contains(t) || api.path.contains(t)),
                "{} {}",
                api.path,
                api.name
            );
        }
    }
}
