//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab
//! `reports: junit`, Jenkins, Azure Pipelines, CircleCI). One `<testsuite
//! name="lifelint">` inside `<testsuites>`; each finding is a `<testcase>`
//! (classname: the path, name: `rule-id at line:col`) holding a `<failure>`
//! whose type is the rule id. A clean run is one passing test case, so the
//! suite shows green rather than empty. No timestamps or durations: the
//! report is byte-identical from run to run.

use std::io::{self, Write};

use super::xml::{attribute, content};
use crate::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let failures = report.diagnostics.len();
    let tests = failures.max(1);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="lifelint" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="lifelint" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    if report.diagnostics.is_empty() {
        writeln!(
            out,
            r#"    <testcase classname="lifelint" name="no findings"/>"#
        )?;
    }
    for finding in &report.diagnostics {
        let start = finding.file.position(finding.span.start);
        let path = attribute(&finding.file.display);
        let id = attribute(finding.rule.id);
        writeln!(
            out,
            r#"    <testcase classname="{path}" name="{id} at {}:{}" file="{path}" line="{}">"#,
            start.line, start.column, start.line,
        )?;
        writeln!(
            out,
            r#"      <failure message="{}" type="{id}">{}</failure>"#,
            attribute(&finding.message),
            content(&format!(
                "{}: {}:{}:{}: {}\n{}",
                finding.severity.name(),
                finding.file.display,
                start.line,
                start.column,
                finding.message,
                finding.rule.page_url(),
            )),
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
