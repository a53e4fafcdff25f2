//! Building blocks for the rules' fixes: edits that add or remove whole lines
//! next to a statement, keeping the statement's indentation and the file's line
//! ends. Each returns `None` when the statement does not sit on lines of its
//! own (`a(); b()` on one line, a statement after a `{` on the same line), so a
//! rule offers no fix rather than a wrong one.

use tree_sitter::Node;

use crate::diagnostic::Edit;
use crate::model::{kinds, syntax};

/// Byte offset of the start of the line holding `at`.
fn line_start(source: &str, at: usize) -> usize {
    source[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset just past the end of the line holding `at` (past its `\n`), or the
/// end of the text.
fn next_line_start(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |i| at + i + 1)
}

/// The file's line terminator, as its first line has it.
fn line_end(source: &str) -> &'static str {
    match source.find('\n') {
        Some(i) if source[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The whitespace that starts `node`'s first line, when nothing but it and block
/// comments (`/* x */ ctx, _ := ...`) precede the node there.
pub fn indentation<'s>(node: Node<'_>, source: &'s str) -> Option<&'s str> {
    let start = line_start(source, node.start_byte());
    let before = &source[start..node.start_byte()];
    let rest = before.trim_start_matches([' ', '\t']);
    let indent = &before[..before.len() - rest.len()];
    let mut rest = rest.trim_end_matches([' ', '\t']);
    while !rest.is_empty() {
        let comment = rest.strip_prefix("/*")?;
        let end = comment.find("*/")?;
        rest = comment[end + 2..].trim_start_matches([' ', '\t']);
    }
    Some(indent)
}

/// True when only blanks precede `node` on its first line.
fn starts_line(node: Node<'_>, source: &str) -> bool {
    let start = line_start(source, node.start_byte());
    source[start..node.start_byte()]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// What follows `node` on its last line, when it is only blanks or a `//` comment.
fn trailer<'s>(node: Node<'_>, source: &'s str) -> Option<&'s str> {
    let end = node.end_byte();
    let rest = &source[end..next_line_start(source, end)];
    let trimmed = rest.trim();
    (trimmed.is_empty() || trimmed.starts_with("//")).then_some(rest.trim_end_matches(['\r', '\n']))
}

/// A new line `text`, indented as `statement`, inserted after the statement's last line.
pub fn insert_line_after(statement: Node<'_>, source: &str, text: &str) -> Option<Edit> {
    let indent = indentation(statement, source)?;
    trailer(statement, source)?;
    let eol = line_end(source);
    let at = next_line_start(source, statement.end_byte());
    let text = if source[..at].ends_with('\n') {
        format!("{indent}{text}{eol}")
    } else {
        format!("{eol}{indent}{text}")
    };
    Some(Edit { span: at..at, text })
}

/// A new line `text`, indented as `statement`, inserted before the statement's first line.
pub fn insert_line_before(statement: Node<'_>, source: &str, text: &str) -> Option<Edit> {
    let indent = indentation(statement, source)?;
    let at = line_start(source, statement.start_byte());
    Some(Edit {
        span: at..at,
        text: format!("{indent}{text}{}", line_end(source)),
    })
}

/// The removal of the lines `statement` occupies, and the comment that ended its
/// last line (`""` when none), which goes with it.
pub fn remove_lines<'s>(statement: Node<'_>, source: &'s str) -> Option<(Edit, &'s str)> {
    if !starts_line(statement, source) {
        return None;
    }
    let trailer = trailer(statement, source)?;
    let start = line_start(source, statement.start_byte());
    let end = next_line_start(source, statement.end_byte());
    let edit = Edit {
        span: start..end,
        text: String::new(),
    };
    Some((edit, trailer.trim()))
}

/// `defer {call}` on a new line after `statement`, unless a `for` loop lies between
/// the statement and the innermost function holding it: there the deferred calls
/// would pile up until the function returns.
pub fn defer_after(statement: Node<'_>, root: Node<'_>, source: &str, call: &str) -> Option<Edit> {
    let in_loop = syntax::ancestors(root, statement)
        .iter()
        .rev()
        .take_while(|a| !syntax::is_function(**a))
        .any(|a| a.kind() == kinds::FOR_STATEMENT);
    if in_loop {
        return None;
    }
    insert_line_after(statement, source, &format!("defer {call}"))
}

/// True when an identifier spelled `name` occurs anywhere under `node` (comments,
/// strings and field names do not count).
pub fn uses_identifier(node: Node<'_>, source: &str, name: &str) -> bool {
    let mut found = false;
    syntax::walk_with_ancestors(node, &mut |n, _| {
        if n.kind() == kinds::IDENTIFIER && syntax::text(n, source) == name {
            found = true;
        }
        !found
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;

    fn parse(source: &str) -> tree_sitter::Tree {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&kinds::language()).unwrap();
        parser.parse(source, None).unwrap()
    }

    /// The first node of `kind` in the tree.
    fn find<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
        if node.kind() == kind {
            return Some(node);
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
        children.into_iter().find_map(|child| find(child, kind))
    }

    fn apply(source: &str, edits: Vec<Edit>) -> String {
        Fix {
            title: String::new(),
            edits,
            safe: true,
        }
        .apply(source)
    }

    #[test]
    fn lines_keep_indentation_line_ends_and_comments() {
        let source = "package p\r\nfunc f() {\r\n\t\tx := g() // why\r\n\ty()\r\n}\r\n";
        let tree = parse(source);
        let stmt = find(tree.root_node(), kinds::SHORT_VAR_DECLARATION).unwrap();
        let after = insert_line_after(stmt, source, "defer x()").unwrap();
        assert_eq!(
            apply(source, vec![after]),
            "package p\r\nfunc f() {\r\n\t\tx := g() // why\r\n\t\tdefer x()\r\n\ty()\r\n}\r\n"
        );
        let before = insert_line_before(stmt, source, "z()").unwrap();
        let (removed, comment) = remove_lines(stmt, source).unwrap();
        assert_eq!(comment, "// why");
        assert_eq!(
            apply(source, vec![before, removed]),
            "package p\r\nfunc f() {\r\n\t\tz()\r\n\ty()\r\n}\r\n"
        );
    }

    #[test]
    fn shared_lines_get_no_edit() {
        let source = "package p\nfunc f() { x := g(); y() }\n";
        let tree = parse(source);
        let stmt = find(tree.root_node(), kinds::SHORT_VAR_DECLARATION).unwrap();
        assert!(insert_line_after(stmt, source, "defer x()").is_none());
        assert!(insert_line_before(stmt, source, "z()").is_none());
        assert!(remove_lines(stmt, source).is_none());
    }

    #[test]
    fn block_comments_before_a_statement_keep_its_indentation() {
        let source = "package p\nfunc f() {\n\t/* a */ /* b */ x := g()\n}\n";
        let tree = parse(source);
        let stmt = find(tree.root_node(), kinds::SHORT_VAR_DECLARATION).unwrap();
        assert_eq!(indentation(stmt, source), Some("\t"));
        // Removing the line would remove the comments too.
        assert!(remove_lines(stmt, source).is_none());
        let source = "package p\nfunc f() {\n\t/* a */ b; x := g()\n}\n";
        let tree = parse(source);
        let stmt = find(tree.root_node(), kinds::SHORT_VAR_DECLARATION).unwrap();
        assert_eq!(indentation(stmt, source), None);
    }

    #[test]
    fn identifiers_only() {
        let source = "package p\n// cancel\nfunc f() { cancelFn := s.cancel; _ = \"cancel\" }\n";
        let tree = parse(source);
        assert!(!uses_identifier(tree.root_node(), source, "cancel"));
        let source = "package p\nfunc f() { g(cancel) }\n";
        let tree = parse(source);
        assert!(uses_identifier(tree.root_node(), source, "cancel"));
    }
}
