//! Local variables followed through a function: which variable an identifier
//! names (shadowing and redeclaration told apart by the declaring identifier),
//! every mention of it, and how each mention uses it (called, reassigned,
//! compared, or handed off). Shared by the families that follow a value kept in
//! a local: cancel functions (`ctx`), label sets and labelled contexts (`pprof`).

use std::ops::Range;

use tree_sitter::Node;

use crate::model::fields::Fields;
use crate::model::paths::PathOracle;
use crate::model::scope::BindingKind;
use crate::model::{kinds, syntax};
use crate::rules::Checker;

/// A variable of the function being checked, told apart from others of the same
/// name (shadowing, redeclaration) by where it is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub name: String,
    /// Byte range of the declaring identifier.
    pub decl: Range<usize>,
}

impl Local {
    /// True when the identifier `ident` refers to this variable.
    pub fn is_named_by(&self, ident: Node<'_>, checker: &Checker<'_>) -> bool {
        ident.kind() == kinds::IDENTIFIER
            && syntax::text(ident, checker.source()) == self.name
            && checker
                .scope(ident)
                .lookup(&self.name, ident.start_byte())
                .is_some_and(|b| b.decl == self.decl)
    }
}

/// The variable an identifier declares or refers to, with how it was declared;
/// `None` for package-level names, fields and anything that is not an identifier.
pub fn local_of(ident: Node<'_>, checker: &Checker<'_>) -> Option<(Local, BindingKind)> {
    if ident.kind() != kinds::IDENTIFIER || syntax::is_blank(ident, checker.source()) {
        return None;
    }
    let name = syntax::text(ident, checker.source());
    let scope = checker.scope(ident);
    let binding = scope
        .bindings()
        .iter()
        .find(|b| b.decl == ident.byte_range())
        .or_else(|| scope.lookup(name, ident.start_byte()))?;
    Some((
        Local {
            name: binding.name.clone(),
            decl: binding.decl.clone(),
        },
        binding.kind,
    ))
}

/// A local variable created by the one call of a declaration or assignment in a
/// function's own body: `ctx, cancel := context.WithTimeout(...)`, `_, span =
/// tracer.Start(...)`, `var region = trace.StartRegion(...)`.
#[derive(Debug)]
pub struct Creation<'t, T> {
    /// The statement a path walk sees: the assignment, or its `var` declaration.
    pub statement: Node<'t>,
    pub call: Node<'t>,
    /// Every target of the statement, in order.
    pub targets: Vec<Node<'t>>,
    /// The target that receives the value followed.
    pub local: Local,
    /// What `recognise` learned of the call.
    pub what: T,
}

/// The creations in `function`'s own body (function literals in it are not entered):
/// statements with a single call that `recognise` knows, given the targets; it tells
/// what the call is and which target receives the value to follow. Only a target that
/// is a local variable of `function` itself is listed: a value stored in a field, an
/// element, a package variable, a parameter, a named result or a variable of an
/// enclosing function is handed off.
pub fn creations<'t, T>(
    function: Node<'t>,
    checker: &Checker<'_>,
    mut recognise: impl FnMut(Node<'t>, &[Node<'t>]) -> Option<(T, usize)>,
) -> Vec<Creation<'t, T>> {
    let mut out = Vec::new();
    let Some(body) = function.field("body") else {
        return out;
    };
    // The `var` declaration that holds the spec being looked at.
    let mut var_declaration = None;
    syntax::walk_with_ancestors(body, &mut |node, _| {
        if node.kind() == kinds::FUNC_LITERAL {
            return false;
        }
        if node.kind() == kinds::VAR_DECLARATION {
            var_declaration = Some(node);
        }
        if !matches!(
            node.kind(),
            kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT | kinds::VAR_SPEC
        ) {
            return true;
        }
        let Some((targets, values)) = syntax::assignment_sides(node) else {
            return true;
        };
        let [call] = values.as_slice() else {
            return true;
        };
        let call = syntax::unparen(*call);
        let Some((what, index)) = recognise(call, &targets) else {
            return true;
        };
        let Some((local, BindingKind::Local)) = targets
            .get(index)
            .and_then(|target| local_of(*target, checker))
        else {
            return true;
        };
        if !(function.start_byte() <= local.decl.start && local.decl.end <= function.end_byte()) {
            return true;
        }
        let statement = match node.kind() {
            kinds::VAR_SPEC => match var_declaration {
                Some(decl) if syntax::contains(decl, node) => decl,
                _ => return true,
            },
            _ => node,
        };
        out.push(Creation {
            statement,
            call,
            targets,
            local,
            what,
        });
        true
    });
    out
}

/// How one mention of a variable uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// The callee of a call: `cancel()`, `defer cancel()`, `go cancel()`.
    Called,
    /// A target of an assignment or declaration: `ctx, cancel = ...`.
    Assigned,
    /// An operand of `==` or `!=` (`cancel != nil`).
    Compared,
    /// Anything else: passed, returned, stored, sent, captured, address taken.
    HandedOff,
}

/// One mention of a variable in a function, nested literals included.
#[derive(Debug)]
pub struct Mention<'t> {
    pub node: Node<'t>,
    pub kind: MentionKind,
    /// Inside a function literal nested in the function, or with its address taken:
    /// the variable itself escapes, so whatever value it later holds goes with it.
    pub by_reference: bool,
    /// The byte ranges of the `for` statements around the mention.
    pub loops: Vec<Range<usize>>,
}

