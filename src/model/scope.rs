//! The scope table of one top-level declaration: every parameter, receiver,
//! named result and local variable of the function and of the literals nested in
//! it, with the byte range where each name is visible and its declared or
//! inferred type. Built once per declaration with a cursor walk (no recursion),
//! and queried by position: `lookup("cancel", at)`.

use std::ops::Range;

use tree_sitter::Node;

use super::imports::Imports;
use super::types::{PackageIndex, Ty};
use super::{kinds, known, syntax};
use crate::model::fields::Fields;

/// How a name was introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    Parameter,
    Receiver,
    Result,
    Local,
    /// A `const` declared inside a function: a name for a value, never a variable.
    Constant,
}

/// One declared name.
#[derive(Debug, Clone)]
pub struct Binding {
    pub name: String,
    pub kind: BindingKind,
    pub ty: Option<Ty>,
    /// Byte range of the declaring identifier.
    pub decl: Range<usize>,
    /// Byte range in which the name refers to this binding (until shadowed).
    pub visible: Range<usize>,
    /// Byte range of the expression the value came from, when declared with one
    /// (for `a, b := f()` both point at the call).
    pub origin: Option<Range<usize>>,
}

/// The bindings of one top-level declaration, in declaration order.
#[derive(Debug, Default)]
pub struct ScopeTable {
    bindings: Vec<Binding>,
}

/// What type inference can consult besides the table itself.
pub struct ScopeInputs<'a> {
    pub source: &'a str,
    pub imports: &'a Imports,
    pub package: &'a PackageIndex,
}

impl ScopeTable {
    /// Builds the table of a top-level declaration (or of any subtree).
    pub fn build(decl: Node<'_>, inputs: &ScopeInputs<'_>) -> Self {
        let mut table = ScopeTable::default();
        // The ancestors of the cursor's node below `decl`, kept while walking so that
        // no lookup ever climbs the tree.
        let mut stack: Vec<Node<'_>> = Vec::new();
        let mut cursor = decl.walk();
        loop {
            let node = cursor.node();
            table.visit(node, &stack, inputs);
            if cursor.goto_first_child() {
                stack.push(node);
                continue;
            }
            loop {
                if cursor.node() == decl {
                    return table;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return table;
                }
                stack.pop();
            }
        }
    }

    /// The binding `name` refers to at byte offset `at`, if it is a local name.
    pub fn lookup(&self, name: &str, at: usize) -> Option<&Binding> {
        self.bindings
            .iter()
            .filter(|b| b.name == name && b.visible.contains(&at))
            .max_by_key(|b| b.visible.start)
    }

    /// Every binding, in declaration order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The type of an expression, as far as declarations and simple assignments tell.
    pub fn infer(&self, expr: Node<'_>, inputs: &ScopeInputs<'_>) -> Option<Ty> {
        self.infer_at(expr, inputs, 0)
    }

    /// `infer` with the nesting depth so far: chains deeper than `MAX_INFER_DEPTH`
    /// (`a.b.c...`, `&&&x`) are not followed, so no input can exhaust the stack.
    fn infer_at(&self, expr: Node<'_>, inputs: &ScopeInputs<'_>, depth: usize) -> Option<Ty> {
        const MAX_INFER_DEPTH: usize = 32;
        if depth > MAX_INFER_DEPTH {
            return None;
        }
        let expr = syntax::unparen(expr);
        let source = inputs.source;
        match expr.kind() {
            kinds::IDENTIFIER => {
                let name = syntax::text(expr, source);
                match self.lookup(name, expr.start_byte()) {
                    Some(binding) => binding.ty.clone(),
                    None => inputs.package.var_type(name).flatten().cloned(),
                }
            }
            kinds::COMPOSITE_LITERAL => Ty::from_node(expr.field("type")?, source, inputs.imports),
            kinds::UNARY_EXPRESSION => {
                let operator = expr.field("operator")?;
                let operand = expr.field("operand")?;
                if operator.kind() == "&" {
                    Some(Ty::Pointer(Box::new(self.infer_at(
                        operand,
                        inputs,
                        depth + 1,
                    )?)))
                } else {
                    None
                }
            }
            kinds::SELECTOR_EXPRESSION => {
                let operand = self.infer_at(expr.field("operand")?, inputs, depth + 1)?;
                let field = syntax::text(expr.field("field")?, source);
                inputs.package.field_type(&operand, field).cloned()
            }
            kinds::CALL_EXPRESSION => self
                .infer_results_at(expr, inputs, depth + 1)
                .into_iter()
                .next(),
            _ => None,
        }
    }

