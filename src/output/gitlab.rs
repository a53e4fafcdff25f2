//! `--format gitlab`: GitLab Code Quality JSON (`artifacts: reports:
//! codequality`), shown in the merge request widget and the diff. An array
//! of issues with `description`, `check_name` (the rule id), `fingerprint`,
//! `severity` (note → `info`, warning → `minor`, error → `major`) and
//! `location.path` / `location.lines.begin`.
//!
//! GitLab compares fingerprints between the base and the head pipeline, so a
//! fingerprint must not change when unrelated lines move, and must be unique
//! in one report. It is a 128-bit FNV-1a hash (stable across Rust releases,
//! unlike std's `DefaultHasher`) of the rule, the path, the enclosing function,
//! the reported line's text without whitespace, and the occurrence of that
//! combination so far: two identical findings in one function differ only by
//! the counter.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::rules::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut seen: HashMap<u128, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|finding| {
            let key = base_hash(finding);
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let fingerprint = fnv1a_128(&[&key.to_le_bytes(), occurrence.to_string().as_bytes()]);
            Issue {
                description: &finding.message,
                check_name: finding.rule.id,
                fingerprint: format!("{fingerprint:032x}"),
                severity: severity(finding.severity),
                location: Location {
                    path: &finding.file.display,
                    lines: Lines {
                        begin: finding.file.line_of(finding.span.start),
                        end: finding.file.line_of(finding.span.end),
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

/// What identifies a finding apart from its line number.
fn base_hash(finding: &Diagnostic) -> u128 {
    let text = finding.line_without_whitespace();
    fnv1a_128(&[
        b"lifelint/gitlab/v1",
        finding.rule.id.as_bytes(),
        finding.file.display.as_bytes(),
        finding.function.as_deref().unwrap_or("").as_bytes(),
        text.as_bytes(),
    ])
}

/// 128-bit FNV-1a over parts separated by a zero byte.
fn fnv1a_128(parts: &[&[u8]]) -> u128 {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0)) {
            hash ^= u128::from(*byte);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv1a_128_is_the_published_function() {
        // FNV-1a 128 of "a" is 0xd228cb696f1a8caf78912b704e4a8964; parts end in a zero byte.
        let prime: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
        let expected = 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964_u128.wrapping_mul(prime);
        assert_eq!(super::fnv1a_128(&[b"a"]), expected);
    }
}
