//! `nolint-unknown`: a `//nolint` directive names an id with a lifelint family
//! prefix (`ctx-`, `span-`, `trace-`, `wg-`, `pprof-`, `timer-`, `nolint-`) that
//! is not in the catalog — usually a typo, which suppresses nothing.

use crate::rules::prelude::*;

pub struct NolintUnknown;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "nolint-unknown",
    family: Family::Lint,
    severity: Severity::Warning,
    summary: "`//nolint` naming an id that looks like lifelint's but is not in the catalog",
    page: include_str!("../../../rules/nolint-unknown.md"),
    needs_import: None,
    triggers: &["nolint"],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for NolintUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// True when `name` has a lifelint family prefix.
pub fn looks_like_lifelint(name: &str) -> bool {
    Family::ALL
        .iter()
        .flat_map(|family| family.id_prefixes())
        .any(|prefix| name.starts_with(prefix))
}

/// The message for an unknown id, suggesting the closest catalog id when one is near.
pub fn message(name: &str, catalog: &[&str]) -> String {
    let closest = catalog
        .iter()
        .map(|id| (edit_distance(name, id), *id))
        .min()
        .filter(|(distance, _)| *distance <= 3);
    match closest {
        Some((_, id)) => {
            format!("unknown lifelint rule `{name}` in `//nolint`; did you mean `{id}`?")
        }
        None => {
            format!("unknown lifelint rule `{name}` in `//nolint`; `lifelint rules` lists them")
        }
    }
}

/// Levenshtein distance over bytes (ids are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        let catalog = ["ctx-cancel-discarded", "nolint-unused"];
        assert!(
            message("ctx-cancel-discard", &catalog).contains("did you mean `ctx-cancel-discarded`")
        );
        assert!(!message("wg-everything-wrong", &catalog).contains("did you mean"));
        assert!(looks_like_lifelint("trace-start"));
        assert!(!looks_like_lifelint("errcheck"));
    }
}
