//! Types as far as the syntax tells them: `Ty` (a type expression with its
//! package qualifiers resolved to import paths), and `PackageIndex`, the
//! package-level facts gathered across every file of one directory: named
//! types and their struct fields, package variables and their types, and the
//! names of top-level functions.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::imports::Imports;
use super::{kinds, syntax};
use crate::model::fields::Fields;

/// A type expression. `Named` carries the import path of its package, or `None`
/// for types of the package being checked and predeclared types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Named {
        package: Option<String>,
        name: String,
    },
    Pointer(Box<Ty>),
    Slice(Box<Ty>),
    Array(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Chan(Box<Ty>),
    Func,
    Struct,
    Interface,
}

impl Ty {
    /// `package.name`, e.g. `Ty::named("context", "Context")`.
    pub fn named(package: &str, name: &str) -> Ty {
        Ty::Named {
            package: Some(package.to_string()),
            name: name.to_string(),
        }
    }

    /// True for the named type `package.name` itself (not a pointer to it).
    pub fn is(&self, package: &str, name: &str) -> bool {
        matches!(self, Ty::Named { package: Some(p), name: n } if p == package && n == name)
    }

    /// `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB` (a test's handle).
    pub fn is_testing_handle(&self) -> bool {
        ["T", "B", "F", "TB"]
            .iter()
            .any(|name| self.pointee().is("testing", name))
    }

    /// The type a pointer points to; other types unchanged.
    pub fn pointee(&self) -> &Ty {
        match self {
            Ty::Pointer(inner) => inner,
            other => other,
        }
    }

    /// `Type.method`, the key of a method of the package's own type behind this one
    /// (through a pointer); `None` for other packages' types and unnamed types.
    pub fn own_method_key(&self, method: &str) -> Option<String> {
        match self.pointee() {
            Ty::Named {
                package: None,
                name,
            } => Some(format!("{name}.{method}")),
            _ => None,
        }
    }

    /// Reads a type node, resolving package qualifiers through the file's imports.
    /// Generic instantiations keep their base type; anything unrecognised, or nested
    /// deeper than `MAX_TYPE_DEPTH`, is `None`.
    pub fn from_node(node: Node<'_>, source: &str, imports: &Imports) -> Option<Ty> {
        Ty::from_node_at(node, source, imports, 0)
    }

    fn from_node_at(node: Node<'_>, source: &str, imports: &Imports, depth: usize) -> Option<Ty> {
        const MAX_TYPE_DEPTH: usize = 32;
        if depth > MAX_TYPE_DEPTH {
            return None;
        }
        let recurse = |child: Node<'_>| Ty::from_node_at(child, source, imports, depth + 1);
        let inner = |field: &str| node.field(field).and_then(recurse);
        Some(match node.kind() {
            kinds::TYPE_IDENTIFIER | kinds::IDENTIFIER => {
                let name = syntax::text(node, source);
                // A dot-imported type cannot be told from a local one by syntax alone.
                Ty::Named {
                    package: None,
                    name: name.to_string(),
                }
            }
            kinds::QUALIFIED_TYPE => {
                let package = syntax::text(node.field("package")?, source);
                let name = syntax::text(node.field("name")?, source);
                Ty::Named {
                    package: Some(imports.path_of(package)?.to_string()),
                    name: name.to_string(),
                }
            }
            kinds::POINTER_TYPE => Ty::Pointer(Box::new(recurse(
                syntax::named_children(node).into_iter().next()?,
            )?)),
            kinds::PARENTHESIZED_TYPE => recurse(syntax::named_children(node).into_iter().next()?)?,
            kinds::GENERIC_TYPE => inner("type")?,
            kinds::SLICE_TYPE => Ty::Slice(Box::new(inner("element")?)),
            kinds::ARRAY_TYPE | "implicit_length_array_type" => {
                Ty::Array(Box::new(inner("element")?))
            }
            kinds::MAP_TYPE => Ty::Map(Box::new(inner("key")?), Box::new(inner("value")?)),
            kinds::CHANNEL_TYPE => Ty::Chan(Box::new(inner("value")?)),
            kinds::FUNCTION_TYPE => Ty::Func,
            kinds::STRUCT_TYPE => Ty::Struct,
            kinds::INTERFACE_TYPE => Ty::Interface,
            _ => return None,
        })
    }
}

