//! `--statistics`: instead of the findings, how many each rule reported, like
//! `ruff --statistics`. Sorted by count (most first), then rule id. As text, an
//! aligned table (count, rule id, severity, summary); as JSON, an array of
//! `{"code", "summary", "severity", "count", "fixable"}` (`fixable`: how many of
//! them carry a fix). Other formats have no statistics shape.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Format;
use crate::Report;
use crate::rules::Severity;

/// One rule's line of the table.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    pub code: &'static str,
    pub summary: &'static str,
    pub severity: &'static str,
    pub count: usize,
    pub fixable: usize,
}

/// The formats `--statistics` can be written in.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// Per-rule counts, most frequent first, then by rule id. A rule whose findings
/// were reported at two severities (it cannot happen today) gets a row for each.
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<(&'static str, Severity), RuleCount> = BTreeMap::new();
    for finding in &report.diagnostics {
        let row = by_rule
            .entry((finding.rule.id, finding.severity))
            .or_insert(RuleCount {
                code: finding.rule.id,
                summary: finding.rule.summary,
                severity: finding.severity.name(),
                count: 0,
                fixable: 0,
            });
        row.count += 1;
        row.fixable += usize::from(finding.fix.is_some());
    }
    let mut rows: Vec<RuleCount> = by_rule.into_values().collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.code.cmp(b.code))
            .then(a.severity.cmp(b.severity))
    });
    rows
}

/// Renders the counts in `format`; `None` for a format without a statistics shape.
pub fn render(format: Format, report: &Report, out: &mut dyn Write) -> Option<io::Result<()>> {
    match format {
        Format::Text => Some(render_text(report, out)),
        Format::Json => Some(render_json(report, out)),
        _ => None,
    }
}

fn render_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = counts(report);
    let count_width = rows.iter().map(|r| r.count.to_string().len()).max();
    let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let severity_width = rows.iter().map(|r| r.severity.len()).max().unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:>count_width$}  {:<code_width$}  {:<severity_width$}  {}",
            row.count,
            row.code,
            row.severity,
            row.summary,
            count_width = count_width.unwrap_or(1),
        )?;
    }
    Ok(())
}

fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(report))?;
    writeln!(out)
}
