//! Small questions about single syntax nodes: their text, the two sides of an
//! assignment, the parts of a call, the function that encloses a node. Nothing
//! here knows about imports or types; `model::resolve` builds on these.

use tree_sitter::Node;

use super::kinds;
use crate::model::fields::Fields;

/// The source text of a node ("" when the range is not valid UTF-8, which cannot happen for a `&str` source).
pub fn text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or("")
}

/// `_` in an expression position (tree-sitter-go parses it as a plain identifier).
pub fn is_blank(node: Node<'_>, source: &str) -> bool {
    node.kind() == kinds::IDENTIFIER && text(node, source) == "_"
}

/// True when `node` holds one of `ranges` (byte ranges of nodes of the same tree).
pub fn contains_any(node: Node<'_>, ranges: &[std::ops::Range<usize>]) -> bool {
    let range = node.byte_range();
    ranges
        .iter()
        .any(|r| range.start <= r.start && r.end <= range.end)
}

/// Strips any number of parentheses around an expression.
pub fn unparen(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == kinds::PARENTHESIZED_EXPRESSION {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// Named children, skipping comments.
pub fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|child| child.kind() != kinds::COMMENT)
        .collect()
}

/// The elements of an `expression_list` (or the node itself when it is a single expression).
pub fn list_items(node: Node<'_>) -> Vec<Node<'_>> {
    if node.kind() == kinds::EXPRESSION_LIST {
        named_children(node)
    } else {
        vec![node]
    }
}

/// Targets and values of `a, b := f()`, `a, b = f()` and `var a, b = f()`.
/// A `var` spec without values, or an assignment with an operator such as `+=`, gives `None`.
pub fn assignment_sides(node: Node<'_>) -> Option<(Vec<Node<'_>>, Vec<Node<'_>>)> {
    match node.kind() {
        kinds::SHORT_VAR_DECLARATION => Some((
            list_items(node.field("left")?),
            list_items(node.field("right")?),
        )),
        kinds::ASSIGNMENT_STATEMENT => {
            let operator = node.field("operator")?;
            if operator.kind() != "=" {
                return None;
            }
            Some((
                list_items(node.field("left")?),
                list_items(node.field("right")?),
            ))
        }
        kinds::VAR_SPEC => {
            let mut cursor = node.walk();
            let names: Vec<_> = node.children_by_field_name("name", &mut cursor).collect();
            let values = list_items(node.field("value")?);
            Some((names, values))
        }
        _ => None,
    }
}

/// The callee of a call, as written.
#[derive(Debug, Clone, Copy)]
pub enum Callee<'t, 's> {
    /// `f(x)`
    Ident(&'s str),
    /// `x.f(y)`: the operand node and the selected name.
    Selector { operand: Node<'t>, name: &'s str },
}

/// The callee of a `call_expression` (through parentheses and generic instantiation).
pub fn callee<'t, 's>(call: Node<'t>, source: &'s str) -> Option<Callee<'t, 's>> {
    if call.kind() != kinds::CALL_EXPRESSION {
        return None;
    }
    let function = unparen(call.field("function")?);
    match function.kind() {
        kinds::IDENTIFIER => Some(Callee::Ident(text(function, source))),
        kinds::SELECTOR_EXPRESSION => Some(Callee::Selector {
            operand: unparen(function.field("operand")?),
            name: text(function.field("field")?, source),
        }),
        _ => None,
    }
}

/// The arguments of a call, without the parentheses.
pub fn call_arguments(call: Node<'_>) -> Vec<Node<'_>> {
    call.field("arguments")
        .map(named_children)
        .unwrap_or_default()
}

/// True for the kinds that open a function body.
pub fn is_function(node: Node<'_>) -> bool {
    kinds::FUNCTIONS.contains(&node.kind())
}

/// The ancestors of `node`, from `root` down (root first, `node` excluded).
/// Found by descending from the root: tree-sitter's `parent()` itself walks down
/// from the root on every call, so a chain of `parent()` calls is quadratic in depth.
pub fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut current = root;
    while current != node {
        out.push(current);
        match current.child_with_descendant(node) {
            Some(next) => current = next,
            None => break,
        }
    }
    out
}

/// The nearest function declaration, method or literal that contains `node` (not `node` itself).
pub fn enclosing_function<'t>(root: Node<'t>, node: Node<'t>) -> Option<Node<'t>> {
    ancestors(root, node)
        .into_iter()
        .rev()
        .find(|n| is_function(*n))
}

/// The outermost declaration that holds `node`: the child of `source_file` on its path.
pub fn top_level_declaration<'t>(root: Node<'t>, node: Node<'t>) -> Option<Node<'t>> {
    if node == root {
        return None;
    }
    let mut cursor = root.walk();
    root.children(&mut cursor)
        .find(|decl| decl.start_byte() <= node.start_byte() && node.end_byte() <= decl.end_byte())
}

/// The name a function is known by in reports: `Name` for functions, `Type.Name` for methods,
/// and the enclosing declaration's name followed by `.func` for literals at any depth (`Serve.func`).
pub fn function_name(root: Node<'_>, func: Node<'_>, source: &str) -> Option<String> {
    match func.kind() {
        kinds::FUNCTION_DECLARATION => Some(text(func.field("name")?, source).into()),
        kinds::METHOD_DECLARATION => {
            let name = text(func.field("name")?, source);
            let receiver = func
                .field("receiver")
                .and_then(|list| named_children(list).into_iter().next())
                .and_then(|param| param.field("type"))
                .map(|ty| receiver_type_name(ty, source))
                .unwrap_or_default();
            Some(format!("{receiver}.{name}"))
        }
        kinds::FUNC_LITERAL => {
            // Iterative on purpose: literals can nest thousands deep.
            let outer = ancestors(root, func)
                .into_iter()
                .rev()
                .find(|a| a.kind() != kinds::FUNC_LITERAL && is_function(*a))
                .and_then(|named| function_name(root, named, source));
            Some(match outer {
                Some(outer) => format!("{outer}.func"),
                None => "func".to_string(),
            })
        }
        _ => None,
    }
}

/// `T` for receivers written `T`, `*T`, `T[K]` or `*T[K]`.
fn receiver_type_name(mut ty: Node<'_>, source: &str) -> String {
    loop {
        match ty.kind() {
            kinds::POINTER_TYPE | kinds::PARENTHESIZED_TYPE => match ty.named_child(0) {
                Some(inner) => ty = inner,
                None => return String::new(),
            },
            kinds::GENERIC_TYPE => match ty.field("type") {
                Some(inner) => ty = inner,
                None => return String::new(),
            },
            _ => return text(ty, source).to_string(),
        }
    }
}

/// The statements of a block or case clause, flattening tree-sitter-go's `statement_list`.
pub fn statements(node: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for child in named_children(node) {
        if child.kind() == kinds::STATEMENT_LIST {
            out.extend(named_children(child));
        } else {
            out.push(child);
        }
    }
    out
}

/// The specs of a declaration, grouped in parentheses or not: the `import_spec`s of an
/// `import`, the `var_spec`s of a `var`, with `spec_kind` naming which.
pub fn declaration_specs<'t>(decl: Node<'t>, spec_kind: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    for child in named_children(decl) {
        if child.kind() == spec_kind {
            out.push(child);
        } else {
            out.extend(
                named_children(child)
                    .into_iter()
                    .filter(|spec| spec.kind() == spec_kind),
            );
        }
    }
    out
}

/// Visits the nodes below `root` in source order, each with its ancestors from `root`
/// down; `visit` returns whether to enter the node's children.
pub fn walk_with_ancestors<'t>(
    root: Node<'t>,
    visit: &mut dyn FnMut(Node<'t>, &[Node<'t>]) -> bool,
) {
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

/// True when `inner` lies within `outer` (or is it).
pub fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Parses snippets for the model's unit tests.
    use tree_sitter::{Node, Parser, Tree};

    pub fn parse(source: &str) -> Tree {
        let mut parser = Parser::new();
        parser.set_language(&super::kinds::language()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        assert!(
            !tree.root_node().has_error(),
            "test snippet does not parse:\n{source}"
        );
        tree
    }

    /// The first node of `kind` in pre-order.
    pub fn find<'t>(root: Node<'t>, kind: &str) -> Node<'t> {
        find_all(root, kind)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {kind}"))
    }

    /// Every node of `kind` in pre-order.
    pub fn find_all<'t>(root: Node<'t>, kind: &str) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut cursor = root.walk();
        loop {
            if cursor.node().kind() == kind {
                out.push(cursor.node());
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return out;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{find, parse};
    use super::*;

    #[test]
    fn assignment_sides_of_each_form() {
        let src =
            "package p\nfunc f() {\n\ta, _ := g()\n\ta, b = 1, 2\n\tvar c, d = h()\n\ta += 1\n}\n";
        let tree = parse(src);
        let root = tree.root_node();
        let (l, r) = assignment_sides(find(root, kinds::SHORT_VAR_DECLARATION)).unwrap();
        assert_eq!((l.len(), r.len()), (2, 1));
        assert!(is_blank(l[1], src));
        let assigns = super::test_support::find_all(root, kinds::ASSIGNMENT_STATEMENT);
        assert_eq!(assignment_sides(assigns[0]).unwrap().1.len(), 2);
        assert!(
            assignment_sides(assigns[1]).is_none(),
            "+= is not a plain assignment"
        );
        let (names, values) = assignment_sides(find(root, kinds::VAR_SPEC)).unwrap();
        assert_eq!((names.len(), values.len()), (2, 1));
    }

    #[test]
    fn names_functions_methods_and_literals() {
        let src = "package p\nfunc (s *Server[T]) Serve() { go func() {}() }\n";
        let tree = parse(src);
        let root = tree.root_node();
        let method = find(root, kinds::METHOD_DECLARATION);
        assert_eq!(function_name(root, method, src).unwrap(), "Server.Serve");
        let literal = find(root, kinds::FUNC_LITERAL);
        assert_eq!(
            function_name(root, literal, src).unwrap(),
            "Server.Serve.func"
        );
        assert_eq!(enclosing_function(root, literal).unwrap().id(), method.id());
        assert_eq!(
            top_level_declaration(root, literal).unwrap().id(),
            method.id()
        );
        assert_eq!(ancestors(root, literal).first().unwrap().id(), root.id());
    }
}
