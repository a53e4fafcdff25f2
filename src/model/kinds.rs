//! Names of the tree-sitter-go node kinds that lifelint's code mentions, in one
//! place, so a typo is a failing test (`every_kind_exists`) rather than a rule
//! that silently never runs.

pub const ARGUMENT_LIST: &str = "argument_list";
pub const ASSIGNMENT_STATEMENT: &str = "assignment_statement";
pub const BINARY_EXPRESSION: &str = "binary_expression";
pub const BLOCK: &str = "block";
pub const BREAK_STATEMENT: &str = "break_statement";
pub const CALL_EXPRESSION: &str = "call_expression";
pub const COMMENT: &str = "comment";
pub const COMMUNICATION_CASE: &str = "communication_case";
pub const COMPOSITE_LITERAL: &str = "composite_literal";
pub const CONST_DECLARATION: &str = "const_declaration";
pub const CONTINUE_STATEMENT: &str = "continue_statement";
pub const DEFAULT_CASE: &str = "default_case";
pub const DEFER_STATEMENT: &str = "defer_statement";
pub const EXPRESSION_CASE: &str = "expression_case";
pub const EXPRESSION_LIST: &str = "expression_list";
pub const EXPRESSION_STATEMENT: &str = "expression_statement";
pub const EXPRESSION_SWITCH_STATEMENT: &str = "expression_switch_statement";
pub const FALLTHROUGH_STATEMENT: &str = "fallthrough_statement";
pub const FIELD_DECLARATION: &str = "field_declaration";
pub const FIELD_DECLARATION_LIST: &str = "field_declaration_list";
pub const FIELD_IDENTIFIER: &str = "field_identifier";
pub const FOR_CLAUSE: &str = "for_clause";
pub const FOR_STATEMENT: &str = "for_statement";
pub const FUNC_LITERAL: &str = "func_literal";
pub const FUNCTION_DECLARATION: &str = "function_declaration";
pub const GO_STATEMENT: &str = "go_statement";
pub const GOTO_STATEMENT: &str = "goto_statement";
pub const IDENTIFIER: &str = "identifier";
pub const IF_STATEMENT: &str = "if_statement";
pub const IMPORT_DECLARATION: &str = "import_declaration";
pub const IMPORT_SPEC: &str = "import_spec";
pub const INT_LITERAL: &str = "int_literal";
pub const INTERFACE_TYPE: &str = "interface_type";
pub const KEYED_ELEMENT: &str = "keyed_element";
pub const LABELED_STATEMENT: &str = "labeled_statement";
pub const LITERAL_VALUE: &str = "literal_value";
pub const MAP_TYPE: &str = "map_type";
pub const METHOD_DECLARATION: &str = "method_declaration";
pub const NIL: &str = "nil";
pub const PACKAGE_CLAUSE: &str = "package_clause";
pub const PARAMETER_DECLARATION: &str = "parameter_declaration";
pub const PARENTHESIZED_EXPRESSION: &str = "parenthesized_expression";
pub const POINTER_TYPE: &str = "pointer_type";
pub const QUALIFIED_TYPE: &str = "qualified_type";
pub const RANGE_CLAUSE: &str = "range_clause";
pub const RECEIVE_STATEMENT: &str = "receive_statement";
pub const RETURN_STATEMENT: &str = "return_statement";
pub const SELECT_STATEMENT: &str = "select_statement";
pub const SELECTOR_EXPRESSION: &str = "selector_expression";
pub const SHORT_VAR_DECLARATION: &str = "short_var_declaration";
pub const SLICE_TYPE: &str = "slice_type";
pub const SOURCE_FILE: &str = "source_file";
pub const STATEMENT_LIST: &str = "statement_list";
pub const STRUCT_TYPE: &str = "struct_type";
pub const TYPE_ALIAS: &str = "type_alias";
pub const TYPE_CASE: &str = "type_case";
pub const TYPE_DECLARATION: &str = "type_declaration";
pub const TYPE_IDENTIFIER: &str = "type_identifier";
pub const TYPE_SPEC: &str = "type_spec";
pub const TYPE_SWITCH_STATEMENT: &str = "type_switch_statement";
pub const UNARY_EXPRESSION: &str = "unary_expression";
pub const VAR_DECLARATION: &str = "var_declaration";
pub const VAR_SPEC: &str = "var_spec";
pub const VARIADIC_ARGUMENT: &str = "variadic_argument";
pub const VARIADIC_PARAMETER_DECLARATION: &str = "variadic_parameter_declaration";
pub const ARRAY_TYPE: &str = "array_type";
pub const CHANNEL_TYPE: &str = "channel_type";
pub const FUNCTION_TYPE: &str = "function_type";
pub const GENERIC_TYPE: &str = "generic_type";
pub const PARENTHESIZED_TYPE: &str = "parenthesized_type";

