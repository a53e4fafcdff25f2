//! Which package-level function a call names, through the file's imports
//! (aliases and dot-imports) and the scope table (a local variable called
//! `context` is not the package).

use tree_sitter::Node;

use super::{Imports, PackageIndex, kinds, syntax};

/// A call to `path.name`, e.g. `("context", "WithCancel")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualifiedCall<'a> {
    pub path: &'a str,
    pub name: &'a str,
}

/// Resolves the callee of `call` to an imported package's function, when the syntax says so
/// with certainty: `pkg.F(...)` where `pkg` is an import and not a local, or `F(...)` where
/// the file has exactly one dot-import and `F` is neither local nor declared in the package.
/// `is_local(name, at)` is asked last, because answering it may build a scope table.
pub fn qualified_call<'a>(
    call: Node<'_>,
    source: &'a str,
    imports: &'a Imports,
    package: &PackageIndex,
    is_local: &dyn Fn(&str, usize) -> bool,
) -> Option<QualifiedCall<'a>> {
    match syntax::callee(call, source)? {
        syntax::Callee::Selector { operand, name } => {
            if operand.kind() != kinds::IDENTIFIER {
                return None;
            }
            let local = syntax::text(operand, source);
            let path = imports.path_of(local)?;
            if is_local(local, operand.start_byte()) {
                return None;
            }
            Some(QualifiedCall { path, name })
        }
        syntax::Callee::Ident(name) => {
            let mut dots = imports.dot_paths();
            let path = dots.next()?;
            if dots.next().is_some() || package.declares(name) || is_local(name, call.start_byte())
            {
                return None;
            }
            Some(QualifiedCall { path, name })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scope::{ScopeInputs, ScopeTable};
    use crate::model::syntax::test_support::{find_all, parse};

    fn resolved(src: &str) -> Vec<Option<(String, String)>> {
        let tree = parse(src);
        let root = tree.root_node();
        let imports = Imports::from_file(root, src);
        let mut index = PackageIndex::default();
        index.add_file(root, src, &imports);
        let inputs = ScopeInputs {
            source: src,
            imports: &imports,
            package: &index,
        };
        let scope = ScopeTable::build(root, &inputs);
        find_all(root, kinds::CALL_EXPRESSION)
            .into_iter()
            .map(|call| {
                let is_local = |name: &str, at: usize| scope.lookup(name, at).is_some();
                qualified_call(call, src, &imports, &index, &is_local)
                    .map(|q| (q.path.to_string(), q.name.to_string()))
            })
            .collect()
    }

    #[test]
    fn aliases_locals_and_dot_imports() {
        let src = r#"package p

import (
	stdctx "context"
	. "time"
)

func WithCancel() {}

func f(context int) {
	stdctx.WithCancel(nil)
	context.WithCancel(nil)
	Sleep(1)
	WithCancel()
}
"#;
        let got = resolved(src);
        assert_eq!(got[0], Some(("context".into(), "WithCancel".into())));
        assert_eq!(got[1], None, "a parameter named context is not the package");
        assert_eq!(got[2], Some(("time".into(), "Sleep".into())));
        assert_eq!(got[3], None, "declared in the package, not dot-imported");
    }
}
