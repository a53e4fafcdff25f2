//! Renderers: one module per format, each a function from a sorted `Report`
//! to bytes. Nothing here decides what is a finding. `statistics` renders the
//! per-rule counts of `--statistics` instead of the findings; `xml` is the
//! escaping the two XML formats share.

pub mod checkstyle;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod statistics;
pub mod text;
mod xml;

use std::io::{self, Write};

/// An output format of `lifelint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with labels (codespan-reporting).
    Text,
    /// One line per finding: `path:line:col: rule-id: message` (go vet style).
    Concise,
    /// One JSON document (shape documented in the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Checkstyle XML (Jenkins, SonarQube, reviewdog).
    Checkstyle,
    /// GitLab Code Quality JSON (merge request widget).
    Gitlab,
    /// reviewdog Diagnostic Format JSON, fixes as suggestions.
    Rdjson,
    /// JUnit XML, one test case per finding.
    Junit,
}

impl Format {
    /// The name `--format` takes, e.g. `checkstyle`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Checkstyle => "checkstyle",
            Format::Gitlab => "gitlab",
            Format::Rdjson => "rdjson",
            Format::Junit => "junit",
        }
    }

    /// Every format, in the order `--help` lists them.
    pub fn all() -> &'static [Format] {
        <Format as clap::ValueEnum>::value_variants()
    }
}

/// Puts `prefix` (a directory, `/`-separated) in front of every relative path the
/// report shows, for a run in a subfolder whose results must attach to the
/// repository's files (`--path-prefix services/api`: SARIF, GitHub annotations and
/// every other format then name `services/api/x.go`). Absolute paths stay as they are.
pub fn prefix_paths(report: &mut crate::Report, prefix: &str) {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return;
    }
    let join = |display: &str| {
        if display.starts_with('/') {
            display.to_string()
        } else {
            format!("{prefix}/{display}")
        }
    };
    let mut files: std::collections::HashMap<
        *const crate::model::SourceFile,
        std::sync::Arc<crate::model::SourceFile>,
    > = std::collections::HashMap::new();
    for finding in &mut report.diagnostics {
        let key = std::sync::Arc::as_ptr(&finding.file);
        let file = files.entry(key).or_insert_with(|| {
            std::sync::Arc::new(crate::model::SourceFile::new(
                finding.file.path.clone(),
                join(&finding.file.display),
                finding.file.text.clone(),
            ))
        });
        finding.file = std::sync::Arc::clone(file);
    }
    for partly in &mut report.partly_parsed {
        partly.path = join(&partly.path);
    }
}

/// Renders `report` in `format`; `color` only affects text.
pub fn render(
    format: Format,
    report: &crate::Report,
    out: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, out, color),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Checkstyle => checkstyle::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Rdjson => rdjson::render(report, out),
        Format::Junit => junit::render(report, out),
    }
}

/// The fingerprints' hash (64-bit FNV-1a), shared with `Diagnostic::stable_hash`.
pub(crate) use crate::diagnostic::fnv1a;

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn names_match_what_clap_parses() {
        for format in Format::all() {
            let parsed = <Format as clap::ValueEnum>::from_str(format.name(), false).unwrap();
            assert_eq!(parsed, *format);
        }
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; our parts end in a zero byte.
        assert_eq!(super::fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        let mut expected: u64 = 0xaf63_dc4c_8601_ec8c;
        expected ^= 0;
        expected = expected.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(super::fnv1a(&[b"a"]), expected);
    }
}
