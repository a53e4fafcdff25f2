//! `Checker`: what a rule sees while the engine walks one file — the file, its
//! package, the scope table of the current declaration (built on first use and
//! kept for the rest of that declaration), import resolution, the run's settings
//! (for the helper names of `lifelint.toml`), and `report`.

use std::cell::RefCell;
use std::rc::Rc;

use tree_sitter::Node;

use crate::diagnostic::Diagnostic;
use crate::model::resolve::{self, QualifiedCall};
use crate::model::scope::{ScopeInputs, ScopeTable};
use crate::model::{GoFile, Imports, Package, PackageIndex, Ty, syntax};
use crate::rules::RuleMeta;
use crate::rules::facts::PackageFact;
use crate::settings::Settings;

pub struct Checker<'a> {
    file: &'a GoFile,
    package: &'a Package,
    settings: &'a Settings,
    rule: &'static RuleMeta,
    /// The last scope table built, with the byte range of its declaration.
    scope: RefCell<Option<(std::ops::Range<usize>, Rc<ScopeTable>)>>,
    /// The file's top-level declarations in source order, listed once per file, so
    /// finding the one that holds a node is a binary search, not a scan.
    top_level: Vec<Node<'a>>,
    /// The ancestors of the node the engine's walk is at, root first: kept by the walk
    /// as it descends, so a rule gets them without searching from the root.
    stack: Vec<Node<'a>>,
    /// Where each needle asked of `contains` occurs in the file, found once per file.
    occurrences: RefCell<std::collections::HashMap<String, Rc<Vec<usize>>>>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        file: &'a GoFile,
        package: &'a Package,
        settings: &'a Settings,
        rule: &'static RuleMeta,
    ) -> Self {
        Checker {
            file,
            package,
            settings,
            rule,
            scope: RefCell::new(None),
            top_level: {
                let root = file.tree.root_node();
                let mut cursor = root.walk();
                root.children(&mut cursor).collect()
            },
            stack: Vec::new(),
            occurrences: RefCell::new(std::collections::HashMap::new()),
            diagnostics: Vec::new(),
        }
    }

    /// Whether the text of `node` contains `needle`. The file is searched for each
    /// needle once; each question is then a binary search, so asking it of every
    /// function of a file (nested literals included) costs no more than reading the
    /// file, however deep the nesting.
    pub fn contains(&self, node: Node<'_>, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let at = {
            let mut cache = self.occurrences.borrow_mut();
            Rc::clone(cache.entry(needle.to_string()).or_insert_with(|| {
                Rc::new(
                    memchr::memmem::find_iter(self.source().as_bytes(), needle.as_bytes())
                        .collect(),
                )
            }))
        };
        let first = at.partition_point(|&start| start < node.start_byte());
        at.get(first)
            .is_some_and(|&start| start + needle.len() <= node.end_byte())
    }

    /// The walk goes down into `node`'s children.
    pub(crate) fn descend(&mut self, node: Node<'a>) {
        self.stack.push(node);
    }

    /// The walk comes back up from the children of the last node it descended into.
    pub(crate) fn ascend(&mut self) {
        self.stack.pop();
    }

    /// The ancestors of the node being checked (in `check_node` and `check_function`),
    /// root first, the node itself excluded. The same as `syntax::ancestors(root, node)`
    /// without its cost, which grows with the depth of the node.
    pub fn ancestors(&self) -> &[Node<'a>] {
        &self.stack
    }

    /// Sets the rule that subsequent reports belong to.
    pub(crate) fn set_rule(&mut self, rule: &'static RuleMeta) {
        self.rule = rule;
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn source(&self) -> &'a str {
        self.file.text()
    }

    pub fn file(&self) -> &'a GoFile {
        self.file
    }

    /// True for a `_test.go` file.
    pub fn in_test_file(&self) -> bool {
        self.file
            .source
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with("_test.go"))
    }

    /// Test code: a `_test.go` file, or a function (or a literal inside one) with a
    /// `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB` parameter, a test helper.
    pub fn in_test_code(&self, node: Node<'_>) -> bool {
        if self.in_test_file() {
            return true;
        }
        let at = node.start_byte();
        self.scope(node).bindings().iter().any(|binding| {
            binding.kind == crate::model::scope::BindingKind::Parameter
                && binding.visible.contains(&at)
                && binding.ty.as_ref().is_some_and(Ty::is_testing_handle)
        })
    }

    /// The root (`source_file`) node of the file being checked.
    pub fn root(&self) -> Node<'a> {
        self.file.tree.root_node()
    }

    /// True when `statement` is an expression statement whose call never returns:
    /// `panic`, `os.Exit`, `log.Fatal*`/`log.Panic*`, `runtime.Goexit`, and
    /// `Fatal*`/`FailNow`/`Skip*` on a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`.
    pub fn terminates(&self, statement: Node<'_>) -> bool {
        let Some(call) = statement.named_child(0).map(syntax::unparen) else {
            return false;
        };
        if statement.kind() != crate::model::kinds::EXPRESSION_STATEMENT {
            return false;
        }
        match syntax::callee(call, self.source()) {
            Some(syntax::Callee::Ident("panic")) => {
                self.scope(call)
                    .lookup("panic", call.start_byte())
                    .is_none()
                    && !self.package.index.declares("panic")
            }
            Some(syntax::Callee::Ident(_)) => self
                .qualified_call(call)
                .is_some_and(|target| crate::model::known::never_returns(target.path, target.name)),
            Some(syntax::Callee::Selector { operand, name }) => {
                if let Some(target) = self.qualified_call(call) {
                    return crate::model::known::never_returns(target.path, target.name);
                }
                matches!(
                    name,
                    "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow"
                ) && self.infer(operand).is_some_and(|ty| ty.is_testing_handle())
            }
            None => false,
        }
    }

    pub fn imports(&self) -> &'a Imports {
        &self.file.imports
    }

    pub fn index(&self) -> &'a PackageIndex {
        &self.package.index
    }

    /// Whether unstopped timers leak in this package (go.mod, `//go:debug`, `--go-version`).
    pub fn timers(&self) -> crate::model::gomod::TimerSemantics {
        self.package.timers
    }

    /// A fact of the whole package (one of `rules::facts`), found on first use from
    /// every parsed file of the package whose text may hold it; a streamed package has
    /// them all already.
    pub fn package_fact<T: Default>(&self, fact: &'static PackageFact<T>) -> &'a T {
        debug_assert_eq!(
            self.rule.family, fact.family,
            "{} reads a fact of another family",
            self.rule.id
        );
        fact.cell(&self.package.derived).get_or_init(|| {
            debug_assert!(
                !self.package.files.is_empty(),
                "a streamed package gathers every fact before its files are checked"
            );
            fact.of_files(
                self.package
                    .files
                    .iter()
                    .map(|file| (file.tree.root_node(), file.text(), &file.imports)),
            )
        })
    }

    /// The file's path as read (for resolving its module's other packages).
    pub fn file_path(&self) -> &'a std::path::Path {
        &self.file.source.path
    }

    /// The run's summaries of the module's other packages, when the engine made them.
    pub fn module_summaries(&self) -> Option<&'a crate::model::summaries::ModuleView> {
        self.package.module.as_ref()
    }

    /// The summary of the module package this file imports as `path` (the `Lookup` of
    /// `model::fixpoint`'s queries); `None` outside the module.
    pub fn imported_facts(
        &self,
        path: &str,
    ) -> Option<std::sync::Arc<crate::model::summaries::PackageFacts>> {
        self.module_summaries()?
            .facts_of_import(self.file_path().parent()?, path)
    }

    fn inputs(&self) -> ScopeInputs<'a> {
        ScopeInputs {
            source: self.file.text(),
            imports: &self.file.imports,
            package: &self.package.index,
        }
    }

    /// The scope table of the top-level declaration holding `at`.
    pub fn scope(&self, at: Node<'_>) -> Rc<ScopeTable> {
        let mut slot = self.scope.borrow_mut();
        if let Some((range, table)) = slot.as_ref()
            && range.start <= at.start_byte()
            && at.end_byte() <= range.end
        {
            return Rc::clone(table);
        }
        let root = self.file.tree.root_node();
        let decl = self.top_level_declaration(at).unwrap_or(root);
        let table = Rc::new(ScopeTable::build(decl, &self.inputs()));
        *slot = Some((decl.byte_range(), Rc::clone(&table)));
        table
    }

    /// The children of the file's root, comments included, in source order.
    pub fn top_level_nodes(&self) -> &[Node<'a>] {
        &self.top_level
    }

    /// The outermost declaration that holds `node` (a child of the file's root), found
    /// by binary search over the declarations listed once per file.
    pub fn top_level_declaration(&self, node: Node<'_>) -> Option<Node<'a>> {
        if node.id() == self.file.tree.root_node().id() {
            return None;
        }
        let declarations = &self.top_level;
        let at = declarations.partition_point(|d| d.end_byte() <= node.start_byte());
        declarations
            .get(at)
            .copied()
            .filter(|d| d.start_byte() <= node.start_byte() && node.end_byte() <= d.end_byte())
    }

    /// The imported function `call` names, if certain (see `model::resolve`).
    pub fn qualified_call(&self, call: Node<'_>) -> Option<QualifiedCall<'a>> {
        let file = self.file;
        let is_local = |name: &str, at: usize| self.scope(call).lookup(name, at).is_some();
        resolve::qualified_call(
            call,
            file.text(),
            &file.imports,
            &self.package.index,
            &is_local,
        )
    }

    /// The settings of this run.
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// The function name of `call` when it calls one of `names`, helper names from
    /// `lifelint.toml` written `pkg.Func` (or `import/path.Func`): `call` must resolve
    /// to the imported function `Func` of a package whose import path is `pkg` or ends
    /// in `/pkg`, or that this file imports under the local name `pkg`.
    pub fn calls_named(&self, call: Node<'_>, names: &[String]) -> Option<&'a str> {
        if names.is_empty() {
            return None;
        }
        let callee = syntax::callee(call, self.source())?;
        let (called, operand) = match callee {
            syntax::Callee::Ident(name) => (name, None),
            syntax::Callee::Selector { operand, name } => {
                (name, Some(syntax::text(operand, self.source())))
            }
        };
        // The callee's name is the cheap test; resolving the package may build a scope table.
        if !names
            .iter()
            .filter_map(|name| name.rsplit_once('.'))
            .any(|(_, func)| func == called)
        {
            return None;
        }
        let target = self.qualified_call(call)?;
        names
            .iter()
            .filter_map(|name| name.rsplit_once('.'))
            .find_map(|(pkg, func)| {
                let matches = target.name == func
                    && (target.path == pkg
                        || target
                            .path
                            .strip_suffix(pkg)
                            .is_some_and(|rest| rest.ends_with('/'))
                        || operand == Some(pkg));
                matches.then_some(target.name)
            })
    }

    /// The type of an expression, as far as declarations tell.
    pub fn infer(&self, expr: Node<'_>) -> Option<Ty> {
        self.scope(expr).infer(expr, &self.inputs())
    }

    /// Reports a finding of the current rule at `node`; add related places on the result.
    pub fn report(&mut self, node: Node<'_>, message: impl Into<String>) -> &mut Diagnostic {
        let root = self.file.tree.root_node();
        let function = Some(node)
            .filter(|n| syntax::is_function(*n))
            .or_else(|| syntax::enclosing_function(root, node))
            .and_then(|f| syntax::function_name(root, f, self.file.text()));
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity: self.rule.severity,
            file: self.file.source.clone(),
            span: node.byte_range(),
            message: message.into(),
            related: Vec::new(),
            function,
            fix: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }
}
