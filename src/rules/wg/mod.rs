//! The `wg` family: `sync.WaitGroup` misuse. Adds that race with `Wait`, waits
//! that deadlock, goroutines that never call `Done`, and WaitGroups copied by
//! value. Shared here: which calls are `Add`/`Done`/`Wait` on a WaitGroup (by
//! type, never by name), which expressions are WaitGroups or hold one by value,
//! and the goroutines a function starts.
//!
//! A WaitGroup is recognised by its declared or inferred type: `sync.WaitGroup`
//! or a pointer to it (through the import table, aliases and a dot-import
//! included), a struct field of that type, or a struct of this package that
//! embeds one (`s.Add(1)`), unless the struct declares its own method of that
//! name. `errgroup.Group` is not a WaitGroup, and Go 1.25's `wg.Go(f)` adds and
//! calls `Done` by construction.

pub mod add_in_goroutine;
pub mod add_mismatch;
pub mod add_nonpositive;
pub mod copied;
pub mod done_missing;
pub mod done_not_deferred;
pub mod wait_in_goroutine;

use tree_sitter::Node;

use crate::model::fields::Fields;
use crate::model::types::TypeDecl;
use crate::model::{Ty, kinds, syntax};
use crate::rules::Checker;

/// The WaitGroup methods the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Add,
    Done,
    Wait,
    Go,
}

/// A call of a WaitGroup method: `wg.Add(1)`, `s.wg.Done()`, `s.Wait()` (embedded).
#[derive(Debug, Clone)]
pub struct WgCall<'t> {
    pub call: Node<'t>,
    pub method: Method,
    /// The operand of the selector, parentheses stripped (`wg`, `s.wg`, `&wg`).
    pub receiver: Node<'t>,
    /// The receiver as written, without `&`, `*` and parentheses: `wg`, `s.wg`.
    pub key: String,
}

impl<'t> WgCall<'t> {
    /// The identifier at the root of the receiver (`s` of `s.wg`), if any.
    pub fn root(&self) -> Option<Node<'t>> {
        root_identifier(self.receiver)
    }
}

/// The WaitGroup call `call` is, when its receiver's type says so.
pub fn wait_group_call<'t>(call: Node<'t>, checker: &Checker<'_>) -> Option<WgCall<'t>> {
    let syntax::Callee::Selector { operand, name } = syntax::callee(call, checker.source())? else {
        return None;
    };
    let method = match name {
        "Add" => Method::Add,
        "Done" => Method::Done,
        "Wait" => Method::Wait,
        "Go" => Method::Go,
        _ => return None,
    };
    let ty = checker.infer(operand)?;
    if !is_wait_group(&ty, checker) && !embeds_wait_group(&ty, name, checker) {
        return None;
    }
    Some(WgCall {
        call,
        method,
        receiver: operand,
        key: key_of(operand, checker.source()),
    })
}

/// True for `sync.WaitGroup` and `*sync.WaitGroup`.
pub fn is_wait_group(ty: &Ty, checker: &Checker<'_>) -> bool {
    is_wait_group_value(ty.pointee(), checker)
}

/// True for `sync.WaitGroup` itself (not a pointer).
pub fn is_wait_group_value(ty: &Ty, checker: &Checker<'_>) -> bool {
    match ty {
        Ty::Named {
            package: Some(p),
            name,
        } => p == "sync" && name == "WaitGroup",
        // `import . "sync"`: a bare `WaitGroup` the package does not declare itself.
        Ty::Named {
            package: None,
            name,
        } => {
            name == "WaitGroup"
                && checker.imports().dot_imports("sync")
                && checker.index().type_decl("WaitGroup").is_none()
        }
        _ => false,
    }
}

/// True when `ty` (through a pointer) is a struct of this package that embeds a
/// WaitGroup, directly or through embedded structs, and does not declare `method` itself.
fn embeds_wait_group(ty: &Ty, method: &str, checker: &Checker<'_>) -> bool {
    let Ty::Named {
        package: None,
        name,
    } = ty.pointee()
    else {
        return false;
    };
    let mut owners = vec![name.clone()];
    let mut found = false;
    let mut queue = vec![(ty.pointee().clone(), 0)];
    while let Some((owner, depth)) = queue.pop() {
        let Ty::Named {
            package: None,
            name,
        } = &owner
        else {
            continue;
        };
        let Some(TypeDecl::Struct(fields)) = checker.index().type_decl(name) else {
            continue;
        };
        for field in fields.iter().filter(|f| f.name.is_none()) {
            if is_wait_group(&field.ty, checker) {
                found = true;
            } else if depth < 8 {
                if let Ty::Named {
                    package: None,
                    name,
                } = field.ty.pointee()
                {
                    owners.push(name.clone());
                }
                queue.push((field.ty.pointee().clone(), depth + 1));
            }
        }
    }
    found
        && !owners
            .iter()
            .any(|owner| declares_method(owner, method, checker))
}

