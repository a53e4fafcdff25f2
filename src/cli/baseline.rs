//! Baselines: `--write-baseline FILE` records today's findings by their
//! line-independent fingerprint (rule, path, enclosing function, flagged text);
//! `--baseline FILE` then reports only findings that are not in it, so a team can
//! adopt lifelint on a large codebase and gate only what is new. Entries are
//! counted: two identical findings in one function need two entries, so a third
//! copy of the same mistake is still new.
//!
//! The file is JSON, sorted, one entry per finding, readable in review:
//! `{"version": 1, "findings": [{"fingerprint", "rule", "path", "function", "text"}]}`.

use std::collections::HashMap;
use std::path::Path;

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Report};

/// The baseline options of `lifelint check`.
#[derive(Debug, Args, Default, Clone)]
pub struct BaselineArgs {
    /// Report only findings that are not recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,
    /// Record the findings of this run in FILE (then exit 0): the baseline for --baseline
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<std::path::PathBuf>,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    fingerprint: String,
    rule: String,
    path: String,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    text: String,
}

fn entry(finding: &Diagnostic) -> Entry {
    Entry {
        fingerprint: format!("{:016x}", finding.stable_hash()),
        rule: finding.rule.id.to_string(),
        path: finding.file.display.clone(),
        function: finding.function.clone(),
        text: finding
            .snippet()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Writes the baseline of `report` to `path`.
pub fn write(report: &Report, path: &Path) -> Result<usize, String> {
    let mut findings: Vec<Entry> = report.diagnostics.iter().map(entry).collect();
    findings.sort();
    let count = findings.len();
    let file = BaselineFile {
        version: 1,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(count)
}

/// What applying a baseline did.
#[derive(Debug, PartialEq, Eq)]
pub struct Applied {
    /// Findings hidden because the baseline has them.
    pub known: usize,
    /// Baseline entries no finding matched: fixed (or moved out of the checked set).
    pub vanished: usize,
}

/// Drops from `report` the findings recorded in the baseline at `path`.
pub fn apply(report: &mut Report, path: &Path) -> Result<Applied, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a lifelint baseline: {e}", path.display()))?;
    if file.version != 1 {
        return Err(format!(
            "{}: baseline version {} is not supported (this lifelint writes version 1)",
            path.display(),
            file.version
        ));
    }
    let mut remaining: HashMap<String, usize> = HashMap::new();
    for recorded in &file.findings {
        *remaining.entry(recorded.fingerprint.clone()).or_insert(0) += 1;
    }
    let before = report.diagnostics.len();
    report.diagnostics.retain(|finding| {
        let fingerprint = format!("{:016x}", finding.stable_hash());
        match remaining.get_mut(&fingerprint) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        }
    });
    Ok(Applied {
        known: before - report.diagnostics.len(),
        vanished: remaining.values().sum(),
    })
}
