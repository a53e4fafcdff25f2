//! Field lookups by id. tree-sitter's `child_by_field_name` turns the name into the
//! grammar's field id on every call, comparing it with each field name of the grammar
//! in turn (`strncmp`); the rules ask for a field hundreds of times per function. Here
//! the ids of the fields the code asks for are looked up once, and a name is found
//! among those few.

use std::sync::LazyLock;

use tree_sitter::Node;

use super::kinds;

/// The fields the rules and the model ask for.
const NAMES: [&str; 26] = [
    "body",
    "function",
    "operand",
    "right",
    "operator",
    "name",
    "left",
    "type",
    "condition",
    "field",
    "communication",
    "value",
    "parameters",
    "initializer",
    "result",
    "receiver",
    "consequence",
    "alternative",
    "update",
    "label",
    "key",
    "channel",
    "path",
    "package",
    "arguments",
    "alias",
];

/// The grammar's id of each of `NAMES` (0 for a name the grammar lacks: no child has it).
static IDS: LazyLock<[u16; NAMES.len()]> = LazyLock::new(|| {
    let language = kinds::language();
    NAMES.map(|name| language.field_id_for_name(name).map_or(0, |id| id.get()))
});

/// The position of `name` in `NAMES` (lengths differ or match first: cheap).
fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|known| *known == name)
}

/// `field`: a node's child by field name, through the id found once.
pub trait Fields<'t> {
    /// The child in field `name` (as `child_by_field_name`).
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> Fields<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        match index_of(name) {
            Some(index) => match IDS[index] {
                0 => None,
                id => self.child_by_field_id(id),
            },
            None => self.child_by_field_name(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::parse;

    #[test]
    fn every_name_is_a_field_of_the_grammar_and_in_place() {
        for (index, name) in NAMES.iter().enumerate() {
            assert_eq!(index_of(name), Some(index), "{name}");
            assert_ne!(IDS[index], 0, "{name} is not a field of tree-sitter-go");
        }
    }

    #[test]
    fn field_finds_what_child_by_field_name_finds() {
        let src = "package p\n\nfunc (s *S) f(a int) (r int) {\n\tfor i := 0; i < a; i++ {\n\t\tr += i\n\t}\n\treturn\n}\n";
        let tree = parse(src);
        let mut nodes = Vec::new();
        crate::model::syntax::walk_with_ancestors(tree.root_node(), &mut |node, _| {
            nodes.push(node);
            true
        });
        for node in nodes {
            for name in NAMES.iter().chain(&["no_such_field"]) {
                assert_eq!(node.field(name), node.child_by_field_name(name), "{name}");
            }
        }
    }
}
