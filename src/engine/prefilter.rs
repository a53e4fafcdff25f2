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

/// Per rule: the needles of which the file must contain (all of `required`) and (one of
/// `any`), and the one some file of its package must contain.
struct RuleNeedles {
    required: Option<Finder<'static>>,
    any: Vec<Finder<'static>>,
    package: Option<Finder<'static>>,
}

static NEEDLES: LazyLock<Vec<RuleNeedles>> = LazyLock::new(|| {
    rules::ALL
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleNeedles {
                required: meta
                    .needs_import
                    .map(|path| Finder::new(format!("\"{path}\"").as_bytes()).into_owned()),
                any: meta
                    .triggers
                    .iter()
                    .map(|t| Finder::new(t.as_bytes()).into_owned())
                    .collect(),
                package: meta
                    .package_needs
                    .map(|text| Finder::new(text.as_bytes()).into_owned()),
            }
        })
        .collect()
});

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
    for index in enabled.iter() {
        let family = rules::ALL[index].meta().family;
        if helper_families.contains(&(family, true)) {
            wanted.insert(index);
            continue;
        }
        let needles = &NEEDLES[index];
        let has_import = needles
            .required
            .as_ref()
            .is_none_or(|finder| finder.find(text).is_some());
        let has_trigger =
            needles.any.is_empty() || needles.any.iter().any(|finder| finder.find(text).is_some());
        if has_import && has_trigger {
            wanted.insert(index);
        }
    }
    wanted
}

/// The enabled rules with a package need that this file's bytes meet.
pub fn package_marks(text: &[u8], enabled: RuleSet) -> RuleSet {
    let mut marks = RuleSet::empty();
    for index in enabled.iter() {
        if NEEDLES[index]
            .package
            .as_ref()
            .is_some_and(|finder| finder.find(text).is_some())
        {
            marks.insert(index);
        }
    }
    marks
}

/// The rules a package allows, given the union of its files' `package_marks`: every
/// rule without a package need, and those whose need some file met.
pub fn package_allows(marks: RuleSet) -> RuleSet {
    let mut allowed = marks;
    for (index, needles) in NEEDLES.iter().enumerate() {
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