/// True when some file of the package declares the method `Type.method`.
fn declares_method(type_name: &str, method: &str, checker: &Checker<'_>) -> bool {
    checker
        .package_fact(&crate::rules::facts::METHODS)
        .contains(&format!("{type_name}.{method}"))
}

/// The methods a file declares, as `Type.method` (`syntax::function_name`).
pub(crate) fn add_methods(
    root: Node<'_>,
    source: &str,
    _imports: &crate::model::Imports,
    methods: &mut std::collections::HashSet<String>,
) {
    methods.extend(
        syntax::named_children(root)
            .into_iter()
            .filter(|decl| decl.kind() == kinds::METHOD_DECLARATION)
            .filter_map(|decl| syntax::function_name(root, decl, source)),
    );
}

/// True when a value of type `ty` holds a WaitGroup by value: the WaitGroup itself,
/// an array of them, or a struct of this package with such a field (not through a
/// pointer, a slice or a map, which share instead of copying).
pub fn holds_wait_group(ty: &Ty, checker: &Checker<'_>) -> bool {
    holds_at(ty, checker, 0)
}

fn holds_at(ty: &Ty, checker: &Checker<'_>, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if is_wait_group_value(ty, checker) {
        return true;
    }
    match ty {
        Ty::Array(element) => holds_at(element, checker, depth + 1),
        Ty::Named {
            package: None,
            name,
        } => match checker.index().type_decl(name) {
            Some(TypeDecl::Struct(fields)) => {
                fields.iter().any(|f| holds_at(&f.ty, checker, depth + 1))
            }
            Some(TypeDecl::Other(other)) => holds_at(other, checker, depth + 1),
            None => false,
        },
        _ => false,
    }
}

/// The receiver as written, without `&`, `*` and parentheses.
pub fn key_of(expr: Node<'_>, source: &str) -> String {
    let mut expr = syntax::unparen(expr);
    while expr.kind() == kinds::UNARY_EXPRESSION {
        match expr.field("operand") {
            Some(inner) => expr = syntax::unparen(inner),
            None => break,
        }
    }
    syntax::text(expr, source)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("")
}

/// The identifier at the root of `wg`, `s.wg`, `&s.wg`, `(*p).wg`.
pub fn root_identifier(expr: Node<'_>) -> Option<Node<'_>> {
    let mut expr = syntax::unparen(expr);
    loop {
        match expr.kind() {
            kinds::IDENTIFIER => return Some(expr),
            kinds::SELECTOR_EXPRESSION => expr = expr.field("operand")?,
            kinds::UNARY_EXPRESSION => expr = expr.field("operand")?,
            kinds::PARENTHESIZED_EXPRESSION => expr = syntax::unparen(expr),
            _ => return None,
        }
    }
}

/// A goroutine started with a function literal: `go func(...) { ... }(args)`.
#[derive(Debug, Clone, Copy)]
pub struct Goroutine<'t> {
    pub go: Node<'t>,
    pub call: Node<'t>,
    pub literal: Node<'t>,
}

impl<'t> Goroutine<'t> {
    /// The goroutine of a `go` statement whose callee is a function literal, with its
    /// body, when the body's text holds every one of `needles` (a cheap test before
    /// the rule resolves any call).
    pub fn with_body_containing(
        go: Node<'t>,
        source: &str,
        needles: &[&str],
    ) -> Option<(Goroutine<'t>, Node<'t>)> {
        let goroutine = Goroutine::of(go)?;
        let body = goroutine.literal.field("body")?;
        let text = syntax::text(body, source);
        needles
            .iter()
            .all(|needle| text.contains(needle))
            .then_some((goroutine, body))
    }