    /// The result types of a call, when known (`new(T)`, well-known functions and methods).
    pub fn infer_results(&self, call: Node<'_>, inputs: &ScopeInputs<'_>) -> Vec<Ty> {
        self.infer_results_at(call, inputs, 0)
    }

    fn infer_results_at(&self, call: Node<'_>, inputs: &ScopeInputs<'_>, depth: usize) -> Vec<Ty> {
        let source = inputs.source;
        match syntax::callee(call, source) {
            Some(syntax::Callee::Ident("new"))
                if self.lookup("new", call.start_byte()).is_none() =>
            {
                let Some(arg) = syntax::call_arguments(call).into_iter().next() else {
                    return Vec::new();
                };
                Ty::from_node(arg, source, inputs.imports)
                    .map(|ty| vec![Ty::Pointer(Box::new(ty))])
                    .unwrap_or_default()
            }
            Some(syntax::Callee::Selector { operand, name }) => {
                if operand.kind() == kinds::IDENTIFIER {
                    let package = syntax::text(operand, source);
                    if self.lookup(package, operand.start_byte()).is_none()
                        && let Some(path) = inputs.imports.path_of(package)
                    {
                        return known::function_results(path, name);
                    }
                }
                let Some(receiver) = self.infer_at(operand, inputs, depth + 1) else {
                    return Vec::new();
                };
                let known = known::method_results(&receiver, name);
                if !known.is_empty() {
                    return known;
                }
                // A method the package declares on its own type (`s.getTracer()`).
                inputs
                    .package
                    .method_results(&receiver, name)
                    .map(<[Ty]>::to_vec)
                    .unwrap_or_default()
            }
            // A function the package declares (`newTracer()`), unless a local shadows it.
            Some(syntax::Callee::Ident(name)) if self.lookup(name, call.start_byte()).is_none() => {
                inputs
                    .package
                    .function_results(name)
                    .map(<[Ty]>::to_vec)
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    fn visit(&mut self, node: Node<'_>, ancestors: &[Node<'_>], inputs: &ScopeInputs<'_>) {
        let in_function = || ancestors.iter().any(|a| syntax::is_function(*a));
        let scope_end = || scope_end(node, ancestors);
        match node.kind() {
            kinds::FUNCTION_DECLARATION | kinds::METHOD_DECLARATION | kinds::FUNC_LITERAL => {
                self.add_signature(node, inputs)
            }
            kinds::SHORT_VAR_DECLARATION => self.add_short_var(node, scope_end(), inputs),
            kinds::VAR_SPEC if in_function() => self.add_var_spec(node, scope_end(), inputs),
            "const_spec" if in_function() => {
                let visible = node.end_byte()..scope_end();
                let mut cursor = node.walk();
                let names: Vec<_> = node.children_by_field_name("name", &mut cursor).collect();
                for name in names {
                    self.push(
                        name,
                        BindingKind::Constant,
                        None,
                        visible.clone(),
                        None,
                        inputs,
                    );
                }
            }
            kinds::RANGE_CLAUSE if has_token(node, ":=") => {
                let Some(left) = node.field("left") else {
                    return;
                };
                let visible = node.end_byte()..scope_end();
                let element = node
                    .field("right")
                    .and_then(|right| self.infer(right, inputs));
                for (i, name) in syntax::list_items(left).into_iter().enumerate() {
                    let ty = match (&element, i) {
                        (Some(Ty::Slice(elem) | Ty::Array(elem)), 1) => Some((**elem).clone()),
                        (Some(Ty::Map(key, _)), 0) => Some((**key).clone()),
                        (Some(Ty::Map(_, value)), 1) => Some((**value).clone()),
                        (Some(Ty::Chan(elem)), 0) => Some((**elem).clone()),
                        _ => None,
                    };
                    self.push(name, BindingKind::Local, ty, visible.clone(), None, inputs);
                }
            }
            kinds::RECEIVE_STATEMENT if has_token(node, ":=") => {
                let Some(left) = node.field("left") else {
                    return;
                };
                let visible = node.end_byte()..scope_end();
                for name in syntax::list_items(left) {
                    self.push(
                        name,
                        BindingKind::Local,
                        None,
                        visible.clone(),
                        None,
                        inputs,
                    );
                }
            }
            kinds::TYPE_SWITCH_STATEMENT => {
                if let Some(alias) = node.field("alias") {
                    let visible = alias.end_byte()..node.end_byte();
                    for name in syntax::list_items(alias) {
                        self.push(
                            name,
                            BindingKind::Local,
                            None,
                            visible.clone(),
                            None,
                            inputs,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn add_signature(&mut self, func: Node<'_>, inputs: &ScopeInputs<'_>) {
        let Some(body) = func.field("body") else {
            return;
        };
        let visible = body.byte_range();
        let lists = [
            ("receiver", BindingKind::Receiver),
            ("parameters", BindingKind::Parameter),
            ("result", BindingKind::Result),
        ];
        for (field, kind) in lists {
            let Some(list) = func.field(field) else {
                continue;
            };
            if list.kind() != "parameter_list" {
                continue;
            }
            for param in syntax::named_children(list) {
                let Some(ty_node) = param.field("type") else {
                    continue;
                };
                let mut ty = Ty::from_node(ty_node, inputs.source, inputs.imports);
                if param.kind() == kinds::VARIADIC_PARAMETER_DECLARATION {
                    ty = ty.map(|t| Ty::Slice(Box::new(t)));
                }
                let mut cursor = param.walk();
                let names: Vec<_> = param.children_by_field_name("name", &mut cursor).collect();
                for name in names {
                    self.push(name, kind, ty.clone(), visible.clone(), None, inputs);
                }
            }
        }
    }

    fn add_short_var(&mut self, node: Node<'_>, end: usize, inputs: &ScopeInputs<'_>) {
        let Some((left, right)) = syntax::assignment_sides(node) else {
            return;
        };
        let visible = node.end_byte()..end;
        let types = self.value_types(&left, &right, inputs);
        for (i, name) in left.iter().enumerate() {
            let origin = origin_of(&left, &right, i);
            self.push(
                *name,
                BindingKind::Local,
                types[i].clone(),
                visible.clone(),
                origin,
                inputs,
            );
        }
    }

    fn add_var_spec(&mut self, spec: Node<'_>, end: usize, inputs: &ScopeInputs<'_>) {
        let visible = spec.end_byte()..end;
        let declared = spec
            .field("type")
            .and_then(|ty| Ty::from_node(ty, inputs.source, inputs.imports));
        let (names, values) = match syntax::assignment_sides(spec) {
            Some(sides) => sides,
            None => {
                let mut cursor = spec.walk();
                (
                    spec.children_by_field_name("name", &mut cursor).collect(),
                    Vec::new(),
                )
            }
        };
        let inferred = self.value_types(&names, &values, inputs);
        for (i, name) in names.iter().enumerate() {
            let ty = declared.clone().or_else(|| inferred[i].clone());
            let origin = origin_of(&names, &values, i);
            self.push(
                *name,
                BindingKind::Local,
                ty,
                visible.clone(),
                origin,
                inputs,
            );
        }
    }

    /// One inferred type per target: pairwise for `a, b := x, y`, by result for `a, b := f()`.
    fn value_types(
        &self,
        left: &[Node<'_>],
        right: &[Node<'_>],
        inputs: &ScopeInputs<'_>,
    ) -> Vec<Option<Ty>> {
        if left.len() == right.len() {
            right
                .iter()
                .map(|value| self.infer(*value, inputs))
                .collect()
        } else if let [call] = right {
            let mut results = self.infer_results(*call, inputs).into_iter();
            left.iter().map(|_| results.next()).collect()
        } else {
            vec![None; left.len()]
        }
    }

    fn push(
        &mut self,
        name: Node<'_>,
        kind: BindingKind,
        ty: Option<Ty>,
        visible: Range<usize>,
        origin: Option<Range<usize>>,
        inputs: &ScopeInputs<'_>,
    ) {
        let text = syntax::text(name, inputs.source);
        if text == "_" || text.is_empty() {
            return;
        }
        self.bindings.push(Binding {
            name: text.to_string(),
            kind,
            ty,
            decl: name.byte_range(),
            visible,
            origin,
        });
    }
}

fn origin_of(left: &[Node<'_>], right: &[Node<'_>], i: usize) -> Option<Range<usize>> {
    if left.len() == right.len() {
        right.get(i).map(|n| n.byte_range())
    } else {
        right.first().map(|n| n.byte_range())
    }
}

fn has_token(node: Node<'_>, token: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|child| child.kind() == token)
}

/// The end of the innermost block-like construct that holds a declaration,
/// given the declaration's ancestors (outermost first).
fn scope_end(node: Node<'_>, ancestors: &[Node<'_>]) -> usize {
    ancestors
        .iter()
        .rev()
        .find(|parent| {
            matches!(
                parent.kind(),
                kinds::BLOCK
                    | kinds::IF_STATEMENT
                    | kinds::FOR_STATEMENT
                    | kinds::EXPRESSION_SWITCH_STATEMENT
                    | kinds::TYPE_SWITCH_STATEMENT
                    | kinds::EXPRESSION_CASE
                    | kinds::DEFAULT_CASE
                    | kinds::TYPE_CASE
                    | kinds::COMMUNICATION_CASE
                    | kinds::FUNC_LITERAL
                    | kinds::FUNCTION_DECLARATION
                    | kinds::METHOD_DECLARATION
                    | kinds::SOURCE_FILE
            )
        })
        .map_or(node.end_byte(), |parent| parent.end_byte())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::parse;

    const SRC: &str = r#"package p

import (
	stdctx "context"
	"net/http"
	"sync"
)

type Server struct{ wg sync.WaitGroup }

func (s *Server) Handle(w http.ResponseWriter, r *http.Request, opts ...string) {
	ctx, cancel := stdctx.WithTimeout(r.Context(), 1)
	wg := &sync.WaitGroup{}
	other := wg
	p := new(sync.Mutex)
	req := r.Context()
	field := s.wg
	var explicit stdctx.Context
	go func(context int) {
		_ = context
	}(1)
	if cancel := 3; cancel > 0 {
		_ = cancel
	}
	_, _, _, _, _, _ = ctx, other, p, req, field, explicit
}
"#;

    fn parts() -> (tree_sitter::Tree, Imports, PackageIndex) {
        let tree = parse(SRC);
        let imports = Imports::from_file(tree.root_node(), SRC);
        let mut index = PackageIndex::default();
        index.add_file(tree.root_node(), SRC, &imports);
        (tree, imports, index)
    }

    /// The scope table of `SRC`.
    fn table() -> ScopeTable {
        let (tree, imports, index) = parts();
        let inputs = ScopeInputs {
            source: SRC,
            imports: &imports,
            package: &index,
        };
        ScopeTable::build(tree.root_node(), &inputs)
    }

    #[test]
    fn infers_types_of_params_and_locals() {
        let scope = table();
        let end = SRC.rfind("_, _, _").unwrap();
        let ty = |name: &str| scope.lookup(name, end).and_then(|b| b.ty.clone());
        assert!(ty("ctx").unwrap().is("context", "Context"));
        assert!(ty("cancel").unwrap().is("context", "CancelFunc"));
        assert!(ty("r").unwrap().pointee().is("net/http", "Request"));
        assert!(ty("req").unwrap().is("context", "Context"));
        assert!(ty("other").unwrap().pointee().is("sync", "WaitGroup"));
        assert!(ty("p").unwrap().pointee().is("sync", "Mutex"));
        assert!(ty("field").unwrap().is("sync", "WaitGroup"));
        assert!(ty("explicit").unwrap().is("context", "Context"));
        assert_eq!(
            ty("opts"),
            Some(Ty::Slice(Box::new(Ty::Named {
                package: None,
                name: "string".into()
            })))
        );
        assert_eq!(scope.lookup("s", end).unwrap().kind, BindingKind::Receiver);
    }

    #[test]
    fn shadowing_follows_blocks() {
        let scope = table();
        let inner = SRC.find("_ = context").unwrap();
        assert_eq!(
            scope.lookup("context", inner).unwrap().kind,
            BindingKind::Parameter
        );
        let outside = SRC.find("if cancel").unwrap();
        assert!(scope.lookup("context", outside).is_none());
        let in_if = SRC.find("_ = cancel").unwrap();
        assert!(
            scope.lookup("cancel", in_if).unwrap().ty.is_none(),
            "the if-scoped cancel shadows"
        );
        assert!(scope.lookup("cancel", outside).unwrap().ty.is_some());
    }
}
