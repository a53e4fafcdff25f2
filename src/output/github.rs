//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding. GitHub shows only the first 10 errors and 10 warnings (and 10
//! notices) of a step, so a last plain line says how many were left out.
//! Columns count UTF-16 code units, as in SARIF, since GitHub shows both.

use std::io::{self, Write};

use crate::Report;
use crate::rules::Severity;

/// Annotations GitHub displays per level and step.
const SHOWN_PER_LEVEL: usize = 10;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut counts = [0usize; 3];
    for finding in &report.diagnostics {
        let (command, slot) = match finding.severity {
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
            Severity::Note => ("notice", 2),
        };
        counts[slot] += 1;
        let start = finding.file.position(finding.span.start);
        let end = finding.file.position(finding.span.end);
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&finding.file.display),
            start.line,
            start.column_utf16,
            end.line,
            end.column_utf16,
            property(finding.rule.id),
            data(&finding.message),
        )?;
    }
    let hidden: usize = counts
        .iter()
        .map(|n| n.saturating_sub(SHOWN_PER_LEVEL))
        .sum();
    if hidden > 0 {
        writeln!(
            out,
            "lifelint: {hidden} more finding{} not shown as annotations (GitHub shows 10 errors and 10 warnings per step); use --format sarif and upload it to code scanning to see them all",
            if hidden == 1 { " is" } else { "s are" }
        )?;
    }
    Ok(())
}

/// Escapes a workflow-command message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_follow_the_toolkit() {
        assert_eq!(super::data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
