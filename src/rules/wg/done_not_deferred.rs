//! `wg-done-not-deferred`: `wg.Done()` called without `defer` in a goroutine body
//! that can return before reaching it. The early `return` skips the `Done`, and the
//! `Wait` of the code that started the goroutine blocks forever.
//!
//! The goroutine is a function literal started with `go`; its own body (not the
//! literals nested in it) calls `wg.Done()` as a plain statement and never defers a
//! `Done` on the same WaitGroup. The body is walked from its first statement with the
//! `Done` still owed (`model::paths`); every `return` an owing path reaches is
//! reported as a related place. A `Done` on the path before the `return` settles it,
//! so `if err != nil { wg.Done(); return }` is fine. Calls that might panic are not
//! counted (every call might), and neither are `panic` and `os.Exit`.
//!
//! A named function or method of the package that the package starts with `go`
//! (`go s.worker(jobs)`, `go drain(&wg, ch)`) is a goroutine body too: its plain
//! `Done` on a WaitGroup it receives (a parameter, or a field of its receiver) is
//! checked the same way.

use super::{Goroutine, Method, WgCall, is_deferred, key_of, own_nodes, wait_group_call};
use crate::model::paths::{Exit, PathOracle, walk_paths};
use crate::rules::prelude::*;

pub struct DoneNotDeferred;

static META: RuleMeta = RuleMeta {
    id: "wg-done-not-deferred",
    family: Family::Wg,
    severity: Severity::Warning,
    summary: "`WaitGroup.Done` not deferred in a goroutine that can return before reaching it",
    page: include_str!("../../../rules/wg-done-not-deferred.md"),
    needs_import: Some("sync"),
    triggers: &[".Done("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for DoneNotDeferred {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[
            kinds::GO_STATEMENT,
            kinds::FUNCTION_DECLARATION,
            kinds::METHOD_DECLARATION,
        ]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        if node.kind() != kinds::GO_STATEMENT {
            if let Some(calls) = goroutine_declaration_calls(node, checker) {
                let name = node.field("name").map(|n| {
                    format!(
                        "`{}`, started with `go`,",
                        syntax::text(n, checker.source())
                    )
                });
                check_goroutine_body(node, &calls, name.as_deref(), checker);
            }
            return;
        }
        let Some((goroutine, _)) =
            Goroutine::with_body_containing(node, checker.source(), &[".Done(", "return"])
        else {
            return;
        };
        let calls = goroutine.wait_group_calls(checker);
        check_goroutine_body(goroutine.literal, &calls, None, checker);
    }
}

/// The WaitGroup calls of a function or method declaration that the package starts
/// with `go`, on a WaitGroup the function receives (a parameter, or reached from its
/// receiver); `None` when the declaration is not such a goroutine body.
fn goroutine_declaration_calls<'t>(
    declaration: Node<'t>,
    checker: &Checker<'_>,
) -> Option<Vec<WgCall<'t>>> {
    let source = checker.source();
    let body = declaration.field("body")?;
    if !checker.contains(body, ".Done(") || !checker.contains(body, "return") {
        return None;
    }
    let received: Vec<std::ops::Range<usize>> = ["receiver", "parameters"]
        .iter()
        .filter_map(|field| declaration.field(field))
        .map(|n| n.byte_range())
        .collect();
    let calls: Vec<WgCall<'t>> = own_nodes(body, kinds::CALL_EXPRESSION)
        .into_iter()
        .filter_map(|call| wait_group_call(call, checker))
        .filter(|wg| {
            wg.root().is_some_and(|root| {
                checker
                    .scope(root)
                    .lookup(syntax::text(root, source), root.start_byte())
                    .is_some_and(|b| {
                        received
                            .iter()
                            .any(|r| r.start <= b.decl.start && b.decl.end <= r.end)
                    })
            })
        })
        .collect();
    if !calls.iter().any(|wg| wg.method == Method::Done) {
        return None;
    }
    let name = syntax::text(declaration.field("name")?, source);
    let method = declaration.kind() == kinds::METHOD_DECLARATION;
    checker
        .package_fact(&crate::rules::facts::GO_STARTED)
        .contains(&(name.to_string(), method))
        .then_some(calls)
}

