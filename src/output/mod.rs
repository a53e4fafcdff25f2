//! Renderers: one module per format, each a function from a sorted `Report`
//! to bytes. Nothing here decides what is a finding.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

/// An output format of `lifelint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with labels (codespan-reporting).
    Text,
    /// One JSON document (shape documented in the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
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
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
    }
}
