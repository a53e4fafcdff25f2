//! `wg-done-missing`: a goroutine started after `wg.Add` that never calls
//! `wg.Done`, nor hands the WaitGroup on: `wg.Wait` blocks forever.
//!
//! For each `wg.Add(...)` statement of a function, the goroutines started by the
//! statements that follow it in the same block (loops and branches included, up to
//! the next statement that calls a method of the same WaitGroup) are the ones it can
//! account for. When none of them mentions the WaitGroup (nor the variable that
//! holds it, nor calls a local function value that might), the first is reported.
//!
//! Precision first, so silent when the WaitGroup could be settled elsewhere: it is
//! held in a package variable; its variable is ever used other than as the receiver
//! of `Add`/`Done`/`Wait`/`Go` (its address taken, passed, stored, copied); or some
//! `Done` on it sits outside every goroutine (in a callback, a deferred closure, or
//! the function itself), or in the goroutine that calls the `Add` (a worker counting
//! work items).

use std::collections::HashSet;

use crate::model::scope::BindingKind;
use crate::model::summaries::WgSettle;

use super::{Method, WgCall, given_to, own_nodes, wait_group_call};
use crate::rules::prelude::*;

pub struct DoneMissing;

static META: RuleMeta = RuleMeta {
    id: "wg-done-missing",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "goroutine started after `WaitGroup.Add` never calls `Done`",
    page: include_str!("../../../rules/wg-done-missing.md"),
    needs_import: Some("sync"),
    triggers: &[".Add("],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for DoneMissing {
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
        if !checker.contains(body, ".Add(") || !checker.contains(body, "go ") {
            return;
        }
        let Some(declaration) = checker.top_level_declaration(function) else {
            return;
        };
        let mut reported = HashSet::new();
        for call in own_nodes(body, kinds::CALL_EXPRESSION) {
            let Some(add) = wait_group_call(call, checker).filter(|c| c.method == Method::Add)
            else {
                continue;
            };
            let Some(statement) = call
                .parent()
                .filter(|s| s.kind() == kinds::EXPRESSION_STATEMENT)
            else {
                continue;
            };
            let Some(accounting) = AddSite::new(&add, declaration, checker) else {
                continue;
            };
            let goroutines = accounting.goroutines_after(statement, checker);
            let Some(first) = goroutines.first() else {
                continue;
            };
            if goroutines.iter().any(|go| accounting.reaches(*go, checker))
                || !reported.insert(first.id())
            {
                continue;
            }
            let key = &add.key;
            // A goroutine that gives the WaitGroup to a function that does not settle it.
            let pass = goroutines.iter().find_map(|go| {
                let range = go.byte_range();
                accounting
                    .unsettling
                    .iter()
                    .find(|p| range.start <= p.at.start && p.at.end <= range.end)
                    .map(|p| (*go, p))
            });
            let Some((go, pass)) = pass else {
                checker
                    .report(
                        *first,
                        format!(
                            "goroutine started after `{key}.Add` never calls `{key}.Done`: `{key}.Wait` blocks forever"
                        ),
                    )
                    .related(add.call.byte_range(), "counted here");
                continue;
            };
            let callee = &pass.callee;
            let message = match pass.settle {
                WgSettle::SomePaths => format!(
                    "goroutine started after `{key}.Add` gives the WaitGroup to `{callee}`, which returns without calling `Done` on some paths: `{key}.Wait` can block forever"
                ),
                _ => format!(
                    "goroutine started after `{key}.Add` gives the WaitGroup to `{callee}`, which never calls `Done`: `{key}.Wait` blocks forever"
                ),
            };
            checker
                .report(go, message)
                .related(add.call.byte_range(), "counted here")
                .related(pass.at.clone(), "given here");
        }
    }
}

/// One `Add` and the variable that holds its WaitGroup.
struct AddSite {
    key: String,
    /// The name of the variable at the root of the key (`wg`, or `s` of `s.wg`).
    root: String,
    call_range: std::ops::Range<usize>,
    /// The places where `&wg` is given to a function that does not settle it.
    unsettling: Vec<Pass>,
}

/// `&wg` given as an argument to a function whose summary says it never calls
/// `Done`, or calls it on some paths only.
struct Pass {
    /// The byte range of the `wg` identifier in `&wg`.
    at: std::ops::Range<usize>,
    settle: WgSettle,
    /// The callee as written (`worker.Run`).
    callee: String,
}

