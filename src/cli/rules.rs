//! `lifelint rules`: the rules table, in Markdown. The README's table is this
//! exact text (between `<!-- rules:start -->` and `<!-- rules:end -->`), which
//! `tests/catalog.rs` checks.

use crate::rules;

/// The Markdown table of every rule.
pub fn table() -> String {
    let mut out = String::from("| id | family | severity | finds |\n| --- | --- | --- | --- |\n");
    let opt_in = |meta: &rules::RuleMeta| if meta.opt_in { " (opt-in)" } else { "" };
    for rule in rules::ALL {
        let meta = rule.meta();
        out.push_str(&format!(
            "| `{}` | {} | {}{} | {} |\n",
            meta.id,
            meta.family.name(),
            meta.severity.name(),
            opt_in(meta),
            meta.summary.replace('|', "\\|")
        ));
    }
    out
}
