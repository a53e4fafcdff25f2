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
//! a package where none has it. The span rules need a span source in the package
//! (`package_marks`): an import of a tracing API, or of a module package wrapping one.

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
    /// The package must be a span source (see `package_marks`).
    span_source: bool,
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
                    span_source: meta.family == Family::Span,
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

/// Whether `text` holds each needle, looked up at most once per needle, and passes
/// each `RuleMeta::text_test`, run at most once per test.
struct Found<'a> {
    text: &'a [u8],
    memo: Vec<Option<bool>>,
    tests: Vec<(usize, bool)>,
}

impl<'a> Found<'a> {
    fn new(text: &'a [u8]) -> Found<'a> {
        Found {
            text,
            memo: vec![None; NEEDLES.distinct.len()],
            tests: Vec::new(),
        }
    }

    fn passes(&mut self, test: fn(&[u8]) -> bool) -> bool {
        // Told apart by address: several rules share one test.
        let key = test as usize;
        if let Some(&(_, passed)) = self.tests.iter().find(|(k, _)| *k == key) {
            return passed;
        }
        let passed = test(self.text);
        self.tests.push((key, passed));
        passed
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
        if has_import
            && has_trigger
            && rules::ALL[index]
                .meta()
                .text_test
                .is_none_or(|test| found.passes(test))
        {
            wanted.insert(index);
        }
    }
    wanted
}

/// What a file's bytes say about its package's needs (see `package_marks`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PackageMarks {
    /// The enabled rules whose package need the file meets by itself.
    pub rules: RuleSet,
    /// When the span rules' need is not met by the file itself: the paths it imports
    /// beyond the standard library, each of which may be a package of the module
    /// that wraps a tracing API (the engine resolves them through go.mod).
    pub module_candidates: Vec<Box<str>>,
}

/// The enabled rules with a package need that this file's bytes meet.
///
/// The span rules need a package where a span can come from: a file importing a
/// package of a modelled tracing API (`sdks::is_tracing_import`; `runtime/trace`
/// included) — a span start, a span or tracer type, a constructor can only be named
/// through such an import — or importing a package of the module whose own files
/// import one (a wrapper: `tracing.StartSpan(ctx, "op")`, see `summaries`). The first
/// is read here; for the second, the file's imports beyond the standard library are
/// kept for the engine to resolve. Span helpers named in `lifelint.toml` lift the need.
pub fn package_marks(text: &[u8], settings: &Settings) -> PackageMarks {
    let mut marks = PackageMarks::default();
    let mut found = Found::new(text);
    let configured_spans =
        !settings.extra_span_starts.is_empty() || !settings.extra_span_ends.is_empty();
    let span_rules = span_rules(settings);
    if !span_rules.is_empty() {
        if configured_spans {
            marks.rules = marks.rules.union(span_rules);
        } else {
            let beyond: Vec<&str> = crate::model::imports::import_paths(text)
                .into_iter()
                .filter(|path| beyond_std(path))
                .collect();
            if beyond
                .iter()
                .any(|path| crate::model::sdks::is_tracing_import(path))
            {
                marks.rules = marks.rules.union(span_rules);
            } else {
                marks.module_candidates = beyond.into_iter().map(Box::from).collect();
            }
        }
    }
    for index in settings.enabled.iter() {
        if let Some(needle) = NEEDLES.rules[index].package
            && found.has(needle)
        {
            marks.rules.insert(index);
        }
    }
    marks
}

/// The enabled rules whose package need is a span source (the span family).
pub fn span_rules(settings: &Settings) -> RuleSet {
    let mut rules = RuleSet::empty();
    for index in settings.enabled.iter() {
        if NEEDLES.rules[index].span_source {
            rules.insert(index);
        }
    }
    rules
}

/// The rules a package allows, given the union of its files' `package_marks`: every
/// rule without a package need, and those whose need some file met.
pub fn package_allows(marks: RuleSet) -> RuleSet {
    let mut allowed = marks;
    for (index, needles) in NEEDLES.rules.iter().enumerate() {
        if needles.package.is_none() && !needles.span_source {
            allowed.insert(index);
        }
    }
    allowed
}

/// The top-level directories of the standard library (and `C`, cgo's pseudo-package):
/// an import path whose first element is one of them is the standard library's.
const STD_ROOTS: &[&str] = &[
    "C",
    "archive",
    "arena",
    "bufio",
    "builtin",
    "bytes",
    // The Go distribution's own commands (`cmd/compile/...`): importable only inside
    // GOROOT, never a tracing SDK.
    "cmd",
    "cmp",
    "compress",
    "container",
    "context",
    "crypto",
    "database",
    "debug",
    "embed",
    "encoding",
    "errors",
    "expvar",
    "flag",
    "fmt",
    "go",
    "hash",
    "html",
    "image",
    "index",
    "internal",
    "io",
    "iter",
    "log",
    "maps",
    "math",
    "mime",
    "net",
    "os",
    "path",
    "plugin",
    "reflect",
    "regexp",
    "runtime",
    "slices",
    "sort",
    "strconv",
    "strings",
    "structs",
    "sync",
    "syscall",
    "testing",
    "text",
    "time",
    "unicode",
    "unique",
    "unsafe",
    "vendor",
    "weak",
];

/// True for a path outside the standard library (its first element is not one of
/// `STD_ROOTS`), or `runtime/trace`.
pub fn beyond_std(path: &str) -> bool {
    let root = path.split('/').next().unwrap_or(path);
    path == "runtime/trace" || !STD_ROOTS.contains(&root)
}

/// True when the file may hold `//nolint` directives (they must be honoured even when
/// the `lint` rules are off).
pub fn may_have_directives(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"nolint").is_some()
}

#[cfg(test)]
mod import_tests {
    use super::beyond_std;
    use crate::model::imports::import_paths;

    fn beyond(text: &str) -> Vec<&str> {
        import_paths(text.as_bytes())
            .into_iter()
            .filter(|path| beyond_std(path))
            .collect()
    }

    #[test]
    fn only_imports_beyond_the_standard_library_count() {
        let std_only = "package p\n\nimport (\n\t\"context\"\n\tstdctx \"context\"\n\t_ \"net/http/pprof\"\n\t\"cmd/internal/obj\"\n)\n\nfunc f() string { return \"github.com/not/an/import\" }\n";
        assert!(beyond(std_only).is_empty());
        for (text, path) in [
            (
                "package p\n\nimport \"go.opentelemetry.io/otel\"\n",
                "go.opentelemetry.io/otel",
            ),
            (
                "package p\n\nimport trace \"go.opencensus.io/trace\"\n",
                "go.opencensus.io/trace",
            ),
            (
                "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/svc/internal/tracing\"\n)\n",
                "example.com/svc/internal/tracing",
            ),
            (
                "package p\n\nimport (\n\t\"fmt\"\n\tt \"myservice/tracing\" // a module path without a dot\n)\n",
                "myservice/tracing",
            ),
            ("package p\n\nimport \"runtime/trace\"\n", "runtime/trace"),
            (
                "package p\n\nimport (\"fmt\"; \"github.com/x/y\")\n",
                "github.com/x/y",
            ),
        ] {
            assert_eq!(beyond(text), [path], "{text}");
        }
    }
}
