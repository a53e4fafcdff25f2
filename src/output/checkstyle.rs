//! `--format checkstyle`: Checkstyle XML, read by Jenkins (warnings-ng),
//! SonarQube, reviewdog (`-f=checkstyle`) and most CI dashboards. One `<file>`
//! per file with findings, in report order; one `<error>` per finding with a
//! 1-based line, a 1-based byte column, severity `error`, `warning` or `info`,
//! and `source` `lifelint.<rule-id>`.

use std::io::{self, Write};

use super::xml::attribute;
use crate::Report;
use crate::rules::Severity;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    let mut open: Option<&str> = None;
    for finding in &report.diagnostics {
        let path = finding.file.display.as_str();
        if open != Some(path) {
            if open.is_some() {
                writeln!(out, "  </file>")?;
            }
            writeln!(out, r#"  <file name="{}">"#, attribute(path))?;
            open = Some(path);
        }
        let start = finding.file.position(finding.span.start);
        writeln!(
            out,
            r#"    <error line="{}" column="{}" severity="{}" message="{}" source="lifelint.{}"/>"#,
            start.line,
            start.column,
            severity(finding.severity),
            attribute(&finding.message),
            attribute(finding.rule.id),
        )?;
    }
    if open.is_some() {
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "info",
    }
}
