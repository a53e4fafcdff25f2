//! `--format concise`: one line per finding, `path:line:col: rule-id: message`,
//! the shape of go vet, gcc and editors' quickfix lists. Lines and columns are
//! 1-based; the column counts UTF-8 bytes, as go vet and gcc count it.
//! No summary line: every line is a finding.

use std::io::{self, Write};

use crate::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.diagnostics {
        let start = finding.file.position(finding.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}: {}",
            finding.file.display,
            start.line,
            start.column,
            finding.rule.id,
            one_line(&finding.message),
        )?;
    }
    Ok(())
}

/// A message on one line, so that each output line stays one finding.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
