//! The `pprof` family: profiler labels from `runtime/pprof`. A `LabelSet` built
//! by `pprof.Labels` does nothing until `pprof.Do` or `pprof.WithLabels` applies
//! it, and the context `pprof.WithLabels` returns does nothing until someone
//! uses it (`pprof.SetGoroutineLabels`, or the work it is passed to). No other
//! Go analyzer checks them.
//!
//! Shared here: recognising the package's functions through the import table
//! (`is_pprof_call`) and following the value a call makes to where it ends up (`follow`).

pub mod labels_odd_args;
pub mod labels_unapplied;
pub mod withlabels_unapplied;

use std::ops::Range;

use tree_sitter::Node;

use crate::model::fields::Fields;
use crate::model::paths::{Exit, PathOracle, walk_paths};
use crate::model::scope::BindingKind;
use crate::model::{kinds, syntax};
use crate::rules::Checker;
use crate::rules::locals::{Local, MentionKind, local_of, mentions};
pub use crate::rules::logging::is_logging_call;

/// The import path every rule of the family resolves calls against.
pub const PPROF: &str = "runtime/pprof";

/// True when `call` calls the function `name` of `runtime/pprof`, through an
/// alias or the file's only dot-import; a local package called `pprof`, or a
/// local variable shadowing the import, is not it.
pub fn is_pprof_call(call: Node<'_>, name: &str, checker: &Checker<'_>) -> bool {
    // The name as written is the cheap test; resolving it may build a scope table.
    let written = match syntax::callee(call, checker.source()) {
        Some(syntax::Callee::Ident(written) | syntax::Callee::Selector { name: written, .. }) => {
            written
        }
        None => return false,
    };
    written == name
        && checker
            .qualified_call(call)
            .is_some_and(|target| target.path == PPROF && target.name == name)
}

/// What a call that receives the followed value does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallRole {
    /// Applies it: the value has reached its goal.
    Applies,
    /// Only logs or prints it: the value is still lost.
    Logs,
    /// Anything else: handed off to code this analysis cannot see.
    HandsOff,
}

/// How a value that never reached anything was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lost {
    /// The call is an expression statement.
    Dropped,
    /// The result is assigned to `_`.
    Blank,
    /// The result is passed straight to a logging call.
    Logged,
    /// The result is kept in this local variable, which never takes it anywhere.
    Kept(String),
}

/// A lost value: how, and the places that show it (the variable that held it,
/// the calls that only logged it, the reassignments that overwrote it).
#[derive(Debug)]
pub struct Loss {
    pub how: Lost,
    pub related: Vec<(Range<usize>, String)>,
}

/// Where a value goes from the expression that yields it.
enum Sink<'t> {
    /// An expression statement: the value is dropped.
    Dropped,
    /// Assigned to `_` (the target).
    Blank(Node<'t>),
    /// An argument of this call.
    Argument(Node<'t>),
    /// Assigned by `statement` to a local variable of the function that declares it.
    Local {
        statement: Node<'t>,
        target: Node<'t>,
        local: Local,
        function: Node<'t>,
    },
    /// Anywhere else: returned, stored in a field, an element or a package variable,
    /// sent, assigned to a named result or to a variable of an enclosing function.
    Elsewhere,
}

/// How many variables `follow` goes through (`a := labels; b := a; ...`) before it
/// gives up, silently.
const MAX_HOPS: usize = 16;

/// Follows the value `value` yields (a call such as `pprof.Labels(...)`) to where
/// it goes. `None` when it reaches a call that applies or hands it off, or leaves
/// the function in any other way (or when the analysis cannot tell); the `Loss`
/// otherwise.
///
/// A value kept in a local variable is followed through the mentions of that
/// variable (and of the variables it is copied into) that some path from the
/// assignment reaches (`model::paths`), or that sit in a function literal or
/// behind a pointer (which hold the variable, not the value, and count wherever
/// they are). Reassigning the variable and `_ = v` use nothing.
pub fn follow(
    value: Node<'_>,
    checker: &Checker<'_>,
    role: &dyn Fn(Node<'_>, &Checker<'_>) -> CallRole,
) -> Option<Loss> {
    let mut related = Vec::new();
    match sink(value, checker) {
        Sink::Dropped => Some(Loss {
            how: Lost::Dropped,
            related,
        }),
        Sink::Blank(target) => {
            related.push((target.byte_range(), "assigned to `_` here".to_string()));
            Some(Loss {
                how: Lost::Blank,
                related,
            })
        }
        Sink::Argument(call) => match role(call, checker) {
            CallRole::Applies | CallRole::HandsOff => None,
            CallRole::Logs => {
                related.push((call.byte_range(), LOGGED.to_string()));
                Some(Loss {
                    how: Lost::Logged,
                    related,
                })
            }
        },
        Sink::Elsewhere => None,
        Sink::Local {
            statement,
            target,
            local,
            function,
        } => {
            let mut tracer = Tracer {
                checker,
                role,
                seen: Vec::new(),
                related,
            };
            if tracer.reaches(statement, target, &local, function) {
                return None;
            }
            let mut related = tracer.related;
            related.sort_by_key(|(range, _)| range.start);
            related.dedup_by(|a, b| a.0 == b.0);
            Some(Loss {
                how: Lost::Kept(local.name),
                related,
            })
        }
    }
}

const LOGGED: &str = "only logged or printed here";

/// Follows one value through local variables, collecting the places that show
/// where it went instead.
struct Tracer<'c, 'r, 'a> {
    checker: &'c Checker<'a>,
    role: &'r dyn Fn(Node<'_>, &Checker<'_>) -> CallRole,
    /// Declarations of the variables followed so far.
    seen: Vec<Range<usize>>,
    related: Vec<(Range<usize>, String)>,
}

