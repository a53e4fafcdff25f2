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
    /// The package must import something beyond the standard library, or
    /// `runtime/trace` (see `imports_beyond_std`).
    beyond_std: bool,
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
                    beyond_std: meta.family == Family::Span,
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
///
/// The span rules need a package that imports a tracing SDK or a package of a module
/// (its own or another): a span value comes from an SDK call, from a tracer typed by
/// an SDK, or from a wrapper in a package of the module, and a package that imports
/// the standard library alone (most of the standard library itself) has none, except
/// through `runtime/trace`. Span helpers named in `lifelint.toml` lift the need.
pub fn package_marks(text: &[u8], settings: &Settings) -> RuleSet {
    let mut marks = RuleSet::empty();
    let mut found = Found::new(text);
    let configured_spans =
        !settings.extra_span_starts.is_empty() || !settings.extra_span_ends.is_empty();
    let mut beyond_std = None;
    for index in settings.enabled.iter() {
        let needles = &NEEDLES.rules[index];
        let text_need = needles.package.is_none_or(|n| found.has(n));
        let import_need = !needles.beyond_std
            || configured_spans
            || *beyond_std.get_or_insert_with(|| imports_beyond_std(text));
        if (needles.package.is_some() || needles.beyond_std) && text_need && import_need {
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
        if needles.package.is_none() && !needles.beyond_std {
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

/// True when an import declaration of the file (`import "path"`, `import alias
/// "path"`, or a spec line of an `import ( ... )` block) names a path outside the
/// standard library, or `runtime/trace`. Read line by line, without parsing: an
/// import in a block comment counts too, which only costs time, never a finding.
pub fn imports_beyond_std(text: &[u8]) -> bool {
    let mut in_block = false;
    text.split(|&b| b == b'\n').any(|line| {
        let line = line.trim_ascii_start();
        if in_block {
            if line.starts_with(b")") {
                in_block = false;
                return false;
            }
            return specs_beyond_std(line);
        }
        let Some(rest) = line.strip_prefix(b"import") else {
            return false;
        };
        let rest = rest.trim_ascii_start();
        if let Some(inner) = rest.strip_prefix(b"(") {
            in_block = !inner.contains(&b')');
            return specs_beyond_std(inner);
        }
        spec_beyond_std(rest)
    })
}

/// The specs of one line of an import block, `;`-separated when there are several.
fn specs_beyond_std(line: &[u8]) -> bool {
    line.split(|&b| b == b';')
        .any(|spec| spec_beyond_std(spec.trim_ascii_start()))
}

/// One import spec, `"path"` or `alias "path"`: whether its path is beyond the
/// standard library (see `imports_beyond_std`).
fn spec_beyond_std(spec: &[u8]) -> bool {
    let mut spec = spec;
    if !spec.starts_with(b"\"") && !spec.starts_with(b"`") {
        // An alias first: `name "path"`, `_ "path"`, `. "path"`.
        let alias_end = spec
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
            .unwrap_or(spec.len());
        if alias_end == 0 {
            return false;
        }
        spec = spec[alias_end..].trim_ascii_start();
    }
    let Some(&quote) = spec.first().filter(|&&q| q == b'"' || q == b'`') else {
        return false;
    };
    let rest = &spec[1..];
    let Some(end) = rest.iter().position(|&b| b == quote) else {
        return false;
    };
    let path = &rest[..end];
    let root = path.split(|&b| b == b'/').next().unwrap_or(path);
    !path.is_empty()
        && (path == b"runtime/trace" || !STD_ROOTS.iter().any(|std| std.as_bytes() == root))
}

/// True when the file may hold `//nolint` directives (they must be honoured even when
/// the `lint` rules are off).
pub fn may_have_directives(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"nolint").is_some()
}

#[cfg(test)]
mod import_tests {
    use super::imports_beyond_std;

    #[test]
    fn only_imports_beyond_the_standard_library_count() {
        let std_only = "package p\n\nimport (\n\t\"context\"\n\tstdctx \"context\"\n\t_ \"net/http/pprof\"\n\t\"cmd/internal/obj\"\n)\n\nfunc f() string { return \"github.com/not/an/import\" }\n";
        assert!(!imports_beyond_std(std_only.as_bytes()));
        for beyond in [
            "package p\n\nimport \"go.opentelemetry.io/otel\"\n",
            "package p\n\nimport trace \"go.opencensus.io/trace\"\n",
            "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/svc/internal/tracing\"\n)\n",
            "package p\n\nimport (\n\t\"fmt\"\n\tt \"myservice/tracing\" // a module path without a dot\n)\n",
            "package p\n\nimport \"runtime/trace\"\n",
            "package p\n\nimport (\"fmt\"; \"github.com/x/y\")\n",
        ] {
            assert!(imports_beyond_std(beyond.as_bytes()), "{beyond}");
        }
    }
}
