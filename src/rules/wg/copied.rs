//! `wg-copied`: a WaitGroup passed, received, returned, assigned or ranged over by
//! value. The copy has its own counter: `Done` on one never releases `Wait` on the
//! other (and vet's `copylocks` reports the same copies).
//!
//! Without a type checker only the declared types make a copy certain, so the rule
//! looks at: parameters and receivers of functions, methods and literals whose
//! declared type holds a WaitGroup by value (the WaitGroup itself, an array of them,
//! or a struct of this package with such a field, embedded or not); and values whose
//! type the model knows (identifiers, fields, `*p`) that are assigned, declared,
//! passed to a call, returned, or ranged over as the element of a slice, array, map
//! or channel. Composite literals, `new`, calls and `&x` are not copies of an
//! existing WaitGroup.

use super::holds_wait_group;
use crate::model::Ty;
use crate::rules::prelude::*;

pub struct Copied;

static META: RuleMeta = RuleMeta {
    id: "wg-copied",
    family: Family::Wg,
    severity: Severity::Error,
    summary: "`sync.WaitGroup` passed, received, returned, assigned or ranged over by value",
    page: include_str!("../../../rules/wg-copied.md"),
    needs_import: Some("sync"),
    triggers: &[],
    package_needs: Some("WaitGroup"),
    text_test: None,
    opt_in: false,
};

impl Rule for Copied {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[
            kinds::PARAMETER_DECLARATION,
            kinds::SHORT_VAR_DECLARATION,
            kinds::ASSIGNMENT_STATEMENT,
            kinds::VAR_SPEC,
            kinds::RETURN_STATEMENT,
            kinds::CALL_EXPRESSION,
            kinds::RANGE_CLAUSE,
        ]
    }

    fn check_node(&self, node: Node<'_>, checker: &mut Checker<'_>) {
        match node.kind() {
            kinds::PARAMETER_DECLARATION => parameter(node, checker),
            kinds::SHORT_VAR_DECLARATION | kinds::ASSIGNMENT_STATEMENT | kinds::VAR_SPEC => {
                let Some((targets, values)) = syntax::assignment_sides(node) else {
                    return;
                };
                if targets.len() != values.len() {
                    return;
                }
                for (target, value) in targets.iter().zip(&values) {
                    if !syntax::is_blank(*target, checker.source()) {
                        copied_value(*value, "assigning", checker);
                    }
                }
            }
            kinds::RETURN_STATEMENT => {
                let Some(list) = syntax::named_children(node).into_iter().next() else {
                    return;
                };
                for value in syntax::list_items(list) {
                    copied_value(value, "returning", checker);
                }
            }
            kinds::CALL_EXPRESSION => {
                if let Some(syntax::Callee::Selector { operand, .. }) =
                    syntax::callee(node, checker.source())
                    && checker
                        .imports()
                        .path_of(syntax::text(operand, checker.source()))
                        == Some("unsafe")
                {
                    return;
                }
                for argument in syntax::call_arguments(node) {
                    copied_value(argument, "passing", checker);
                }
            }
            kinds::RANGE_CLAUSE => range_value(node, checker),
            _ => {}
        }
    }
}

/// A parameter or receiver of a function, method or literal declared with a type that
/// holds a WaitGroup by value.
fn parameter(node: Node<'_>, checker: &mut Checker<'_>) {
    let Some(list) = node.parent() else { return };
    let Some(function) = list.parent() else {
        return;
    };
    if !syntax::is_function(function)
        || !(function.field("parameters") == Some(list) || function.field("receiver") == Some(list))
    {
        return;
    }
    let Some(type_node) = node.field("type") else {
        return;
    };
    let Some(ty) = Ty::from_node(type_node, checker.source(), checker.imports()) else {
        return;
    };
    if !holds_wait_group(&ty, checker) {
        return;
    }
    let what = if function.field("receiver") == Some(list) {
        "receiver"
    } else {
        "parameter"
    };
    let written = syntax::text(type_node, checker.source());
    let message = if super::is_wait_group_value(&ty, checker) {
        format!("{what} of type `{written}` receives a copy of the WaitGroup: use `*{written}`")
    } else {
        format!(
            "{what} of type `{written}` receives a copy of the `sync.WaitGroup` it holds: use `*{written}`"
        )
    };
    checker.report(type_node, message);
}

/// `value` copies an existing WaitGroup (or a value holding one) whose type is known.
fn copied_value(value: Node<'_>, doing: &str, checker: &mut Checker<'_>) {
    let value = syntax::unparen(value);
    let ty = match value.kind() {
        kinds::IDENTIFIER | kinds::SELECTOR_EXPRESSION => checker.infer(value),
        kinds::UNARY_EXPRESSION
            if value
                .field("operator")
                .is_some_and(|o| syntax::text(o, checker.source()) == "*") =>
        {
            match value.field("operand").and_then(|o| checker.infer(o)) {
                Some(Ty::Pointer(inner)) => Some(*inner),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(ty) = ty else { return };
    if !holds_wait_group(&ty, checker) {
        return;
    }
    let written = syntax::text(value, checker.source());
    let pointer = match written.strip_prefix('*') {
        Some(pointer) => pointer.to_string(),
        None => format!("&{written}"),
    };
    let message = if super::is_wait_group_value(&ty, checker) {
        format!("{doing} `{written}` copies the WaitGroup: use a pointer (`{pointer}`)")
    } else {
        format!("{doing} `{written}` copies the `sync.WaitGroup` it holds: use a pointer")
    };
    checker.report(value, message);
}

/// `for _, w := range ws` where the elements hold a WaitGroup by value.
fn range_value(clause: Node<'_>, checker: &mut Checker<'_>) {
    let (Some(left), Some(right)) = (clause.field("left"), clause.field("right")) else {
        return;
    };
    let Some(collection) = checker.infer(right) else {
        return;
    };
    let items = syntax::list_items(left);
    let (target, element) = match (&collection, items.as_slice()) {
        (Ty::Slice(element) | Ty::Array(element), [_, value]) => (*value, element.as_ref()),
        (Ty::Map(_, element), [_, value]) => (*value, element.as_ref()),
        (Ty::Chan(element), [value]) => (*value, element.as_ref()),
        _ => return,
    };
    if syntax::is_blank(target, checker.source()) || !holds_wait_group(element, checker) {
        return;
    }
    let name = syntax::text(target, checker.source());
    checker.report(
        target,
        format!(
            "ranging copies each element into `{name}`, with the `sync.WaitGroup` it holds: range over the indexes or over pointers"
        ),
    );
}
