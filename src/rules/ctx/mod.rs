//! The `ctx` family: context lifecycle. Cancel functions that are discarded or
//! never called, selects that cannot be cancelled, contexts detached from the
//! one in scope. Shared helpers for the family live here.

pub mod background_in_scope;
pub mod cancel_discarded;
pub mod cancel_not_called;
pub mod cancel_premature;
pub mod select_busy_default;
pub mod select_missing_done;

use std::ops::Range;

use crate::model::known::CANCEL_CONSTRUCTORS;
use crate::model::scope::BindingKind;
use crate::model::{kinds, syntax};
use crate::rules::Checker;
use tree_sitter::Node;

/// The name of the `context.With*` constructor `call` invokes, when it returns a cancel function.
pub fn cancel_constructor<'a>(call: Node<'_>, checker: &Checker<'a>) -> Option<&'a str> {
    // The callee's name is the cheap test; resolving the package may build a scope table.
    let name = match syntax::callee(call, checker.source())? {
        syntax::Callee::Ident(name) | syntax::Callee::Selector { name, .. } => name,
    };
    if !CANCEL_CONSTRUCTORS.contains(&name) {
        return None;
    }
    let target = checker.qualified_call(call)?;
    (target.path == "context" && CANCEL_CONSTRUCTORS.contains(&target.name)).then_some(target.name)
}

// Cancel functions kept in locals, shared by `ctx-cancel-not-called` and
// `ctx-cancel-premature`: where one is created, and how each mention of a
// variable uses it.

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

/// `ctx, cancel := context.WithTimeout(parent, d)` (or `=`, or `var`) in a function's
/// own body, whose cancel function goes to a local variable of that function.
#[derive(Debug)]
pub struct CancelSite<'t> {
    /// The statement a path walk sees: the assignment, or its `var` declaration.
    pub statement: Node<'t>,
    /// The `context.With*` call.
    pub call: Node<'t>,
    /// `WithTimeout`, `WithCancelCause`, ...
    pub constructor: String,
    /// The variable that receives the derived context, when it is one.
    pub context: Option<Local>,
    /// The local variable that receives the cancel function.
    pub cancel: Local,
}

/// The cancel sites of `function` itself (not of the literals nested in it). A cancel
/// function stored in a field, an element, a package variable, a parameter, a named
/// result or a variable of an enclosing function is handed off and not listed.
pub fn cancel_sites<'t>(function: Node<'t>, checker: &Checker<'_>) -> Vec<CancelSite<'t>> {
    let mut sites = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return sites;
    };
    // Every constructor's name has one of these in it: most bodies need no walk at all.
    let text = syntax::text(body, checker.source());
    if !["WithCancel", "WithTimeout", "WithDeadline"]
        .iter()
        .any(|name| text.contains(name))
    {
        return sites;
    }
    // The `var` declaration that holds the spec being looked at.
    let mut var_declaration = None;
    walk(body, &mut |node, _| {
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
        let ([context, cancel], [call]) = (targets.as_slice(), values.as_slice()) else {
            return true;
        };
        let call = syntax::unparen(*call);
        let Some(constructor) = cancel_constructor(call, checker) else {
            return true;
        };
        let Some((cancel, BindingKind::Local)) = local_of(*cancel, checker) else {
            return true;
        };
        if !(function.start_byte() <= cancel.decl.start && cancel.decl.end <= function.end_byte()) {
            return true;
        }
        let statement = match node.kind() {
            kinds::VAR_SPEC => match var_declaration {
                Some(decl) if syntax::contains(decl, node) => decl,
                _ => return true,
            },
            _ => node,
        };
        sites.push(CancelSite {
            statement,
            call,
            constructor: constructor.to_string(),
            context: local_of(*context, checker).map(|(local, _)| local),
            cancel,
        });
        true
    });
    sites
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

/// Every mention of `local` in `function` (the body, and the literals nested in it).
pub fn mentions<'t>(function: Node<'t>, local: &Local, checker: &Checker<'_>) -> Vec<Mention<'t>> {
    let mut out = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return out;
    };
    let source = checker.source();
    walk(body, &mut |node, ancestors| {
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
fn classify(ident: Node<'_>, ancestors: &[Node<'_>], source: &str) -> (MentionKind, bool) {
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
        ) && statement.child_by_field_name("left") == Some(list)
    };
    match parent.kind() {
        kinds::CALL_EXPRESSION if parent.child_by_field_name("function") == Some(child) => {
            (MentionKind::Called, false)
        }
        kinds::EXPRESSION_LIST if up.next().is_some_and(|g| is_left(g, parent)) => {
            (MentionKind::Assigned, false)
        }
        kinds::VAR_SPEC if parent.child_by_field_name("value") != Some(child) => {
            (MentionKind::Assigned, false)
        }
        _ if is_left(parent, child) => (MentionKind::Assigned, false),
        kinds::BINARY_EXPRESSION => {
            let operator = parent
                .child_by_field_name("operator")
                .map(|o| syntax::text(o, source));
            if matches!(operator, Some("==" | "!=")) {
                (MentionKind::Compared, false)
            } else {
                (MentionKind::HandedOff, false)
            }
        }
        kinds::UNARY_EXPRESSION => {
            let address = parent
                .child_by_field_name("operator")
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
    let operator = syntax::text(condition.child_by_field_name("operator")?, checker.source());
    let left = syntax::unparen(condition.child_by_field_name("left")?);
    let right = syntax::unparen(condition.child_by_field_name("right")?);
    let is_nil = |n: Node<'_>| n.kind() == kinds::NIL;
    let checks = (local.is_named_by(left, checker) && is_nil(right))
        || (is_nil(left) && local.is_named_by(right, checker));
    match operator {
        "!=" if checks => Some(true),
        "==" if checks => Some(false),
        _ => None,
    }
}

/// True for `func main()` in package `main`: returning from it ends the process.
pub fn is_program_main(function: Node<'_>, checker: &Checker<'_>) -> bool {
    let source = checker.source();
    function.kind() == kinds::FUNCTION_DECLARATION
        && function
            .child_by_field_name("name")
            .is_some_and(|n| syntax::text(n, source) == "main")
        && syntax::named_children(checker.root())
            .into_iter()
            .find(|n| n.kind() == kinds::PACKAGE_CLAUSE)
            .and_then(|clause| syntax::named_children(clause).into_iter().next())
            .is_some_and(|name| syntax::text(name, source) == "main")
}

/// Visits the nodes below `root` in source order, each with its ancestors from `root`
/// down; `visit` returns whether to enter the node's children.
pub fn walk<'t>(root: Node<'t>, visit: &mut dyn FnMut(Node<'t>, &[Node<'t>]) -> bool) {
    let mut stack = vec![root];
    let mut cursor = root.walk();
    if !cursor.goto_first_child() {
        return;
    }
    loop {
        let node = cursor.node();
        if visit(node, &stack) && cursor.goto_first_child() {
            stack.push(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() || cursor.node() == root {
                return;
            }
            stack.pop();
        }
    }
}