impl AddSite {
    /// The site, when the WaitGroup is held in a local variable (or parameter,
    /// receiver) used only in ways the rule can follow.
    fn new(add: &WgCall<'_>, declaration: Node<'_>, checker: &Checker<'_>) -> Option<Self> {
        let source = checker.source();
        let root = add.root()?;
        let name = syntax::text(root, source);
        let binding = checker.scope(root).lookup(name, root.start_byte())?.clone();
        let plain = add.key == name;
        // A WaitGroup handed in by the caller may be settled by the caller.
        if plain && binding.kind != BindingKind::Local {
            return None;
        }
        let mut followable = true;
        let mut done_outside_goroutine = false;
        let mut unsettling = Vec::new();
        syntax::walk_with_ancestors(declaration, &mut |node, ancestors| {
            if !followable || done_outside_goroutine {
                return false;
            }
            if node.kind() == kinds::CALL_EXPRESSION
                && let Some(wg) = wait_group_call(node, checker)
                && wg.key == add.key
                && wg.method == Method::Done
                && (!in_goroutine_literal(ancestors) || beside_the_add(ancestors, add.call))
            {
                done_outside_goroutine = true;
            }
            if node.kind() != kinds::IDENTIFIER
                || syntax::text(node, source) != name
                || checker
                    .scope(node)
                    .lookup(name, node.start_byte())
                    .is_none_or(|b| b.decl != binding.decl)
            {
                return true;
            }
            let Some(parent) = ancestors.last() else {
                return true;
            };
            let operand = parent.kind() == kinds::SELECTOR_EXPRESSION
                && parent.field("operand") == Some(node);
            let method_call = operand
                && ancestors.len() >= 2
                && ancestors[ancestors.len() - 2].kind() == kinds::CALL_EXPRESSION
                && parent.field("field").is_some_and(|f| {
                    matches!(syntax::text(f, source), "Add" | "Done" | "Wait" | "Go")
                });
            let declared_here = node.byte_range() == binding.decl;
            if plain && let Some((settle, same_package, callee)) = given_to(node, checker) {
                let in_goroutine = in_goroutine_literal(ancestors)
                    || ancestors.len() >= 4
                        && ancestors[ancestors.len() - 4].kind() == kinds::GO_STATEMENT;
                match settle {
                    WgSettle::Every if !in_goroutine => done_outside_goroutine = true,
                    WgSettle::Every => {}
                    // Same package: `wg-done-not-deferred` checks the function itself.
                    WgSettle::SomePaths if same_package => followable = false,
                    _ => unsettling.push(Pass {
                        at: node.byte_range(),
                        settle,
                        callee,
                    }),
                }
                return true;
            }
            followable = declared_here || if plain { method_call } else { operand };
            true
        });
        // A WaitGroup in a field may be settled by any method of the package (a
        // `Stop` that calls `s.wg.Done()` for a server started with `s.wg.Add(1)`).
        if !plain && done_elsewhere(&add.key, checker) {
            return None;
        }
        (followable && !done_outside_goroutine).then(|| AddSite {
            key: add.key.clone(),
            root: name.to_string(),
            call_range: add.call.byte_range(),
            unsettling,
        })
    }

    /// The `go` statements of the statements after `statement` in its block, up to and
    /// including the first that calls a method of the same WaitGroup outside a goroutine.
    fn goroutines_after<'t>(&self, statement: Node<'t>, checker: &Checker<'_>) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut next = statement.next_named_sibling();
        while let Some(sibling) = next {
            next = sibling.next_named_sibling();
            if sibling.kind() == kinds::GO_STATEMENT {
                out.push(sibling);
                continue;
            }
            out.extend(own_nodes(sibling, kinds::GO_STATEMENT));
            let touches = own_nodes(sibling, kinds::CALL_EXPRESSION)
                .into_iter()
                .filter(|call| !out.iter().any(|go| syntax::contains(*go, *call)))
                .filter_map(|call| wait_group_call(call, checker))
                .any(|wg| wg.key == self.key && wg.call.byte_range() != self.call_range);
            if touches {
                break;
            }
        }
        out
    }

    /// True when the goroutine of `go` mentions the WaitGroup's variable, or calls a
    /// local function value (which may hold it).
    fn reaches(&self, go: Node<'_>, checker: &Checker<'_>) -> bool {
        let source = checker.source();
        let mut reaches = false;
        syntax::walk_with_ancestors(go, &mut |node, ancestors| {
            if reaches {
                return false;
            }
            if node.kind() != kinds::IDENTIFIER {
                return true;
            }
            let name = syntax::text(node, source);
            if name == self.root {
                let range = node.byte_range();
                reaches = !self.unsettling.iter().any(|p| p.at == range)
                    && self.mention_reaches(node, ancestors, source);
            } else if ancestors.last().is_some_and(|p| {
                p.kind() == kinds::CALL_EXPRESSION && p.field("function") == Some(node)
            }) && checker
                .scope(node)
                .lookup(name, node.start_byte())
                .is_some()
            {
                reaches = true;
            }
            true
        });
        reaches
    }
}