/// A named type declared in the package.
#[derive(Debug, Clone)]
pub enum TypeDecl {
    /// `type T struct { ... }`
    Struct(Vec<Field>),
    /// `type T U` or `type T = U`: the underlying type as written.
    Other(Ty),
}

/// A struct field. Embedded fields have no name; their name is their type's.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: Option<String>,
    pub ty: Ty,
}

/// Package-level facts from every parsed file of one directory.
#[derive(Debug, Default)]
pub struct PackageIndex {
    types: HashMap<String, TypeDecl>,
    vars: HashMap<String, Option<Ty>>,
    functions: HashSet<String>,
    /// Result types of the package's functions (`name`) and methods (`Type.name`),
    /// when every result's type is written out.
    results: HashMap<String, Vec<Ty>>,
}

impl PackageIndex {
    /// Adds the top-level declarations of one file.
    pub fn add_file(&mut self, root: Node<'_>, source: &str, imports: &Imports) {
        for decl in syntax::named_children(root) {
            match decl.kind() {
                kinds::FUNCTION_DECLARATION => {
                    if let Some(name) = decl.field("name") {
                        let name = syntax::text(name, source).to_string();
                        if let Some(results) = declared_results(decl, source, imports) {
                            self.results.insert(name.clone(), results);
                        }
                        self.functions.insert(name);
                    }
                }
                kinds::METHOD_DECLARATION => {
                    if let (Some(name), Some(receiver)) =
                        (decl.field("name"), receiver_type_name(decl, source))
                        && let Some(results) = declared_results(decl, source, imports)
                    {
                        let key = format!("{receiver}.{}", syntax::text(name, source));
                        self.results.insert(key, results);
                    }
                }
                kinds::TYPE_DECLARATION => {
                    for spec in syntax::named_children(decl) {
                        self.add_type_spec(spec, source, imports);
                    }
                }
                kinds::VAR_DECLARATION => {
                    for spec in syntax::declaration_specs(decl, kinds::VAR_SPEC) {
                        let values = spec
                            .field("value")
                            .map(syntax::list_items)
                            .unwrap_or_default();
                        let declared = declared_vars(spec, source, imports);
                        let paired = values.len() == declared.len();
                        for (i, (name, ty)) in declared.into_iter().enumerate() {
                            // `var tracer = otel.Tracer("x")`: the type of a well-known call.
                            let ty = ty.or_else(|| {
                                paired
                                    .then(|| package_value_type(values[i], source, imports, 0))
                                    .flatten()
                            });
                            self.vars.insert(name, ty);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Adds what a later file declares, as `add_file` would have on that file: the
    /// index of a package is the merge of its files' own, in file order.
    pub fn merge(&mut self, later: PackageIndex) {
        self.types.extend(later.types);
        self.vars.extend(later.vars);
        self.functions.extend(later.functions);
        self.results.extend(later.results);
    }

    fn add_type_spec(&mut self, spec: Node<'_>, source: &str, imports: &Imports) {
        if spec.kind() != kinds::TYPE_SPEC && spec.kind() != kinds::TYPE_ALIAS {
            return;
        }
        let (Some(name), Some(ty)) = (spec.field("name"), spec.field("type")) else {
            return;
        };
        let decl = if ty.kind() == kinds::STRUCT_TYPE {
            TypeDecl::Struct(struct_fields(ty, source, imports))
        } else {
            let Some(ty) = Ty::from_node(ty, source, imports) else {
                return;
            };
            TypeDecl::Other(ty)
        };
        self.types
            .insert(syntax::text(name, source).to_string(), decl);
    }

    /// The result types of the package's function `name`, when all are written out.
    pub fn function_results(&self, name: &str) -> Option<&[Ty]> {
        self.results.get(name).map(Vec::as_slice)
    }

    /// The result types of the method `name` of the package's type behind `receiver`
    /// (through a pointer), when all are written out.
    pub fn method_results(&self, receiver: &Ty, name: &str) -> Option<&[Ty]> {
        self.results
            .get(&receiver.own_method_key(name)?)
            .map(Vec::as_slice)
    }

    /// The declaration of a named type of this package.
    pub fn type_decl(&self, name: &str) -> Option<&TypeDecl> {
        self.types.get(name)
    }

    /// The declared type of a field of a struct type of this package (through a pointer),
    /// including fields promoted from embedded structs of this package.
    pub fn field_type(&self, owner: &Ty, field: &str) -> Option<&Ty> {
        self.field_type_depth(owner, field, 0)
    }

    fn field_type_depth(&self, owner: &Ty, field: &str, depth: usize) -> Option<&Ty> {
        let Ty::Named {
            package: None,
            name,
        } = owner.pointee()
        else {
            return None;
        };
        let Some(TypeDecl::Struct(fields)) = self.types.get(name) else {
            return None;
        };
        if let Some(found) = fields.iter().find(|f| f.name.as_deref() == Some(field)) {
            return Some(&found.ty);
        }
        if depth >= 8 {
            return None;
        }
        fields
            .iter()
            .filter(|f| f.name.is_none())
            .find_map(|embedded| self.field_type_depth(&embedded.ty, field, depth + 1))
    }

    /// The names of the fields of a struct type of this package (through a pointer) whose
    /// declared type satisfies `wanted`: its own fields first, in declaration order, then
    /// those promoted from embedded structs of this package. An embedded field is named
    /// after its type (`context.Context` embedded gives `Context`).
    pub fn fields_where(&self, owner: &Ty, wanted: &dyn Fn(&Ty) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        self.fields_where_depth(owner, wanted, 0, &mut out);
        out
    }

    fn fields_where_depth(
        &self,
        owner: &Ty,
        wanted: &dyn Fn(&Ty) -> bool,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let Ty::Named {
            package: None,
            name,
        } = owner.pointee()
        else {
            return;
        };
        let Some(TypeDecl::Struct(fields)) = self.types.get(name) else {
            return;
        };
        for field in fields {
            let name = match (&field.name, field.ty.pointee()) {
                (Some(name), _) => name.as_str(),
                (None, Ty::Named { name, .. }) => name.as_str(),
                (None, _) => continue,
            };
            if wanted(&field.ty) && !out.iter().any(|seen| seen == name) {
                out.push(name.to_string());
            }
        }
        if depth >= 8 {
            return;
        }
        for embedded in fields.iter().filter(|f| f.name.is_none()) {
            self.fields_where_depth(&embedded.ty, wanted, depth + 1, out);
        }
    }

    /// The declared type of a package variable; `Some(None)` when declared without one.
    pub fn var_type(&self, name: &str) -> Option<Option<&Ty>> {
        self.vars.get(name).map(Option::as_ref)
    }

    /// True when the package declares a top-level function of this name.
    pub fn declares_function(&self, name: &str) -> bool {
        self.functions.contains(name)
    }

    /// True when the package declares any top-level name `name` (function, type or variable).
    pub fn declares(&self, name: &str) -> bool {
        self.functions.contains(name)
            || self.types.contains_key(name)
            || self.vars.contains_key(name)
    }
}

/// The type of a package-level initialiser, when it is a call of a well-known
/// function (`otel.Tracer("x")`) or a well-known method on one
/// (`otel.GetTracerProvider().Tracer("x")`).
fn package_value_type(
    value: Node<'_>,
    source: &str,
    imports: &Imports,
    depth: usize,
) -> Option<Ty> {
    if depth > 8 {
        return None;
    }
    let value = syntax::unparen(value);
    let syntax::Callee::Selector { operand, name } = syntax::callee(value, source)? else {
        return None;
    };
    match operand.kind() {
        kinds::IDENTIFIER => {
            let path = imports.path_of(syntax::text(operand, source))?;
            super::known::function_results(path, name)
                .into_iter()
                .next()
        }
        kinds::CALL_EXPRESSION => {
            let receiver = package_value_type(operand, source, imports, depth + 1)?;
            super::known::method_results(&receiver, name)
                .into_iter()
                .next()
        }
        _ => None,
    }
}

/// The result types of a function or method declaration, in order, when every one is
/// written out in a form `Ty` models; an empty list for no results.
pub fn declared_results(decl: Node<'_>, source: &str, imports: &Imports) -> Option<Vec<Ty>> {
    let Some(result) = decl.field("result") else {
        return Some(Vec::new());
    };
    if result.kind() != "parameter_list" {
        return Some(vec![Ty::from_node(result, source, imports)?]);
    }
    let mut out = Vec::new();
    for parameter in syntax::named_children(result) {
        let ty = Ty::from_node(parameter.field("type")?, source, imports)?;
        let names = {
            let mut cursor = parameter.walk();
            parameter
                .children_by_field_name("name", &mut cursor)
                .count()
                .max(1)
        };
        out.extend(std::iter::repeat_n(ty, names));
    }
    Some(out)
}

/// The name of the type a method declaration's receiver has (`Server` of `(s
/// *Server)`, `List` of `(l List[T])`).
pub fn receiver_type_name<'s>(decl: Node<'_>, source: &'s str) -> Option<&'s str> {
    let receiver = decl.field("receiver")?;
    let parameter = syntax::named_children(receiver).into_iter().next()?;
    let mut ty = parameter.field("type")?;
    loop {
        match ty.kind() {
            "pointer_type" | "parenthesized_type" => {
                ty = syntax::named_children(ty).into_iter().next()?
            }
            "generic_type" => ty = ty.field("type")?,
            "type_identifier" => return Some(syntax::text(ty, source)),
            _ => return None,
        }
    }
}

/// Names declared by a `var_spec` with the declared type (not inferred from values).
pub fn declared_vars(spec: Node<'_>, source: &str, imports: &Imports) -> Vec<(String, Option<Ty>)> {
    let ty = spec
        .field("type")
        .and_then(|ty| Ty::from_node(ty, source, imports));
    let mut cursor = spec.walk();
    spec.children_by_field_name("name", &mut cursor)
        .map(|name| (syntax::text(name, source).to_string(), ty.clone()))
        .collect()
}

fn struct_fields(struct_type: Node<'_>, source: &str, imports: &Imports) -> Vec<Field> {
    let mut fields = Vec::new();
    let Some(list) = syntax::named_children(struct_type)
        .into_iter()
        .find(|c| c.kind() == kinds::FIELD_DECLARATION_LIST)
    else {
        return fields;
    };
    for decl in syntax::named_children(list) {
        if decl.kind() != kinds::FIELD_DECLARATION {
            continue;
        }
        let Some(ty) = decl
            .field("type")
            .and_then(|ty| Ty::from_node(ty, source, imports))
        else {
            continue;
        };
        let mut cursor = decl.walk();
        let names: Vec<_> = decl.children_by_field_name("name", &mut cursor).collect();
        if names.is_empty() {
            fields.push(Field { name: None, ty });
        } else {
            fields.extend(names.into_iter().map(|name| Field {
                name: Some(syntax::text(name, source).to_string()),
                ty: ty.clone(),
            }));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::parse;

    #[test]
    fn indexes_structs_vars_and_functions() {
        let src = r#"package p

import stdctx "context"
import "sync"

type Base struct{ wg sync.WaitGroup }

type Server struct {
	Base
	ctx, other stdctx.Context
	mu *sync.Mutex
}

var global stdctx.Context
var inferred = 3

func Run() {}
"#;
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        let mut index = PackageIndex::default();
        index.add_file(tree.root_node(), src, &imports);
        let server = Ty::Pointer(Box::new(Ty::Named {
            package: None,
            name: "Server".into(),
        }));
        assert!(
            index
                .field_type(&server, "other")
                .unwrap()
                .is("context", "Context")
        );
        assert!(
            index
                .field_type(&server, "wg")
                .unwrap()
                .is("sync", "WaitGroup")
        );
        assert_eq!(
            index.field_type(&server, "mu"),
            Some(&Ty::Pointer(Box::new(Ty::named("sync", "Mutex"))))
        );
        assert!(
            index
                .var_type("global")
                .unwrap()
                .unwrap()
                .is("context", "Context")
        );
        assert_eq!(index.var_type("inferred"), Some(None));
        let is_context = |ty: &Ty| ty.is("context", "Context");
        assert_eq!(index.fields_where(&server, &is_context), ["ctx", "other"]);
        let is_wait_group = |ty: &Ty| ty.is("sync", "WaitGroup");
        assert_eq!(index.fields_where(&server, &is_wait_group), ["wg"]);
        assert!(index.declares_function("Run"));
        assert!(index.declares("Base"));
    }
}
