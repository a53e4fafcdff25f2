//! Checking a big package without holding all its trees at once. Pass one parses
//! each file (in parallel), takes from it what the whole package needs (its part of
//! the package index and of every package fact its rules may read, `rules::facts`)
//! and drops its tree; pass two parses each reported file again and checks it
//! against those, dropping its tree when done. About one tree per worker thread is
//! alive at a time, so the peak memory of a run no longer follows the trees of its
//! largest package (some 33 bytes per byte of source); the price is a second parse
//! of the reported files. The findings are exactly those of the single pass
//! (`finish`).

use std::sync::Arc;

use rayon::prelude::*;

use super::{PackageResult, Prepared, check_file, parse_file, partly_parsed, syntax_problem};
use crate::diagnostic::{Diagnostic, PartlyParsed};
use crate::model::summaries::ModuleView;
use crate::model::{DerivedFacts, GoFile, Package, PackageIndex, SourceFile};
use crate::rules::{self, Family, facts};
use crate::settings::{RuleSet, Settings};

/// A file with more source than this (its tree alone weighs some 33 MiB) is parsed
/// while no other file of the package is, in either pass: two such trees at once would
/// double the peak memory of the run.
const HUGE_FILE_BYTES: usize = 1 << 20;

/// What pass one keeps of a file that parsed: its part of the package's index and
/// facts, and what its syntax errors cost (a reported file's).
struct Gathered {
    index: PackageIndex,
    facts: DerivedFacts,
    partly: Option<PartlyParsed>,
}

/// `engine::finish` in two passes (see the module doc).
pub(super) fn finish(
    prepared: Prepared,
    settings: &Settings,
    module: ModuleView,
) -> (PackageResult, ModuleView) {
    let Prepared {
        texts,
        mut problems,
        files_seen,
        timers,
    } = prepared;
    let families = families_checked(&texts);
    let gathered: Vec<Option<Gathered>> = huge_ones_alone(
        &texts,
        |(source, ..)| source.text.len(),
        |(source, reported, ..)| gather(source, *reported, &families),
    );
    let parsed: Vec<bool> = gathered.iter().map(Option::is_some).collect();
    let mut index = PackageIndex::default();
    let mut parts = Vec::with_capacity(gathered.len());
    let mut partly_parsed = Vec::new();
    for file in gathered.into_iter().flatten() {
        index.merge(file.index);
        parts.push(file.facts);
        if let Some(partly) = file.partly {
            problems.push(syntax_problem(&partly));
            partly_parsed.push(partly);
        }
    }
    let files_parsed = parts.len();
    let mut package = Package::streamed(index, facts::merge(parts));
    package.timers = timers;
    package.module = Some(module);
    let to_check: Vec<_> = texts
        .into_iter()
        .zip(parsed)
        .filter(|((_, reported, ..), parsed)| *reported && *parsed)
        .map(|((source, reported, rules, directives), _)| {
            (Arc::new(source), reported, rules, directives)
        })
        .collect();
    let diagnostics: Vec<Diagnostic> = huge_ones_alone(
        &to_check,
        |(source, ..)| source.text.len(),
        |(source, reported, rules, directives)| {
            let Some((tree, imports)) = parse_file(source) else {
                return Vec::new();
            };
            let file = GoFile {
                source: Arc::clone(source),
                tree,
                imports,
                reported: *reported,
                rules: *rules,
            };
            check_file(&file, &package, settings, *directives)
        },
    )
    .into_iter()
    .flatten()
    .collect();
    let module = package.module.take().expect("set above");
    let result = PackageResult {
        diagnostics: super::with_severities(diagnostics, settings),
        problems,
        partly_parsed,
        files_seen,
        files_parsed,
    };
    (result, module)
}

/// `work` on each file (`size` gives its bytes of source), results in file order: the
/// files up to `HUGE_FILE_BYTES` in parallel, then each bigger one alone.
fn huge_ones_alone<I: Sync, T: Send>(
    files: &[I],
    size: impl Fn(&I) -> usize + Sync,
    work: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    let mut done: Vec<Option<T>> = files
        .par_iter()
        .map(|file| (size(file) <= HUGE_FILE_BYTES).then(|| work(file)))
        .collect();
    for (slot, file) in done.iter_mut().zip(files) {
        if slot.is_none() {
            *slot = Some(work(file));
        }
    }
    done.into_iter().flatten().collect()
}

/// The families of the rules that may run on a reported file: only their facts are
/// gathered.
fn families_checked(texts: &[(SourceFile, bool, RuleSet, bool)]) -> Vec<Family> {
    let mut families = Vec::new();
    for (_, _, rules, _) in texts.iter().filter(|(_, reported, ..)| *reported) {
        for index in rules.iter() {
            let family = rules::ALL[index].meta().family;
            if !families.contains(&family) {
                families.push(family);
            }
        }
    }
    families
}

/// Pass one over a file: its parts of the package's index and facts, its tree dropped.
fn gather(source: &SourceFile, reported: bool, families: &[Family]) -> Option<Gathered> {
    let (tree, imports) = parse_file(source)?;
    let root = tree.root_node();
    let mut index = PackageIndex::default();
    index.add_file(root, &source.text, &imports);
    Some(Gathered {
        index,
        facts: facts::of_file(root, &source.text, &imports, families),
        partly: partly_parsed(&tree, source, reported),
    })
}
