//! One package's cached result as it is stored: what the findings were computed
//! from (each file's stamp, the module context, every other package consulted) and
//! the findings themselves, with files named by their index in the package, so a
//! replay attaches them to the files as this run reads and names them.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Edit, Fix, PartlyParsed, Problem, Related, UncheckedFunction};
use crate::engine::PackageResult;
use crate::engine::walk::FileJob;
use crate::model::SourceFile;
use crate::rules::{self, Severity};

/// Bumped whenever the layout below changes: older entries are then misses.
pub const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub format: u32,
    /// The run's key (version, executable, settings), as hex.
    pub run: String,
    pub dir: String,
    /// Each file of the package in walk order: path, reported, stamp (hex).
    pub files: Vec<(String, bool, String)>,
    /// The go.mod and go.work that govern the package (hex).
    pub module_context: String,
    /// Other directories of the module whose summaries the check consulted, with the
    /// fingerprint of their files then (hex).
    pub consulted: Vec<(String, String)>,
    pub result: CachedResult,
}

#[derive(Serialize, Deserialize)]
pub struct CachedResult {
    diagnostics: Vec<CachedDiagnostic>,
    /// Problems of the package's own files: (file index, message, is_error).
    problems: Vec<(usize, String, bool)>,
    partly_parsed: Vec<CachedPartlyParsed>,
    files_seen: usize,
    files_parsed: usize,
}

#[derive(Serialize, Deserialize)]
struct CachedDiagnostic {
    file: usize,
    rule: String,
    severity: String,
    span: (usize, usize),
    message: String,
    related: Vec<(usize, usize, String)>,
    function: Option<String>,
    fix: Option<CachedFix>,
}

#[derive(Serialize, Deserialize)]
struct CachedFix {
    title: String,
    safe: bool,
    edits: Vec<(usize, usize, String)>,
}

#[derive(Serialize, Deserialize)]
struct CachedPartlyParsed {
    file: usize,
    line: usize,
    column: usize,
    /// (line, name, reason) of each function left unchecked.
    functions: Vec<(usize, String, String)>,
}

impl CachedResult {
    /// The result in storable form, or `None` when part of it does not belong to one
    /// of `jobs` (a go.mod problem, reported once per run by whichever package meets it
    /// first: such a result is not stored).
    pub fn from_result(result: &PackageResult, jobs: &[FileJob]) -> Option<CachedResult> {
        let by_path = |path: &Path| jobs.iter().position(|job| job.path == path);
        let by_display = |display: &str| jobs.iter().position(|job| job.display == display);
        let mut diagnostics = Vec::with_capacity(result.diagnostics.len());
        for diagnostic in &result.diagnostics {
            diagnostics.push(CachedDiagnostic {
                file: by_path(&diagnostic.file.path)?,
                rule: diagnostic.rule.id.to_string(),
                severity: diagnostic.severity.name().to_string(),
                span: (diagnostic.span.start, diagnostic.span.end),
                message: diagnostic.message.clone(),
                related: diagnostic
                    .related
                    .iter()
                    .map(|r| (r.span.start, r.span.end, r.message.clone()))
                    .collect(),
                function: diagnostic.function.clone(),
                fix: diagnostic.fix.as_ref().map(|fix| CachedFix {
                    title: fix.title.clone(),
                    safe: fix.safe,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| (e.span.start, e.span.end, e.text.clone()))
                        .collect(),
                }),
            });
        }
        let mut problems = Vec::with_capacity(result.problems.len());
        for problem in &result.problems {
            problems.push((
                by_display(&problem.path)?,
                problem.message.clone(),
                problem.is_error,
            ));
        }
        let mut partly_parsed = Vec::with_capacity(result.partly_parsed.len());
        for partly in &result.partly_parsed {
            partly_parsed.push(CachedPartlyParsed {
                file: by_display(&partly.path)?,
                line: partly.line,
                column: partly.column,
                functions: partly
                    .functions
                    .iter()
                    .map(|f| (f.line, f.name.clone(), f.reason.clone()))
                    .collect(),
            });
        }
        Some(CachedResult {
            diagnostics,
            problems,
            partly_parsed,
            files_seen: result.files_seen,
            files_parsed: result.files_parsed,
        })
    }

    /// The stored result attached to this run's files: `text_of(i)` is the text of
    /// file `i` as read now (its stamp matched). `None` when the entry names a rule or
    /// file this build does not have, or a span outside the text.
    pub fn into_result(
        self,
        jobs: &[FileJob],
        text_of: impl Fn(usize) -> Option<String>,
    ) -> Option<PackageResult> {
        let mut sources: Vec<Option<Arc<SourceFile>>> = vec![None; jobs.len()];
        let mut source = |index: usize| -> Option<Arc<SourceFile>> {
            let slot = sources.get_mut(index)?;
            if slot.is_none() {
                let job = &jobs[index];
                *slot = Some(Arc::new(SourceFile::new(
                    job.path.clone(),
                    job.display.clone(),
                    text_of(index)?,
                )));
            }
            slot.clone()
        };
        let mut diagnostics = Vec::with_capacity(self.diagnostics.len());
        for cached in self.diagnostics {
            let file = source(cached.file)?;
            let within = |(start, end): (usize, usize)| {
                (start <= end
                    && file.text.is_char_boundary(start)
                    && file.text.is_char_boundary(end))
                .then_some(start..end)
            };
            let (_, rule) = rules::by_id(&cached.rule)?;
            let mut related = Vec::with_capacity(cached.related.len());
            for (start, end, message) in cached.related {
                related.push(Related {
                    span: within((start, end))?,
                    message,
                });
            }
            let fix = match cached.fix {
                None => None,
                Some(fix) => {
                    let mut edits = Vec::with_capacity(fix.edits.len());
                    for (start, end, text) in fix.edits {
                        edits.push(Edit {
                            span: within((start, end))?,
                            text,
                        });
                    }
                    Some(Fix {
                        title: fix.title,
                        edits,
                        safe: fix.safe,
                    })
                }
            };
            diagnostics.push(Diagnostic {
                rule: rule.meta(),
                severity: severity_named(&cached.severity)?,
                span: within(cached.span)?,
                file,
                message: cached.message,
                related,
                function: cached.function,
                fix,
            });
        }
        let mut problems = Vec::with_capacity(self.problems.len());
        for (index, message, is_error) in self.problems {
            problems.push(Problem {
                path: jobs.get(index)?.display.clone(),
                message,
                is_error,
            });
        }
        let mut partly_parsed = Vec::with_capacity(self.partly_parsed.len());
        for partly in self.partly_parsed {
            partly_parsed.push(PartlyParsed {
                path: jobs.get(partly.file)?.display.clone(),
                line: partly.line,
                column: partly.column,
                functions: partly
                    .functions
                    .into_iter()
                    .map(|(line, name, reason)| UncheckedFunction { line, name, reason })
                    .collect(),
            });
        }
        Some(PackageResult {
            diagnostics,
            problems,
            partly_parsed,
            files_seen: self.files_seen,
            files_parsed: self.files_parsed,
        })
    }
}

fn severity_named(name: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .find(|severity| severity.name() == name)
}
