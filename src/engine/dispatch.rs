//! Running the rules over one file in a single cursor walk. The kind-id ->
//! rules table is built once per process; at each node only the rules that
//! asked for its kind (and that the prefilter allowed for this file) are
//! called, and every function declaration, method and literal is handed to the
//! rules that check functions. ERROR subtrees are not entered, and a finding
//! whose primary span touches one is dropped: lifelint lints what parsed.

use std::ops::Range;
use std::sync::LazyLock;

use tree_sitter::Node;

use crate::diagnostic::Diagnostic;
use crate::model::{GoFile, Package, kinds};
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
