//! The `ctx` family: context lifecycle. Cancel functions that are discarded or
//! never called, selects that cannot be cancelled, contexts detached from the
//! one in scope. Shared helpers for the family live here.

pub mod cancel_discarded;

use crate::model::known::CANCEL_CONSTRUCTORS;
use crate::rules::Checker;
use tree_sitter::Node;

/// The name of the `context.With*` constructor `call` invokes, when it returns a cancel function.
pub fn cancel_constructor<'a>(call: Node<'_>, checker: &Checker<'a>) -> Option<&'a str> {
    let target = checker.qualified_call(call)?;
    (target.path == "context" && CANCEL_CONSTRUCTORS.contains(&target.name)).then_some(target.name)
}
