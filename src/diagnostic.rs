//! What the engine produces: `Diagnostic` (one finding: rule, file, span,
//! message, related places, and the rule's fix when it knows one) and `Report` (the sorted findings of a run plus the
//! input problems met on the way and the functions syntax errors left unchecked,
//! `PartlyParsed`). Renderers in `output` read only these.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use crate::model::SourceFile;
use crate::rules::{RuleMeta, Severity};

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    /// The severity reported: the rule's default, or its `lifelint.toml` override.
    pub severity: Severity,
    pub file: Arc<SourceFile>,
    /// Byte range of the primary location.
    pub span: Range<usize>,
    pub message: String,
    /// Secondary places in the same file, e.g. the `return` that leaks.
    pub related: Vec<Related>,
    /// The enclosing function, as `Name`, `Type.Name` or `Name.func`, for fingerprints.
    pub function: Option<String>,
    /// The rule's fix for this finding, when the syntax makes one safe.
    pub fix: Option<Fix>,
}

/// A machine-applicable fix: edits to the finding's file that, applied together,
/// remove the finding. Edits do not overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative: "Add `defer cancel()`".
    pub title: String,
    pub edits: Vec<Edit>,
    /// The edit changes nothing but the bug (`lifelint check --fix` applies it). An
    /// unsafe fix may also change behaviour the code relies on (buffering a channel
    /// drops the hand-over a receive guarantees): applied only with `--unsafe-fixes`.
    pub safe: bool,
}

/// Replace the bytes of `span` with `text` (an insertion when `span` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub text: String,
}

impl Fix {
    /// `text` with the fix's edits applied (edits sorted by position, applied back to front).
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        let mut out = text.to_string();
        for edit in edits.into_iter().rev() {
            out.replace_range(edit.span.clone(), &edit.text);
        }
        out
    }
}

/// A secondary location of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

impl Diagnostic {
    /// Adds a secondary location.
    pub fn related(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    /// Attaches the rule's fix.
    pub fn fix(&mut self, title: impl Into<String>, edits: Vec<Edit>) -> &mut Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe: true,
        });
        self
    }

    /// Attaches a fix that may change more than the bug (see `Fix::safe`).
    pub fn unsafe_fix(&mut self, title: impl Into<String>, edits: Vec<Edit>) -> &mut Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe: false,
        });
        self
    }

    /// Rule, path, enclosing function and the flagged text (whitespace-normalised): a
    /// hash that stays the same when lines move. SARIF's `lifelint/v1` fingerprint and
    /// baselines use it; identical findings share it, so users count occurrences.
    pub fn stable_hash(&self) -> u64 {
        let snippet: Vec<&str> = self.snippet().split_whitespace().collect();
        fnv1a(&[
            self.rule.id.as_bytes(),
            self.file.display.as_bytes(),
            self.function.as_deref().unwrap_or("").as_bytes(),
            snippet.join(" ").as_bytes(),
        ])
    }

    /// The text of the line the finding starts on, without any whitespace: what line
    /// hashes (SARIF's `primaryLocationLineHash`, GitLab's fingerprint) are made of.
    pub fn line_without_whitespace(&self) -> String {
        let line = self.file.line_index(self.span.start);
        self.file
            .line_text(line)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    /// The source text of the primary span.
    pub fn snippet(&self) -> &str {
        self.file.text.get(self.span.clone()).unwrap_or("")
    }

    fn sort_key(&self) -> (&str, usize, &str, usize, &str) {
        (
            &self.file.display,
            self.span.start,
            self.rule.id,
            self.span.end,
            &self.message,
        )
    }
}

impl PartialEq for Diagnostic {
    fn eq(&self, other: &Self) -> bool {
        self.sort_key() == other.sort_key() && self.related == other.related
    }
}

impl Eq for Diagnostic {}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Diagnostic {
    /// Path, then position (line and column follow from the byte offset), then rule id.
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// Something wrong with the input rather than the code: a missing path, an
/// unreadable or non-UTF-8 file, a syntax error, a file too large to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    pub message: String,
    /// Errors make the run exit 2; warnings are only reported.
    pub is_error: bool,
}

/// A reported file whose tree still holds ERROR or MISSING nodes after lifelint's own
/// recovery (`engine::parse`). Rules do not look inside ERROR subtrees and findings that
/// touch one are dropped, so the functions listed were not (fully) checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartlyParsed {
    /// Path as shown in reports.
    pub path: String,
    /// The first syntax error, 1-based.
    pub line: usize,
    pub column: usize,
    /// In source order.
    pub functions: Vec<UncheckedFunction>,
}

/// A function declaration or method that a syntax error kept from being (fully) checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UncheckedFunction {
    /// 1-based line of its `func` keyword (first, so functions sort in source order).
    pub line: usize,
    /// `Name`, or `Type.Name` for methods.
    pub name: String,
    /// Why, e.g. `syntax error at 14:9`.
    pub reason: String,
}

/// Everything one run found, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Files whose package's findings the result cache replayed.
    pub files_replayed: usize,
    pub problems: Vec<Problem>,
    /// Reported files only partly parsed, by path.
    pub partly_parsed: Vec<PartlyParsed>,
    /// Go files considered (after pattern expansion and skips).
    pub files_seen: usize,
    /// Files the prefilter sent to the parser.
    pub files_parsed: usize,
}

impl Report {
    /// Sorts findings and problems so that output never depends on thread scheduling.
    pub fn sort(&mut self) {
        self.diagnostics.sort();
        self.diagnostics.dedup();
        self.problems.sort();
        self.problems.dedup();
        self.partly_parsed.sort();
        self.partly_parsed.dedup();
    }

    /// The functions syntax errors kept from being checked, with their file, sorted.
    pub fn unchecked_functions(&self) -> impl Iterator<Item = (&str, &UncheckedFunction)> {
        self.partly_parsed
            .iter()
            .flat_map(|file| file.functions.iter().map(|f| (file.path.as_str(), f)))
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.is_error)
    }
}

/// 64-bit FNV-1a over parts separated by a zero byte: small, stable across releases and platforms.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0)) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