    /// The goroutine of a `go` statement whose callee is a function literal.
    pub fn of(go: Node<'t>) -> Option<Goroutine<'t>> {
        if go.kind() != kinds::GO_STATEMENT {
            return None;
        }
        let call = syntax::unparen(go.named_child(0)?);
        if call.kind() != kinds::CALL_EXPRESSION {
            return None;
        }
        let literal = syntax::unparen(call.field("function")?);
        (literal.kind() == kinds::FUNC_LITERAL).then_some(Goroutine { go, call, literal })
    }

    /// The WaitGroup calls of the goroutine's own body (not of literals nested in it),
    /// each with its key as seen from outside: a parameter that receives `&wg` is `wg`.
    /// Calls on a WaitGroup declared inside the goroutine are left out.
    pub fn wait_group_calls(&self, checker: &Checker<'_>) -> Vec<WgCall<'t>> {
        self.own_calls(checker, |call| {
            wait_group_call(call, checker).into_iter().collect()
        })
    }

    /// The calls of the goroutine's own body that give `&wg` to a function or method
    /// that waits for it whenever called (`waitAll(&wg)`, see `given_to_waiter`): each
    /// as a `Wait` on that WaitGroup, keyed as `wait_group_calls` keys them.
    pub fn helper_waits(&self, checker: &Checker<'_>) -> Vec<WgCall<'t>> {
        let source = checker.source();
        self.own_calls(checker, |call| {
            syntax::call_arguments(call)
                .into_iter()
                .filter(|arg| arg.kind() == kinds::UNARY_EXPRESSION)
                .filter_map(|arg| arg.field("operand"))
                .filter(|operand| given_to_waiter(*operand, checker))
                .map(|operand| WgCall {
                    call,
                    method: Method::Wait,
                    receiver: operand,
                    key: key_of(operand, source),
                })
                .collect()
        })
    }

    /// What `find` makes of each call of the goroutine's own body, rekeyed as seen from
    /// outside; those on a WaitGroup declared inside the goroutine are left out.
    fn own_calls(
        &self,
        checker: &Checker<'_>,
        find: impl Fn(Node<'t>) -> Vec<WgCall<'t>>,
    ) -> Vec<WgCall<'t>> {
        let mut out = Vec::new();
        let Some(body) = self.literal.field("body") else {
            return out;
        };
        let parameters = parameter_names(self.literal, checker.source());
        let arguments = syntax::call_arguments(self.call);
        for call in own_nodes(body, kinds::CALL_EXPRESSION) {
            for mut wg in find(call) {
                let Some(root) = wg.root() else { continue };
                let root_name = syntax::text(root, checker.source());
                let binding = checker
                    .scope(root)
                    .lookup(root_name, root.start_byte())
                    .cloned();
                if let Some(binding) = binding
                    && self.literal.start_byte() <= binding.decl.start
                    && binding.decl.end <= self.literal.end_byte()
                {
                    // A parameter of the literal stands for its argument; a local is its own.
                    let Some(i) = parameters.iter().position(|p| *p == binding.decl) else {
                        continue;
                    };
                    let Some(argument) = arguments.get(i) else {
                        continue;
                    };
                    let Some(rest) = wg.key.strip_prefix(root_name) else {
                        continue;
                    };
                    wg.key = format!("{}{rest}", key_of(*argument, checker.source()));
                }
                out.push(wg);
            }
        }
        out
    }
}

/// The byte ranges of the names of a function's parameters, in order.
fn parameter_names(function: Node<'_>, _source: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let Some(list) = function.field("parameters") else {
        return out;
    };
    for param in syntax::named_children(list) {
        let mut cursor = param.walk();
        let names: Vec<_> = param.children_by_field_name("name", &mut cursor).collect();
        if names.is_empty() {
            out.push(0..0);
        }
        out.extend(names.iter().map(|n| n.byte_range()));
    }
    out
}

/// The nodes of `kind` under `root` that belong to its own function: nested function
/// literals are not entered.
pub fn own_nodes<'t>(root: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    syntax::walk_with_ancestors(root, &mut |node, _| {
        if node.kind() == kind {
            out.push(node);
        }
        node.kind() != kinds::FUNC_LITERAL
    });
    out
}

/// True when `call` is the operand of a `defer` statement.
pub fn is_deferred(call: Node<'_>) -> bool {
    call.parent()
        .is_some_and(|p| p.kind() == kinds::DEFER_STATEMENT)
}

/// The value of an integer constant written as a literal, possibly negated or in
/// parentheses: `1`, `-1`, `(0)`, `0x10`, `1_000`.
pub fn constant_int(expr: Node<'_>, source: &str) -> Option<i64> {
    let expr = syntax::unparen(expr);
    match expr.kind() {
        kinds::INT_LITERAL => {
            let text = syntax::text(expr, source).replace('_', "");
            let lower = text.to_ascii_lowercase();
            if let Some(hex) = lower.strip_prefix("0x") {
                i64::from_str_radix(hex, 16).ok()
            } else if let Some(bin) = lower.strip_prefix("0b") {
                i64::from_str_radix(bin, 2).ok()
            } else if let Some(oct) = lower.strip_prefix("0o") {
                i64::from_str_radix(oct, 8).ok()
            } else if lower.len() > 1 && lower.starts_with('0') {
                i64::from_str_radix(&lower[1..], 8).ok()
            } else {
                lower.parse().ok()
            }
        }
        kinds::UNARY_EXPRESSION => {
            let operator = syntax::text(expr.field("operator")?, source);
            let value = constant_int(expr.field("operand")?, source)?;
            match operator {
                "-" => value.checked_neg(),
                "+" => Some(value),
                _ => None,
            }
        }
        _ => None,
    }
}

