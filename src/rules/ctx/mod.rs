//! The `ctx` family: context lifecycle. Cancel functions that are discarded or
//! never called, selects that cannot be cancelled, contexts detached from the
//! one in scope. Shared helpers for the family live here.

pub mod cancel_discarded;

use crate::model::known::CANCEL_CONSTRUCTORS;
use crate::model::syntax;
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
