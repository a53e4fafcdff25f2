//! The byte-level prefilter: before parsing, decide which enabled rules could
//! fire in a file at all. A rule with `needs_import: Some(path)` cannot fire in
//! a file whose bytes lack `"path"`; a rule with `triggers` needs one of them.
//! A file no rule wants is not parsed. The package index is built from parsed
//! files only; that is sound because a declaration whose type comes from a
//! package (say a struct field of type `context.Context`) can only be written
//! in a file that imports it, and so contains the trigger. Helpers named in
//! `lifelint.toml` (`[ctx] cancel`, `[span] start`/`end`) need neither: a file
//! that mentions one is read by the family that uses it. `--no-prefilter`
//! turns this off, and the fixture tests check both ways give the same findings.
//! A rule may also need text somewhere in the package (`package_needs`): each file
//! records which of those it has, and the engine drops the rule from every file of
//! a package where none has it.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::rules::{self, Family};
use crate::settings::{RuleSet, Settings};

/// Per rule: the needles (indices into `Needles::distinct`) of which the file must
/// contain all of `required` and one of `any`, and the one some file of its package
/// must contain.
struct RuleNeedles {
    required: Option<usize>,
    any: Vec<usize>,
    package: Option<usize>,
}

/// Every distinct needle once (several rules share `"sync"`, `"context"`,
/// `WaitGroup`), so a file is scanned for each at most once.
struct Needles {
    distinct: Vec<Finder<'static>>,
    rules: Vec<RuleNeedles>,
}

impl Needles {
    fn build() -> Needles {
        let mut texts: Vec<String> = Vec::new();
        let mut index_of = |text: String| match texts.iter().position(|t| *t == text) {
            Some(i) => i,
            None => {
                texts.push(text);
                texts.len() - 1
            }
        };
        let rules = rules::ALL
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                RuleNeedles {
                    required: meta
                        .needs_import
                        .map(|path| index_of(format!("\"{path}\""))),
                    any: meta
                        .triggers
                        .iter()
                        .map(|t| index_of(t.to_string()))
                        .collect(),
                    package: meta.package_needs.map(|text| index_of(text.to_string())),
                }
            })
            .collect();
        let distinct = texts
            .iter()
            .map(|t| Finder::new(t.as_bytes()).into_owned())
            .collect();
        Needles { distinct, rules }
    }
}

static NEEDLES: LazyLock<Needles> = LazyLock::new(Needles::build);

/// Whether `text` holds each needle, looked up at most once per needle.
struct Found<'a> {
    text: &'a [u8],
    memo: Vec<Option<bool>>,
}

impl<'a> Found<'a> {
    fn new(text: &'a [u8]) -> Found<'a> {
        Found {
            text,
            memo: vec![None; NEEDLES.distinct.len()],
        }
    }

    fn has(&mut self, needle: usize) -> bool {
        *self.memo[needle].get_or_insert_with(|| NEEDLES.distinct[needle].find(self.text).is_some())
    }
}

/// The enabled rules that could fire in a file with these bytes.
pub fn rules_for(text: &[u8], settings: &Settings) -> RuleSet {
    let enabled = settings.enabled;
    let mut wanted = RuleSet::empty();
    let mentions = |helpers: &[String]| {
        helpers.iter().any(|helper| {
            let function = helper.rsplit_once('.').map_or(helper.as_str(), |(_, f)| f);
            memchr::memmem::find(text, function.as_bytes()).is_some()
        })
    };
    let helper_families = [
        (Family::Ctx, mentions(&settings.extra_cancels)),
        (
            Family::Span,
            mentions(&settings.extra_span_starts) || mentions(&settings.extra_span_ends),
        ),
    ];
    let mut found = Found::new(text);
    for index in enabled.iter() {
        let family = rules::ALL[index].meta().family;
        if helper_families.contains(&(family, true)) {
            wanted.insert(index);
            continue;
        }
        let needles = &NEEDLES.rules[index];
        let has_import = needles.required.is_none_or(|n| found.has(n));
        let has_trigger = needles.any.is_empty() || needles.any.iter().any(|&n| found.has(n));
        if has_import && has_trigger {
            wanted.insert(index);
        }
    }
    wanted
}

/// The enabled rules with a package need that this file's bytes meet.
pub fn package_marks(text: &[u8], enabled: RuleSet) -> RuleSet {
    let mut marks = RuleSet::empty();
    let mut found = Found::new(text);
    for index in enabled.iter() {
        if NEEDLES.rules[index].package.is_some_and(|n| found.has(n)) {
            marks.insert(index);
        }
    }
    marks
}

/// The rules a package allows, given the union of its files' `package_marks`: every
/// rule without a package need, and those whose need some file met.
pub fn package_allows(marks: RuleSet) -> RuleSet {
    let mut allowed = marks;
    for (index, needles) in NEEDLES.rules.iter().enumerate() {
        if needles.package.is_none() {
            allowed.insert(index);
        }
    }
    allowed
}

/// True when the file may hold `//nolint` directives (they must be honoured even when
/// the `lint` rules are off).
pub fn may_have_directives(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"nolint").is_some()
}