impl AddSite {
    /// Whether a mention of the root variable inside a goroutine may reach the
    /// WaitGroup: always for a WaitGroup variable; for `s.wg`, unless it only reads
    /// another field of `s` (`s.conns`, not `s.wg`, `s.run()` or `s` itself).
    fn mention_reaches(&self, node: Node<'_>, ancestors: &[Node<'_>], source: &str) -> bool {
        if self.key == self.root {
            return true;
        }
        let Some((parent, rest)) = ancestors.split_last() else {
            return true;
        };
        if parent.kind() != kinds::SELECTOR_EXPRESSION || parent.field("operand") != Some(node) {
            return true;
        }
        let field = parent
            .field("field")
            .map_or("", |f| syntax::text(f, source));
        let Some(path) = self.key.strip_prefix(self.root.as_str()) else {
            return true;
        };
        let first_field = path.trim_start_matches('.').split('.').next().unwrap_or("");
        let called = rest.last().is_some_and(|g| {
            g.kind() == kinds::CALL_EXPRESSION && g.field("function") == Some(*parent)
        });
        field == first_field || called
    }
}

/// True when some file of the package calls `Done` on a field named like the last
/// field of `key` (`x.wg.Done()` for `s.wg`) outside every goroutine literal.
fn done_elsewhere(key: &str, checker: &Checker<'_>) -> bool {
    let Some(field) = key.rsplit('.').next() else {
        return true;
    };
    checker
        .package_fact(&crate::rules::facts::WG_DONE_FIELDS)
        .contains(field)
}

/// The fields `f` on which a file calls `x.f.Done()` outside every goroutine literal
/// (see `done_elsewhere`), when its text spells `f.Done(` too.
pub(crate) fn add_done_fields(
    root: Node<'_>,
    source: &str,
    _imports: &crate::model::Imports,
    fields: &mut std::collections::HashSet<String>,
) {
    let mut found = std::collections::HashSet::new();
    syntax::walk_with_ancestors(root, &mut |node, ancestors| {
        if let Some(syntax::Callee::Selector {
            operand,
            name: "Done",
        }) = syntax::callee(node, source)
            && operand.kind() == kinds::SELECTOR_EXPRESSION
            && let Some(field) = operand.field("field")
            && !in_goroutine_literal(ancestors)
        {
            found.insert(syntax::text(field, source));
        }
        true
    });
    fields.extend(
        found
            .into_iter()
            .filter(|field| source.contains(&format!("{field}.Done(")))
            .map(str::to_string),
    );
}

/// True when the innermost function literal among `ancestors` is started by `go`.
/// The innermost function literal around a `Done` also holds the `Add`: the `Done`
/// runs in the goroutine that counted, not in one started for the count (a worker
/// that counts work items with `Add(len(jobs))` and settles each with `Done`).
fn beside_the_add(ancestors: &[Node<'_>], add: Node<'_>) -> bool {
    ancestors
        .iter()
        .rev()
        .find(|a| a.kind() == kinds::FUNC_LITERAL)
        .is_some_and(|literal| syntax::contains(*literal, add))
}

fn in_goroutine_literal(ancestors: &[Node<'_>]) -> bool {
    let Some(i) = ancestors
        .iter()
        .rposition(|a| a.kind() == kinds::FUNC_LITERAL)
    else {
        return false;
    };
    // go_statement > call_expression > func_literal
    i >= 2
        && ancestors[i - 1].kind() == kinds::CALL_EXPRESSION
        && ancestors[i - 2].kind() == kinds::GO_STATEMENT
}