impl Tracer<'_, '_, '_> {
    /// Whether the value `statement` assigns to `target`, the variable `local` of
    /// `function`, reaches a call that applies or hands it off on some path.
    fn reaches(
        &mut self,
        statement: Node<'_>,
        target: Node<'_>,
        local: &Local,
        function: Node<'_>,
    ) -> bool {
        if self.seen.contains(&local.decl) {
            // Back to a variable already followed: its own mentions decide.
            return false;
        }
        if self.seen.len() >= MAX_HOPS {
            return true;
        }
        self.seen.push(local.decl.clone());
        self.related.push((
            target.byte_range(),
            format!("assigned to `{}` here", local.name),
        ));
        let created = statement.byte_range();
        let checker = self.checker;
        // Mentions that take the value somewhere, and reassignments that replace it,
        // outside function literals.
        let mut using = Vec::new();
        let mut replacing = Vec::new();
        for mention in mentions(function, local, checker) {
            let at = mention.node.byte_range();
            if created.start <= at.start && at.end <= created.end {
                // The target itself, or a read of the value it replaces.
                continue;
            }
            let after = at.start >= created.end;
            let ancestors = syntax::ancestors(checker.root(), mention.node);
            if mention.kind == MentionKind::Assigned && !is_compound_assignment(&ancestors) {
                if !mention.by_reference {
                    replacing.push(at.clone());
                }
                if after {
                    self.related
                        .push((at.clone(), format!("`{}` is overwritten here", local.name)));
                }
                continue;
            }
            let reaches = match sink_of(mention.node, &ancestors, checker) {
                Sink::Dropped => false,
                Sink::Blank(_) => {
                    if after {
                        self.related
                            .push((at.clone(), "discarded here".to_string()));
                    }
                    false
                }
                Sink::Argument(call) => match (self.role)(call, checker) {
                    CallRole::Logs => {
                        if after || mention.by_reference {
                            self.related.push((call.byte_range(), LOGGED.to_string()));
                        }
                        false
                    }
                    CallRole::Applies | CallRole::HandsOff => true,
                },
                Sink::Local {
                    statement,
                    target,
                    local: next,
                    function,
                } => self.reaches(statement, target, &next, function),
                Sink::Elsewhere => true,
            };
            if reaches {
                // The path walk does not look into `case` expressions or a `for`
                // clause's post statement: a mention there that can see the value
                // counts without it.
                let in_loop = mention
                    .loops
                    .iter()
                    .any(|l| l.start <= created.start && created.end <= l.end);
                if mention.by_reference || (unseen_by_path_walk(&ancestors) && (after || in_loop)) {
                    return true;
                }
                using.push(at);
            }
        }
        if using.is_empty() {
            return false;
        }
        let oracle = Oracle {
            created,
            using: &using,
            replacing: &replacing,
            checker,
        };
        // An assignment the walk never sees (a `for` clause's post statement) opens
        // nothing: silence, as when the walk cannot tell (`goto`).
        if unseen_by_path_walk(&syntax::ancestors(checker.root(), statement)) {
            return true;
        }
        let Some(summary) = walk_paths(function, checker.source(), &oracle) else {
            return true;
        };
        if summary
            .settled_at
            .iter()
            .any(|node| syntax::contains_any(*node, &using))
        {
            return true;
        }
        // No path from the assignment leaves or replaces the value: the assignment
        // is unreachable (after `t.Skip()`), or every path from it panics.
        if summary.leaks.is_empty() && summary.settled_at.is_empty() {
            return true;
        }
        // Used somewhere, but on no path from here: show where those paths leave.
        for exit in summary.leaks {
            let note = match exit {
                Exit::Return(_) => format!("returns here, leaving `{}` unused", local.name),
                Exit::EndOfBody(_) => {
                    format!("the function ends here, leaving `{}` unused", local.name)
                }
            };
            self.related.push((exit.node().byte_range(), note));
        }
        false
    }
}

/// The path walk's view of one followed variable: the assignment opens it, and
/// a statement with a mention that takes the value somewhere, or one that
/// reassigns the variable, closes it. Only the first kind is a use: the caller
/// tells them apart in `settled_at`.
struct Oracle<'o, 'c> {
    created: Range<usize>,
    using: &'o [Range<usize>],
    replacing: &'o [Range<usize>],
    checker: &'o Checker<'c>,
}

