//! `lifelint explain RULE-ID`: a header from the rule's metadata, then its page.

use super::ExitStatus;
use crate::rules;

pub fn run(id: &str) -> ExitStatus {
    let Some((_, rule)) = rules::by_id(id) else {
        let known: Vec<&str> = rules::ALL.iter().map(|r| r.meta().id).collect();
        eprintln!(
            "lifelint: error: {}",
            rules::lint::nolint_unknown::message(id, &known).replace("in `//nolint`", "")
        );
        return ExitStatus::Error;
    };
    let meta = rule.meta();
    println!(
        "{} (family {}, default severity {})\n{}\n",
        meta.id,
        meta.family.name(),
        meta.severity.name(),
        meta.summary
    );
    print!("{}", meta.page);
    ExitStatus::Clean
}
