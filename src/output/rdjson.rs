//! `--format rdjson`: reviewdog Diagnostic Format (`reviewdog -f=rdjson`), one
//! `DiagnosticResult` document. Each finding is a diagnostic with its rule as
//! `code` (linking the rule's page), its related places as
//! `related_locations`, and its fix's edits as `suggestions`, which reviewdog
//! turns into suggested changes on the pull request. Positions are 1-based,
//! columns count UTF-8 bytes (as the format specifies), and a range's `end` is
//! exclusive; an insertion is an empty range.

use std::io::{self, Write};
use std::ops::Range as Span;

use serde::Serialize;

use crate::Report;
use crate::model::SourceFile;
use crate::rules::{self, Severity};

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

#[derive(Serialize)]
struct RelatedLocation<'a> {
    message: &'a str,
    location: Location<'a>,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let result = DiagnosticResult {
        source: Source {
            name: "lifelint",
            url: rules::PAGES_URL
                .trim_end_matches("/blob/main/rules")
                .to_string(),
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|finding| {
                let file = &finding.file;
                Diagnostic {
                    message: &finding.message,
                    location: location(file, finding.span.clone()),
                    severity: severity(finding.severity),
                    code: Code {
                        value: finding.rule.id,
                        url: finding.rule.page_url(),
                    },
                    suggestions: finding
                        .fix
                        .iter()
                        .flat_map(|fix| &fix.edits)
                        .map(|edit| Suggestion {
                            range: range(file, edit.span.clone()),
                            text: &edit.text,
                        })
                        .collect(),
                    related_locations: finding
                        .related
                        .iter()
                        .map(|related| RelatedLocation {
                            message: &related.message,
                            location: location(file, related.span.clone()),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &result)?;
    writeln!(out)
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Note => "INFO",
    }
}

fn location(file: &SourceFile, span: Span<usize>) -> Location<'_> {
    Location {
        path: &file.display,
        range: range(file, span),
    }
}

fn range(file: &SourceFile, span: Span<usize>) -> Range {
    let point = |offset| {
        let position = file.position(offset);
        Position {
            line: position.line,
            column: position.column,
        }
    };
    Range {
        start: point(span.start),
        end: point(span.end),
    }
}