pub const DEC_STATEMENT: &str = "dec_statement";
pub const EMPTY_STATEMENT: &str = "empty_statement";
pub const INC_STATEMENT: &str = "inc_statement";
pub const INDEX_EXPRESSION: &str = "index_expression";
pub const LABEL_NAME: &str = "label_name";
pub const SEND_STATEMENT: &str = "send_statement";

/// Every constant above, for the existence test and for kind-id tables.
pub const ALL: &[&str] = &[
    ARGUMENT_LIST,
    ARRAY_TYPE,
    ASSIGNMENT_STATEMENT,
    BINARY_EXPRESSION,
    BLOCK,
    BREAK_STATEMENT,
    CALL_EXPRESSION,
    CHANNEL_TYPE,
    COMMENT,
    COMMUNICATION_CASE,
    COMPOSITE_LITERAL,
    CONST_DECLARATION,
    CONTINUE_STATEMENT,
    DEC_STATEMENT,
    DEFAULT_CASE,
    DEFER_STATEMENT,
    EMPTY_STATEMENT,
    EXPRESSION_CASE,
    EXPRESSION_LIST,
    EXPRESSION_STATEMENT,
    EXPRESSION_SWITCH_STATEMENT,
    FALLTHROUGH_STATEMENT,
    FIELD_DECLARATION,
    FIELD_DECLARATION_LIST,
    FIELD_IDENTIFIER,
    FOR_CLAUSE,
    FOR_STATEMENT,
    FUNC_LITERAL,
    FUNCTION_DECLARATION,
    FUNCTION_TYPE,
    GENERIC_TYPE,
    GO_STATEMENT,
    GOTO_STATEMENT,
    IDENTIFIER,
    IF_STATEMENT,
    IMPORT_DECLARATION,
    IMPORT_SPEC,
    INC_STATEMENT,
    INDEX_EXPRESSION,
    INT_LITERAL,
    INTERFACE_TYPE,
    KEYED_ELEMENT,
    LABEL_NAME,
    LABELED_STATEMENT,
    LITERAL_VALUE,
    MAP_TYPE,
    METHOD_DECLARATION,
    NIL,
    PACKAGE_CLAUSE,
    PARAMETER_DECLARATION,
    PARENTHESIZED_EXPRESSION,
    PARENTHESIZED_TYPE,
    POINTER_TYPE,
    QUALIFIED_TYPE,
    RANGE_CLAUSE,
    RECEIVE_STATEMENT,
    RETURN_STATEMENT,
    SELECT_STATEMENT,
    SELECTOR_EXPRESSION,
    SEND_STATEMENT,
    SHORT_VAR_DECLARATION,
    SLICE_TYPE,
    SOURCE_FILE,
    STATEMENT_LIST,
    STRUCT_TYPE,
    TYPE_ALIAS,
    TYPE_CASE,
    TYPE_DECLARATION,
    TYPE_IDENTIFIER,
    TYPE_SPEC,
    TYPE_SWITCH_STATEMENT,
    UNARY_EXPRESSION,
    VAR_DECLARATION,
    VAR_SPEC,
    VARIADIC_ARGUMENT,
    VARIADIC_PARAMETER_DECLARATION,
];

/// The kinds that start a new function body: declarations, methods and literals.
pub const FUNCTIONS: &[&str] = &[FUNCTION_DECLARATION, METHOD_DECLARATION, FUNC_LITERAL];

/// The tree-sitter-go language.
pub fn language() -> tree_sitter::Language {
    tree_sitter_go::LANGUAGE.into()
}

/// The numeric id of a named kind (0 when the grammar has no such kind).
pub fn id(kind: &str) -> u16 {
    language().id_for_node_kind(kind, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_exists() {
        let language = super::language();
        for kind in super::ALL {
            assert_ne!(
                language.id_for_node_kind(kind, true),
                0,
                "no node kind {kind}"
            );
        }
    }

    #[test]
    fn list_is_sorted_and_unique() {
        let mut sorted = super::ALL.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, super::ALL, "kinds::ALL must be sorted and unique");
    }
}
