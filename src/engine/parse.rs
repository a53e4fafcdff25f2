//! Parsing: one tree-sitter parser per worker thread, kept in a thread-local
//! and reset before each file, so parsing needs no lock and no rebuilt tables.

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use crate::model::kinds;

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut parser = Parser::new();
        parser
            .set_language(&kinds::language())
            .expect("tree-sitter-go is compatible with the linked tree-sitter");
        parser
    });
}

/// Parses Go source with this thread's parser. `None` only if tree-sitter gives up.
pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.reset();
        parser.parse(text, None)
    })
}
