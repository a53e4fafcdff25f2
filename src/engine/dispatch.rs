//! Running the rules over one file in a single cursor walk. The kind-id ->
//! rules table is built once per process; at each node only the rules that
//! asked for its kind (and that the prefilter allowed for this file) are
//! called, and every function declaration, method and literal is handed to the
//! rules that check functions. ERROR subtrees are not entered, and a finding
//! whose primary span touches one is dropped: lifelint lints what parsed.
//! `partly_parsed` names what that costs: the functions left (partly) unchecked.

use std::ops::Range;
use std::sync::LazyLock;

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, PartlyParsed, UncheckedFunction};
use crate::model::{GoFile, Package, kinds, syntax};
use crate::rules::{self, Checker};
use crate::settings::{RuleSet, Settings};

/// Rules by node kind id, and the rules that check functions.
struct Table {
    by_kind: Vec<RuleSet>,
    functions: RuleSet,
    function_kinds: Vec<u16>,
    comment_kind: u16,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let language = kinds::language();
    let mut by_kind = vec![RuleSet::empty(); language.node_kind_count() + 1];
    let mut functions = RuleSet::empty();
    for (index, rule) in rules::ALL.iter().enumerate() {
        for kind in rule.node_kinds() {
            let id = kinds::id(kind);
            assert_ne!(
                id,
                0,
                "rule {} names unknown node kind {kind}",
                rule.meta().id
            );
            by_kind[usize::from(id)].insert(index);
        }
        if rule.checks_functions() {
            functions.insert(index);
        }
    }
    Table {
        by_kind,
        functions,
        function_kinds: kinds::FUNCTIONS.iter().map(|k| kinds::id(k)).collect(),
        comment_kind: kinds::id(kinds::COMMENT),
    }
});

/// What one walk of a file yields.
pub struct FileFindings<'t> {
    pub diagnostics: Vec<Diagnostic>,
    /// Comment nodes that may be `//nolint` directives.
    pub comments: Vec<Node<'t>>,
}

/// Runs the file's rules over it; `settings` gives them the helper names of `lifelint.toml`.
pub fn check_file<'t>(
    file: &'t GoFile,
    package: &Package,
    settings: &Settings,
    collect_comments: bool,
) -> FileFindings<'t> {
    let table = &*TABLE;
    let allowed = file.rules;
    let mut checker = Checker::new(file, package, settings, rules::ALL[0].meta());
    let mut errors: Vec<Range<usize>> = Vec::new();
    let mut comments = Vec::new();
    let root = file.tree.root_node();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let mut enter = true;
        if node.is_error() || node.is_missing() {
            errors.push(node.byte_range());
            enter = false;
        } else {
            let kind = node.kind_id();
            if collect_comments && kind == table.comment_kind {
                comments.push(node);
            }
            let wanted = table
                .by_kind
                .get(usize::from(kind))
                .copied()
                .unwrap_or_default()
                .intersect(allowed);
            for index in wanted.iter() {
                let rule = rules::ALL[index];
                checker.set_rule(rule.meta());
                rule.check_node(node, &mut checker);
            }
            if table.function_kinds.contains(&kind) {
                for index in table.functions.intersect(allowed).iter() {
                    let rule = rules::ALL[index];
                    checker.set_rule(rule.meta());
                    rule.check_function(node, &mut checker);
                }
            }
        }
        if enter && cursor.goto_first_child() {
            checker.descend(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            checker.ascend();
            if !cursor.goto_parent() {
                let mut diagnostics = checker.into_diagnostics();
                if !errors.is_empty() {
                    diagnostics.retain(|d| !touches_any(&d.span, &errors));
                }
                return FileFindings {
                    diagnostics,
                    comments,
                };
            }
        }
    }
}

fn touches_any(span: &Range<usize>, errors: &[Range<usize>]) -> bool {
    errors
        .iter()
        .any(|error| span.start <= error.end && error.start <= span.end)
}

/// The first syntax error of a tree, as a 1-based (line, column), if any.
pub fn first_syntax_error(root: Node<'_>) -> Option<(usize, usize)> {
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let point = node.start_position();
            return Some((point.row + 1, point.column + 1));
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// What the syntax errors of a file cost: `None` when it parsed cleanly, else its first
/// error and the function declarations and methods `check_file` could not fully check,
/// those that hold an ERROR or MISSING node and those lying inside an ERROR subtree
/// (which the walk never enters). One pass that enters only subtrees holding an error,
/// and stops at each function it records: linear in the size of the tree.
pub fn partly_parsed(root: Node<'_>, text: &str, path: &str) -> Option<PartlyParsed> {
    let (line, column) = first_syntax_error(root)?;
    let mut functions = Vec::new();
    // (node, start of the innermost ERROR node around it)
    let mut stack: Vec<(Node<'_>, Option<(usize, usize)>)> = vec![(root, None)];
    while let Some((node, in_error)) = stack.pop() {
        let kind = node.kind();
        if kind == kinds::FUNCTION_DECLARATION || kind == kinds::METHOD_DECLARATION {
            let reason = match in_error {
                Some((line, column)) => Some(format!(
                    "inside code that did not parse, from {line}:{column}"
                )),
                None => first_syntax_error(node)
                    .map(|(line, column)| format!("syntax error at {line}:{column}")),
            };
            if let Some(reason) = reason {
                functions.push(UncheckedFunction {
                    name: syntax::function_name(root, node, text)
                        .filter(|name| !name.is_empty())
                        .unwrap_or_else(|| "_".to_string()),
                    line: node.start_position().row + 1,
                    reason,
                });
            }
            continue;
        }
        let in_error = if node.is_error() {
            let here = node.start_position();
            functions.extend(broken_headers(node, text, (here.row + 1, here.column + 1)));
            Some((here.row + 1, here.column + 1))
        } else {
            in_error
        };
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node
            .children(&mut cursor)
            .filter(|child| in_error.is_some() || child.has_error())
            .collect();
        stack.extend(children.into_iter().rev().map(|child| (child, in_error)));
    }
    functions.sort();
    functions.dedup();
    Some(PartlyParsed {
        path: path.to_string(),
        line,
        column,
        functions,
    })
}

/// Functions whose header the parser could not attach to a declaration: a `func`
/// token directly inside an ERROR node, followed (after an optional receiver) by a name.
fn broken_headers(error: Node<'_>, text: &str, from: (usize, usize)) -> Vec<UncheckedFunction> {
    let mut out = Vec::new();
    let mut cursor = error.walk();
    let children: Vec<Node<'_>> = error.children(&mut cursor).collect();
    for (i, child) in children.iter().enumerate() {
        if child.kind() != "func" {
            continue;
        }
        let name = children[i + 1..]
            .iter()
            .take(2)
            .find(|n| n.kind() == kinds::IDENTIFIER || n.kind() == kinds::FIELD_IDENTIFIER);
        if let Some(name) = name {
            out.push(UncheckedFunction {
                name: syntax::text(*name, text).to_string(),
                line: child.start_position().row + 1,
                reason: format!("inside code that did not parse, from {}:{}", from.0, from.1),
            });
        }
    }
    out
}
