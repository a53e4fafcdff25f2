//! `nolint-unused`: a `//nolint` directive names a lifelint rule or family that
//! suppressed nothing where it stands. Stale directives hide the next real bug.

use crate::rules::prelude::*;

pub struct NolintUnused;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "nolint-unused",
    family: Family::Lint,
    severity: Severity::Warning,
    summary: "`//nolint` naming a lifelint rule or family that suppressed nothing",
    page: include_str!("../../../rules/nolint-unused.md"),
    needs_import: None,
    triggers: &["nolint"],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for NolintUnused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The message for a directive entry `name` that matched no finding.
pub fn message(name: &str) -> String {
    if name.is_empty() {
        "`//nolint:lifelint` suppresses no finding here; remove it".to_string()
    } else {
        format!("`//nolint:{name}` suppresses no finding here; remove `{name}`")
    }
}
