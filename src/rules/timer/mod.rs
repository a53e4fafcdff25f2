//! The `timer` family: timers and tickers from package `time` that nothing can
//! stop. `time.AfterFunc` closures that pin the caller's variables until they
//! fire, and — where the module still runs pre-Go-1.23 timers (see
//! `model::gomod`) — a `time.After` per loop turn and `time.Tick` tickers that
//! outlive their function. No other Go analyzer checks `AfterFunc` closures.
//!
//! Shared here: recognising `time` functions through the import table
//! (`time_call`), the set of rules that need the package's go.mod
//! (`version_dependent`), the test-code exemption, and a walk with ancestors.

pub mod after_in_loop;
pub mod afterfunc_capture;
pub mod tick_leak;

use std::sync::LazyLock;

use tree_sitter::Node;

pub use crate::model::syntax::walk_with_ancestors as walk;
use crate::model::{kinds, syntax};
use crate::rules::{self, Checker};
use crate::settings::RuleSet;

/// The rules whose findings depend on the Go version: the engine looks up go.mod
/// only for packages where one of them may fire.
pub fn version_dependent() -> RuleSet {
    static SET: LazyLock<RuleSet> = LazyLock::new(|| {
        let mut set = RuleSet::empty();
        for id in ["timer-after-in-loop", "timer-tick-leak"] {
            if let Some((index, _)) = rules::by_id(id) {
                set.insert(index);
            }
        }
        set
    });
    *SET
}

/// True when `call` calls the function `name` of package `time`, through an alias
/// or the file's only dot-import; a local variable or package called `time` is not it.
pub fn time_call(call: Node<'_>, name: &str, checker: &Checker<'_>) -> bool {
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
            .is_some_and(|target| target.path == "time" && target.name == name)
}

/// The innermost `for` statement around `node` in the function that holds it (a
/// function literal in between ends the search), from `node`'s ancestors.
pub fn enclosing_loop<'t>(ancestors: &[Node<'t>]) -> Option<Node<'t>> {
    ancestors
        .iter()
        .rev()
        .take_while(|a| !syntax::is_function(**a))
        .find(|a| a.kind() == kinds::FOR_STATEMENT)
        .copied()
}