/// The functions and methods a file's text starts with a `go` statement calling them
/// directly: `go name(` gives (name, false), `go x.name(` (any operand written as
/// identifiers and dots) gives (name, true).
pub(crate) fn add_go_started(
    _root: Node<'_>,
    text: &str,
    _imports: &crate::model::Imports,
    started: &mut std::collections::HashSet<(String, bool)>,
) {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for (at, _) in text.match_indices("go ") {
        if at > 0 && ident(bytes[at - 1]) {
            continue;
        }
        let rest = text[at + 3..].trim_start_matches([' ', '\t']);
        let callee_len = rest.bytes().take_while(|b| ident(*b) || *b == b'.').count();
        let callee = &rest[..callee_len];
        if !rest[callee_len..].starts_with('(') {
            continue;
        }
        match callee.rsplit_once('.') {
            Some((operand, last)) if !operand.is_empty() => {
                started.insert((last.to_string(), true));
            }
            Some(_) => {}
            None => {
                started.insert((callee.to_string(), false));
            }
        }
    }
}

/// Reports each WaitGroup whose plain `Done` in the goroutine body `function` is
/// skipped by an early `return`; `who` names a declared function in the message.
fn check_goroutine_body(
    function: Node<'_>,
    calls: &[WgCall<'_>],
    who: Option<&str>,
    checker: &mut Checker<'_>,
) {
    let who = who.unwrap_or("the goroutine");
    let mut keys: Vec<&str> = Vec::new();
    for done in calls.iter().filter(|c| c.method == Method::Done) {
        if keys.contains(&done.key.as_str()) {
            continue;
        }
        keys.push(&done.key);
        let same: Vec<&WgCall<'_>> = calls
            .iter()
            .filter(|c| c.method == Method::Done && c.key == done.key)
            .collect();
        // The body counts its own work (`wg.Add(1); work(); wg.Done()`): its `Done`
        // pairs with that `Add`, not with one made before it started.
        if calls
            .iter()
            .any(|c| c.method == Method::Add && c.key == done.key)
        {
            continue;
        }
        // `Done()` once per work item in a loop: the WaitGroup counts items, not
        // goroutines, and a `defer` would call it once, at the wrong time.
        let per_item = same.iter().any(|c| {
            syntax::ancestors(function, c.call)
                .iter()
                .any(|a| a.kind() == kinds::FOR_STATEMENT)
        });
        if per_item
            || same.iter().any(|c| is_deferred(c.call))
            || !same.iter().any(|c| {
                c.call
                    .parent()
                    .is_some_and(|p| p.kind() == kinds::EXPRESSION_STATEMENT)
            })
        {
            continue;
        }
        let oracle = Owed {
            dones: &same,
            checker,
        };
        let Some(summary) = walk_paths(function, checker.source(), &oracle) else {
            continue;
        };
        let returns: Vec<Node<'_>> = summary
            .leaks
            .iter()
            .filter_map(|exit| match exit {
                Exit::Return(node) => Some(*node),
                Exit::EndOfBody(_) => None,
            })
            .collect();
        if returns.is_empty() {
            continue;
        }
        let key = &key_of(done.receiver, checker.source());
        let diagnostic = checker.report(
            done.call,
            format!(
                "`{key}.Done()` is skipped when {who} returns early: `defer {key}.Done()` at its start"
            ),
        );
        for exit in returns {
            diagnostic.related(
                exit.byte_range(),
                format!("returns without calling `{key}.Done()`"),
            );
        }
    }
}

/// The goroutine owes a `Done` from its first statement; a statement holding one
/// of its `Done` calls settles it.
struct Owed<'o, 't, 'c> {
    dones: &'o [&'o WgCall<'t>],
    checker: &'o Checker<'c>,
}

impl PathOracle for Owed<'_, '_, '_> {
    fn creates(&self, _node: Node<'_>) -> bool {
        false
    }

    fn settles(&self, node: Node<'_>) -> bool {
        let range = node.byte_range();
        self.dones.iter().any(|done| {
            let call = done.call.byte_range();
            range.start <= call.start && call.end <= range.end
        })
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }

    fn open_at_entry(&self) -> bool {
        true
    }
}
