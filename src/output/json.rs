//! `--format json`: one document, stable shape (documented in the README):
//! `{"version", "findings": [...], "problems": [...], "partly_parsed_files",
//! "unchecked_functions", "unchecked": [...]}`. Lines and columns are
//! 1-based; columns count bytes, as Go's own tools do; `end` is exclusive.

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;
use crate::model::SourceFile;

#[derive(Serialize)]
struct Document<'a> {
    version: &'a str,
    findings: Vec<Finding<'a>>,
    problems: Vec<ProblemOut<'a>>,
    /// Reported files whose syntax errors lifelint could not recover from.
    partly_parsed_files: usize,
    /// `unchecked.len()`.
    unchecked_functions: usize,
    /// Functions syntax errors kept from being (fully) checked.
    unchecked: Vec<UncheckedOut<'a>>,
}

#[derive(Serialize)]
struct UncheckedOut<'a> {
    path: &'a str,
    line: usize,
    function: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    family: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    start: Point,
    end: Point,
    function: Option<&'a str>,
    related: Vec<RelatedOut<'a>>,
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    title: &'a str,
    /// `lifelint check --fix` applies it; an unsafe one needs `--unsafe-fixes`.
    safe: bool,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
struct EditOut<'a> {
    start: Point,
    end: Point,
    text: &'a str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    start: Point,
    end: Point,
    message: &'a str,
}

#[derive(Serialize)]
struct ProblemOut<'a> {
    path: &'a str,
    message: &'a str,
    error: bool,
}

#[derive(Serialize)]
struct Point {
    line: usize,
    column: usize,
}

fn point(file: &SourceFile, offset: usize) -> Point {
    let position = file.position(offset);
    Point {
        line: position.line,
        column: position.column,
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let unchecked: Vec<UncheckedOut<'_>> = report
        .unchecked_functions()
        .map(|(path, function)| UncheckedOut {
            path,
            line: function.line,
            function: &function.name,
            reason: &function.reason,
        })
        .collect();
    let document = Document {
        version: crate::VERSION,
        findings: report
            .diagnostics
            .iter()
            .map(|d| Finding {
                rule: d.rule.id,
                family: d.rule.family.name(),
                severity: d.severity.name(),
                message: &d.message,
                path: &d.file.display,
                start: point(&d.file, d.span.start),
                end: point(&d.file, d.span.end),
                function: d.function.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| RelatedOut {
                        path: &d.file.display,
                        start: point(&d.file, r.span.start),
                        end: point(&d.file, r.span.end),
                        message: &r.message,
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|fix| FixOut {
                    title: &fix.title,
                    safe: fix.safe,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| EditOut {
                            start: point(&d.file, e.span.start),
                            end: point(&d.file, e.span.end),
                            text: &e.text,
                        })
                        .collect(),
                }),
            })
            .collect(),
        problems: report
            .problems
            .iter()
            .map(|p| ProblemOut {
                path: &p.path,
                message: &p.message,
                error: p.is_error,
            })
            .collect(),
        partly_parsed_files: report.partly_parsed.len(),
        unchecked_functions: unchecked.len(),
        unchecked,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
