//! `lifelint explain RULE-ID`: a header from the rule's metadata, then its page.
//! `lifelint explain FAMILY` (`span`, `ctx`, ...): the family's rules, one line each.
//! An unknown name suggests the nearest rule id.

use super::ExitStatus;
use crate::rules;

pub fn run(id: &str) -> ExitStatus {
    if let Some(family) = rules::Family::from_name(id) {
        println!("The `{}` family:", family.name());
        for rule in rules::ALL.iter().filter(|r| r.meta().family == family) {
            let meta = rule.meta();
            println!(
                "  {:<28} {:<8} {}",
                meta.id,
                meta.severity.name(),
                meta.summary
            );
        }
        println!("\n`lifelint explain RULE-ID` shows a rule's page.");
        return ExitStatus::Clean;
    }
    let Some((_, rule)) = rules::by_id(id) else {
        let known: Vec<&str> = rules::ALL.iter().map(|r| r.meta().id).collect();
        eprintln!(
            "lifelint: error: {}",
            rules::lint::nolint_unknown::message(id, &known).replace(" in `//nolint`", "")
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