/// When `ident` is `wg` in `&wg` given as an argument to a function or method whose
/// summary (`model::summaries::add_wg_settlers`) says what it does with that
/// WaitGroup: that answer, whether the callee is of this package, and the callee as
/// written. Functions of this package (`drain(&wg)`, `s.worker(&wg)`) and of other
/// packages of the module (`worker.Run(&wg)`, `w.Run(&wg)` for a `*worker.Pool`) are
/// looked up; anything else is `None`.
pub fn given_to(
    ident: Node<'_>,
    checker: &Checker<'_>,
) -> Option<(crate::model::summaries::WgSettle, bool, String)> {
    let callee = callee_of_address(ident, checker)?;
    let lookup = |path: &str| checker.imported_facts(path);
    let settle = match &callee.package {
        None => package_wg_settlers(checker).get(&callee.key, callee.position, &lookup)?,
        Some(path) => {
            checker
                .imported_facts(path)?
                .wg_settlers
                .get(&callee.key, callee.position, &lookup)?
        }
    };
    Some((settle, callee.package.is_none(), callee.text))
}

/// True when `operand` (`wg` in `&wg`) is given to a function or method whose summary
/// (`model::summaries::add_wg_waiters`) says it waits for that WaitGroup whenever it is
/// called: the call is a `Wait`.
pub fn given_to_waiter(operand: Node<'_>, checker: &Checker<'_>) -> bool {
    let Some(callee) = callee_of_address(operand, checker) else {
        return false;
    };
    let entry = (callee.key, callee.position);
    match &callee.package {
        None => checker
            .package_fact(&crate::rules::facts::WG_WAITERS)
            .contains(&entry),
        Some(path) => checker
            .imported_facts(path)
            .is_some_and(|facts| facts.wg_waiters.contains(&entry)),
    }
}

/// The function or method a `&x` argument is given to, as the module's summaries name
/// it: its package (`None` for this one), its key (`name` or `Type.name`), the index of
/// the argument, and the callee as written.
struct AddressCallee {
    package: Option<String>,
    key: String,
    position: usize,
    text: String,
}

/// The callee `&operand` is an argument of (see `AddressCallee`).
fn callee_of_address(operand: Node<'_>, checker: &Checker<'_>) -> Option<AddressCallee> {
    let source = checker.source();
    let address = operand
        .parent()
        .filter(|p| p.kind() == kinds::UNARY_EXPRESSION)
        .filter(|p| {
            p.field("operator")
                .is_some_and(|o| syntax::text(o, source) == "&")
        })?;
    let list = address
        .parent()
        .filter(|p| p.kind() == kinds::ARGUMENT_LIST)?;
    let call = list.parent()?;
    let position = syntax::named_children(list)
        .iter()
        .filter(|arg| arg.kind() != "comment")
        .position(|arg| *arg == address)?;
    let text = syntax::text(call.field("function")?, source).to_string();
    let shadowed = |name: &str| {
        checker
            .scope(call)
            .lookup(name, call.start_byte())
            .is_some()
    };
    let (package, key) = match syntax::callee(call, source)? {
        syntax::Callee::Ident(name) => {
            if shadowed(name) || !checker.index().declares_function(name) {
                return None;
            }
            (None, name.to_string())
        }
        syntax::Callee::Selector { operand, name } => {
            let operand = syntax::unparen(operand);
            let imported = (operand.kind() == kinds::IDENTIFIER)
                .then(|| syntax::text(operand, source))
                .filter(|package| !shadowed(package))
                .and_then(|package| checker.imports().path_of(package));
            match imported {
                Some(path) => (Some(path.to_string()), name.to_string()),
                None => match checker.infer(operand)?.pointee() {
                    Ty::Named { package, name: ty } => (package.clone(), format!("{ty}.{name}")),
                    _ => return None,
                },
            }
        }
    };
    Some(AddressCallee {
        package,
        key,
        position,
        text,
    })
}

/// The package's own WaitGroup settlers, found once per package.
fn package_wg_settlers<'c>(checker: &Checker<'c>) -> &'c crate::model::summaries::WgSettlers {
    checker.package_fact(&crate::rules::facts::WG_SETTLERS)
}
