//! Human output: each finding with its source excerpt, primary and related
//! labels, the rule id and a help line naming `lifelint explain <id>`, rendered
//! by codespan-reporting; a one-line summary at the end. Colour only when asked.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use crate::Report;
use crate::model::SourceFile;
use crate::rules::Severity;

/// Source text shared with the report, as codespan wants it.
struct Text(Arc<SourceFile>);

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    if color {
        write_all(report, &mut Ansi::new(out))
    } else {
        write_all(report, &mut NoColor::new(out))
    }
}

fn write_all(report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<*const SourceFile, usize> = HashMap::new();
    let config = Config::default();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for finding in &report.diagnostics {
        let file_id = *ids.entry(Arc::as_ptr(&finding.file)).or_insert_with(|| {
            files.add(
                finding.file.display.clone(),
                Text(Arc::clone(&finding.file)),
            )
        });
        let level = match finding.severity {
            Severity::Error => {
                errors += 1;
                Level::Error
            }
            Severity::Warning => {
                warnings += 1;
                Level::Warning
            }
            Severity::Note => {
                notes += 1;
                Level::Note
            }
        };
        let mut labels = vec![Label::primary(file_id, finding.span.clone())];
        labels.extend(finding.related.iter().map(|related| {
            Label::secondary(file_id, related.span.clone()).with_message(&related.message)
        }));
        let rendered = Rendered::new(level)
            .with_message(&finding.message)
            .with_code(finding.rule.id)
            .with_labels(labels)
            .with_notes({
                let mut notes = vec![format!(
                    "help: `lifelint explain {}` tells why and how to fix it",
                    finding.rule.id
                )];
                if let Some(fix) = &finding.fix {
                    notes.push(if fix.safe {
                        format!("fix: {} (`--fix` applies it)", fix.title)
                    } else {
                        format!(
                            "fix: {} (may change behaviour: `--fix --unsafe-fixes`)",
                            fix.title
                        )
                    });
                }
                notes
            });
        term::emit_to_write_style(out, &config, &files, &rendered).map_err(io::Error::other)?;
    }
    let total = errors + warnings + notes;
    if total > 0 {
        let mut parts = Vec::new();
        for (count, word) in [(errors, "error"), (warnings, "warning"), (notes, "note")] {
            if count > 0 {
                parts.push(format!(
                    "{count} {word}{}",
                    if count == 1 { "" } else { "s" }
                ));
            }
        }
        let fixable = report
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|fix| fix.safe))
            .count();
        let fixable = if fixable > 0 {
            format!("; {fixable} fixable with `--fix`")
        } else {
            String::new()
        };
        writeln!(
            out,
            "lifelint: {total} finding{} ({}){fixable}",
            if total == 1 { "" } else { "s" },
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// Unchecked functions named in the stderr summary; the rest are counted.
const UNCHECKED_SHOWN: usize = 5;

/// The stderr line saying what syntax errors cost, when they cost anything:
/// `lifelint: 2 files only partly parsed; 3 functions not fully checked (syntax errors): a.go:12 foo, …`.
pub fn unchecked_summary(report: &Report) -> Option<String> {
    let files = report.partly_parsed.len();
    if files == 0 {
        return None;
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let functions: Vec<(&str, &crate::diagnostic::UncheckedFunction)> =
        report.unchecked_functions().collect();
    let mut line = format!("lifelint: {} only partly parsed", plural(files, "file"));
    if functions.is_empty() {
        line.push_str(" (syntax errors outside functions)");
        return Some(line);
    }
    let named: Vec<String> = functions
        .iter()
        .take(UNCHECKED_SHOWN)
        .map(|(path, function)| format!("{path}:{} {}", function.line, function.name))
        .collect();
    line.push_str(&format!(
        "; {} not fully checked (syntax errors): {}",
        plural(functions.len(), "function"),
        named.join(", ")
    ));
    if functions.len() > UNCHECKED_SHOWN {
        line.push_str(&format!(
            ", and {} more (--format json lists them all)",
            functions.len() - UNCHECKED_SHOWN
        ));
    }
    Some(line)
}

/// The last stderr line of a text run: `lifelint: checked 12 files in 0.03s: 2 findings`,
/// with `(9 from cache)` after the file count when the result cache replayed some.
/// The time varies from run to run, so it goes to stderr, never into a report.
pub fn run_summary(report: &Report, elapsed: std::time::Duration) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let cached = if report.files_replayed > 0 {
        format!(" ({} from cache)", report.files_replayed)
    } else {
        String::new()
    };
    format!(
        "lifelint: checked {}{cached} in {:.2}s: {}",
        plural(report.files_seen, "file"),
        elapsed.as_secs_f64(),
        plural(report.diagnostics.len(), "finding")
    )
}
