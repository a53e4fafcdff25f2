//! Parsing: one tree-sitter parser per worker thread, kept in a thread-local
//! and reset before each file, so parsing needs no lock and no rebuilt tables.
//!
//! Recovery for Go the grammar (tree-sitter-go 0.25) does not know yet: when a tree
//! has syntax errors, the lines around them are rewritten with same-length text the
//! grammar accepts, and the copy is parsed again; its tree is kept when it has fewer
//! errors. Byte offsets are unchanged, so the tree is read against the original text.
//! - Go 1.26 `new(expr)` (`new(42)`, `new(f(x))`): `new` becomes `nex`, a plain call.
//! - A leading empty statement (`func() { ; cleanup() }`): the `;` becomes a space.

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
    let tree = parse_exactly(text)?;
    if !tree.root_node().has_error() {
        return Some(tree);
    }
    let Some(rewritten) = rewrite_around_errors(text, &tree) else {
        return Some(tree);
    };
    match parse_exactly(&rewritten) {
        Some(recovered) if error_count(&recovered) < error_count(&tree) => Some(recovered),
        _ => Some(tree),
    }
}

/// Parses `text` starting from `old`, a tree of an earlier text already told about the
/// edits between the two (`Tree::edit`): only the edited regions are parsed again. A
/// result with syntax errors is parsed afresh instead (`parse`), so error recovery
/// stays exactly that of a fresh parse.
pub fn reparse(text: &str, old: &Tree) -> Option<Tree> {
    let tree = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.reset();
        parser.parse(text, Some(old))
    })?;
    if tree.root_node().has_error() {
        return parse(text);
    }
    Some(tree)
}

fn parse_exactly(text: &str) -> Option<Tree> {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.reset();
        parser.parse(text, None)
    })
}

/// ERROR and MISSING nodes of a tree.
fn error_ranges(tree: &Tree) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    crate::model::syntax::walk_with_ancestors(tree.root_node(), &mut |node, _| {
        let broken = node.is_error() || node.is_missing();
        if broken {
            out.push(node.byte_range());
        }
        !broken && node.has_error()
    });
    out
}

fn error_count(tree: &Tree) -> usize {
    error_ranges(tree).len()
}

/// The text with the known same-length rewrites applied on the lines that hold a
/// syntax error; `None` when nothing there can be rewritten.
fn rewrite_around_errors(text: &str, tree: &Tree) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    for range in error_ranges(tree) {
        let start = text[..range.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = text[range.end.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i);
        changed |= rewrite_line(&mut bytes, start, end);
    }
    // Only ASCII bytes were swapped for ASCII bytes: still UTF-8.
    changed.then(|| String::from_utf8(bytes).ok()).flatten()
}

/// Applies the rewrites to `bytes[start..end]`.
fn rewrite_line(bytes: &mut [u8], start: usize, end: usize) -> bool {
    let mut changed = false;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for i in start..end {
        // `new(` as a whole word: `nex(`.
        if bytes[i..end].starts_with(b"new(") && (i == 0 || !word(bytes[i - 1])) {
            bytes[i + 2] = b'x';
            changed = true;
        }
        // `{ ;`: a leading empty statement.
        if bytes[i] == b';' {
            let before = bytes[start..i]
                .iter()
                .rev()
                .find(|b| !b.is_ascii_whitespace());
            if before == Some(&b'{') {
                bytes[i] = b' ';
                changed = true;
            }
        }
    }
    changed
}