impl PathOracle for Oracle<'_, '_> {
    fn creates(&self, node: Node<'_>) -> bool {
        node.start_byte() <= self.created.start && self.created.end <= node.end_byte()
    }

    fn settles(&self, node: Node<'_>) -> bool {
        syntax::contains_any(node, self.using) || syntax::contains_any(node, self.replacing)
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        // `panic(msg)` and `log.Fatal(ctx)` use what they are given before they stop.
        !syntax::contains_any(statement, self.using) && self.checker.terminates(statement)
    }
}

/// True when the identifier whose ancestors these are is the target of `x += y`
/// (or any assignment with an operator), which reads it as well.
fn is_compound_assignment(ancestors: &[Node<'_>]) -> bool {
    ancestors
        .iter()
        .rev()
        .take(3)
        .find(|a| a.kind() == kinds::ASSIGNMENT_STATEMENT)
        .and_then(|a| a.field("operator"))
        .is_some_and(|operator| operator.kind() != "=")
}

/// True when `model::paths` never looks at the place these ancestors lead to:
/// the expressions of a `case`, or the post statement of a `for` clause.
fn unseen_by_path_walk(ancestors: &[Node<'_>]) -> bool {
    ancestors.windows(2).any(|pair| {
        let (parent, child) = (pair[0], pair[1]);
        match parent.kind() {
            kinds::EXPRESSION_CASE => parent.field("value") == Some(child),
            kinds::FOR_CLAUSE => parent.field("update") == Some(child),
            _ => false,
        }
    })
}

/// Where the value of `expr` goes, judged from its parent (through parentheses).
fn sink<'t>(expr: Node<'t>, checker: &Checker<'t>) -> Sink<'t> {
    sink_of(expr, &syntax::ancestors(checker.root(), expr), checker)
}

/// `sink`, given the ancestors of `expr` from the root down.
fn sink_of<'t>(expr: Node<'t>, ancestors: &[Node<'t>], checker: &Checker<'t>) -> Sink<'t> {
    let mut child = expr;
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = up.next();
    }
    let Some(parent) = parent else {
        return Sink::Elsewhere;
    };
    match parent.kind() {
        kinds::EXPRESSION_STATEMENT => Sink::Dropped,
        kinds::ARGUMENT_LIST => match up.next() {
            Some(call) if call.kind() == kinds::CALL_EXPRESSION => Sink::Argument(call),
            _ => Sink::Elsewhere,
        },
        kinds::EXPRESSION_LIST => match up.next() {
            Some(statement) if statement_value_list(statement) == Some(parent) => {
                assigned(statement, child, ancestors, checker)
            }
            _ => Sink::Elsewhere,
        },
        _ if statement_value_list(parent) == Some(child) => {
            assigned(parent, child, ancestors, checker)
        }
        _ => Sink::Elsewhere,
    }
}

/// The value side of an assignment, a short variable declaration or a `var` spec.
fn statement_value_list(statement: Node<'_>) -> Option<Node<'_>> {
    match statement.kind() {
        kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION => statement.field("right"),
        kinds::VAR_SPEC => statement.field("value"),
        _ => None,
    }
}

/// Where `statement` puts `value`, one of its values; `ancestors` are the value's.
fn assigned<'t>(
    statement: Node<'t>,
    value: Node<'t>,
    ancestors: &[Node<'t>],
    checker: &Checker<'t>,
) -> Sink<'t> {
    let Some((targets, values)) = syntax::assignment_sides(statement) else {
        return Sink::Elsewhere;
    };
    let Some(index) = values.iter().position(|v| *v == value) else {
        return Sink::Elsewhere;
    };
    if targets.len() != values.len() {
        return Sink::Elsewhere;
    }
    let target = targets[index];
    if syntax::is_blank(target, checker.source()) {
        return Sink::Blank(target);
    }
    let Some((local, kind)) = local_of(target, checker) else {
        return Sink::Elsewhere;
    };
    // A named result leaves with the function; a parameter is a local like any other.
    if !matches!(
        kind,
        BindingKind::Local | BindingKind::Parameter | BindingKind::Receiver
    ) {
        return Sink::Elsewhere;
    }
    // The function that declares the variable must be the one assigning it: a
    // literal that assigns a variable of its enclosing function hands the value out.
    let root = checker.root();
    let here = ancestors.iter().rev().find(|a| syntax::is_function(**a));
    let declared_in = root
        .descendant_for_byte_range(local.decl.start, local.decl.end)
        .and_then(|decl| syntax::enclosing_function(root, decl));
    match (here, declared_in) {
        (Some(here), Some(declared_in)) if *here == declared_in => Sink::Local {
            statement,
            target,
            local,
            function: declared_in,
        },
        _ => Sink::Elsewhere,
    }
}