/// True when a closure or a pointer holds the variable (not its value) from before the
/// statement that gives it a new value (`created`), or from a loop around that statement
/// when the variable outlives an iteration: whatever it holds may then settle the new
/// value, so a path walk cannot tell. Shared by the cancel and span rules.
pub fn captured_before(mentions: &[Mention<'_>], local: &Local, created: &Range<usize>) -> bool {
    let declared = &local.decl;
    mentions.iter().any(|m| {
        m.by_reference
            && (m.node.start_byte() < created.start
                || m.loops.iter().any(|l| {
                    l.start <= created.start
                        && created.end <= l.end
                        && !(l.start <= declared.start && declared.end <= l.end)
                }))
    })
}

/// Every mention of `local` in `function` (the body, and the literals nested in it).
pub fn mentions<'t>(function: Node<'t>, local: &Local, checker: &Checker<'_>) -> Vec<Mention<'t>> {
    let mut out = Vec::new();
    let Some(body) = function.field("body") else {
        return out;
    };
    let source = checker.source();
    syntax::walk_with_ancestors(body, &mut |node, ancestors| {
        if node.kind() != kinds::IDENTIFIER
            || syntax::text(node, source) != local.name
            || !local.is_named_by(node, checker)
        {
            return true;
        }
        let (kind, address_taken) = classify(node, ancestors, source);
        out.push(Mention {
            node,
            kind,
            by_reference: address_taken
                || ancestors.iter().any(|a| a.kind() == kinds::FUNC_LITERAL),
            loops: ancestors
                .iter()
                .filter(|a| a.kind() == kinds::FOR_STATEMENT)
                .map(|a| a.byte_range())
                .collect(),
        });
        true
    });
    out
}

/// How the identifier `ident` is used, given its ancestors; and whether its address is taken.
pub fn classify(ident: Node<'_>, ancestors: &[Node<'_>], source: &str) -> (MentionKind, bool) {
    let mut child = ident;
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| p.kind() == kinds::PARENTHESIZED_EXPRESSION) {
        child = p;
        parent = up.next();
    }
    let Some(parent) = parent else {
        return (MentionKind::HandedOff, false);
    };
    let is_left = |statement: Node<'_>, list: Node<'_>| {
        matches!(
            statement.kind(),
            kinds::ASSIGNMENT_STATEMENT | kinds::SHORT_VAR_DECLARATION | kinds::RANGE_CLAUSE
        ) && statement.field("left") == Some(list)
    };
    match parent.kind() {
        kinds::CALL_EXPRESSION if parent.field("function") == Some(child) => {
            (MentionKind::Called, false)
        }
        kinds::EXPRESSION_LIST if up.next().is_some_and(|g| is_left(g, parent)) => {
            (MentionKind::Assigned, false)
        }
        kinds::VAR_SPEC if parent.field("value") != Some(child) => (MentionKind::Assigned, false),
        _ if is_left(parent, child) => (MentionKind::Assigned, false),
        kinds::BINARY_EXPRESSION => {
            let operator = parent.field("operator").map(|o| syntax::text(o, source));
            if matches!(operator, Some("==" | "!=")) {
                (MentionKind::Compared, false)
            } else {
                (MentionKind::HandedOff, false)
            }
        }
        kinds::UNARY_EXPRESSION => {
            let address = parent
                .field("operator")
                .is_some_and(|o| syntax::text(o, source) == "&");
            (MentionKind::HandedOff, address)
        }
        _ => (MentionKind::HandedOff, false),
    }
}

/// `Some(true)` when `condition` is `local != nil` (or `nil != local`), `Some(false)` when
/// it is `local == nil`, `None` otherwise. A cancel function just created is never nil.
pub fn nil_check(condition: Node<'_>, local: &Local, checker: &Checker<'_>) -> Option<bool> {
    let condition = syntax::unparen(condition);
    if condition.kind() != kinds::BINARY_EXPRESSION {
        return None;
    }
    let operator = syntax::text(condition.field("operator")?, checker.source());
    let left = syntax::unparen(condition.field("left")?);
    let right = syntax::unparen(condition.field("right")?);
    let is_nil = |n: Node<'_>| n.kind() == kinds::NIL;
    let checks = (local.is_named_by(left, checker) && is_nil(right))
        || (is_nil(left) && local.is_named_by(right, checker));
    match operator {
        "!=" if checks => Some(true),
        "==" if checks => Some(false),
        _ => None,
    }
}

/// The path question for one local: created by `creation`, settled by any statement
/// holding one of the `settling` mentions (a call, a defer, a hand-off), and known not
/// to be nil right after its creation. Shared by `ctx-cancel-not-called` and
/// `span-end-missing`.
pub struct LocalOracle<'o, 't, 'c> {
    pub creation: Node<'t>,
    pub local: &'o Local,
    /// Byte ranges of the mentions that settle the local.
    pub settling: &'o [Range<usize>],
    /// Byte ranges of the statements that overwrite it with a new value of its sort.
    pub overwriting: &'o [Range<usize>],
    /// The local is open when the walked function starts (a deferred closure that
    /// owes the value it captured), rather than from `creation`.
    pub open_at_entry: bool,
    pub checker: &'o Checker<'c>,
}

impl PathOracle for LocalOracle<'_, '_, '_> {
    fn creates(&self, node: Node<'_>) -> bool {
        node.byte_range() == self.creation.byte_range() && node.kind() == self.creation.kind()
    }

    fn settles(&self, node: Node<'_>) -> bool {
        syntax::contains_any(node, self.settling)
    }

    fn terminates(&self, statement: Node<'_>) -> bool {
        self.checker.terminates(statement)
    }

    fn guards(&self, condition: Node<'_>) -> Option<bool> {
        nil_check(condition, self.local, self.checker)
    }

    fn open_at_entry(&self) -> bool {
        self.open_at_entry
    }

    fn overwrites(&self, node: Node<'_>) -> bool {
        self.overwriting.contains(&node.byte_range())
    }
}
