//! The pipeline of one run: walk -> read and prefilter -> parse -> index ->
//! check -> suppress -> sort. Packages are checked in parallel on a rayon pool
//! of `Settings::jobs` threads, each file read and parsed once, and trees are
//! dropped as soon as their package is done, so memory follows the largest
//! package rather than the tree. A package whose files a Go-version-dependent
//! rule wants gets its go.mod facts once, from a cache shared by the run. Only
//! the sorted `Report` leaves this module.

pub mod dispatch;
pub mod generated;
pub mod parse;
pub mod prefilter;
pub mod suppress;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, PartlyParsed, Problem, Report};
use crate::model::gomod::{GoDebug, GoModCache, TimerSemantics};
use crate::model::summaries::ModuleSummaries;
use crate::model::{GoFile, Imports, Package, SourceFile};
use crate::settings::{RuleSet, Settings};

/// A file's text supplied by the caller instead of the disk (the LSP's open buffers, the fuzzer).
#[derive(Debug, Clone)]
pub struct InMemoryFile {
    pub path: PathBuf,
    pub text: String,
    pub reported: bool,
}

/// Checks the Go files matched by go-style patterns.
pub fn check(patterns: &[String], settings: &Settings) -> Report {
    let (mut packages, problems) = walk::expand(patterns);
    if settings.exclude.is_some() {
        // `exclude` in lifelint.toml: drop files after walking, before reading.
        for package in &mut packages {
            package.files.retain(|job| !settings.is_excluded(&job.path));
        }
        packages.retain(|package| package.files.iter().any(|job| job.reported));
    }
    let go_mods = GoModCache::default();
    let module = Arc::new(ModuleSummaries::new(parse::parse));
    let run = || {
        packages
            .par_iter()
            .map(|package| {
                let loaded: Vec<Loaded> = package
                    .files
                    .par_iter()
                    .map(|job| load_from_disk(job, settings))
                    .collect();
                check_loaded(loaded, settings, &package.dir, &go_mods, &module)
            })
            .collect::<Vec<_>>()
    };
    let results = match settings.jobs {
        Some(jobs) => match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        },
        None => run(),
    };
    let mut report = Report {
        problems,
        ..Report::default()
    };
    for result in results {
        report.diagnostics.extend(result.diagnostics);
        report.problems.extend(result.problems);
        report.partly_parsed.extend(result.partly_parsed);
        report.files_seen += result.files_seen;
        report.files_parsed += result.files_parsed;
    }
    report.sort();
    report
}

/// Checks one package whose files are given in memory.
pub fn check_files(files: Vec<InMemoryFile>, settings: &Settings) -> Report {
    let dir = files
        .first()
        .and_then(|file| file.path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let loaded = files
        .into_iter()
        .map(|file| {
            let display = walk::display_path(&file.path);
            load_text(file.path, display, file.text, file.reported, settings)
        })
        .collect();
    let module = Arc::new(ModuleSummaries::new(parse::parse));
    let result = check_loaded(loaded, settings, &dir, &GoModCache::default(), &module);
    let mut report = Report {
        diagnostics: result.diagnostics,
        problems: result.problems,
        partly_parsed: result.partly_parsed,
        files_seen: result.files_seen,
        files_parsed: result.files_parsed,
    };
    report.sort();
    report
}

/// A file after reading and prefiltering, before parsing.
enum Loaded {
    /// Read and wanted by some rule (or by the index).
    Text {
        source: SourceFile,
        reported: bool,
        rules: RuleSet,
        directives: bool,
        /// `//go:debug` settings, when this is a file of a `main` package.
        go_debug: GoDebug,
        /// The package needs its bytes meet (`prefilter::package_marks`).
        marks: RuleSet,
    },
    /// Nothing to parse; maybe a problem to report.
    Skipped {
        problem: Option<Problem>,
        counted: bool,
        /// The package needs its bytes meet (`prefilter::package_marks`).
        marks: RuleSet,
    },
}

fn load_from_disk(job: &walk::FileJob, settings: &Settings) -> Loaded {
    let skipped = |message: String, is_error: bool| Loaded::Skipped {
        problem: Some(Problem {
            path: job.display.clone(),
            message,
            is_error,
        }),
        counted: job.reported,
        marks: RuleSet::empty(),
    };
    match std::fs::metadata(&job.path) {
        Ok(metadata) if metadata.len() > settings.max_file_bytes => {
            // Huge generated tables are skipped quietly, like every generated file.
            if !job.reported || (!settings.include_generated && generated_head(&job.path)) {
                return Loaded::Skipped {
                    problem: None,
                    marks: RuleSet::empty(),
                    counted: false,
                };
            }
            return skipped(
                format!(
                    "file is {:.1} MiB, over the {:.1} MiB limit; skipped",
                    metadata.len() as f64 / 1_048_576.0,
                    settings.max_file_bytes as f64 / 1_048_576.0
                ),
                false,
            );
        }
        Ok(_) => {}
        Err(error) => return skipped(walk::io_message(&error), true),
    }
    let bytes = match std::fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(error) => return skipped(walk::io_message(&error), true),
    };
    match String::from_utf8(bytes) {
        Ok(text) => load_text(
            job.path.clone(),
            job.display.clone(),
            text,
            job.reported,
            settings,
        ),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            if !job.reported {
                return Loaded::Skipped {
                    problem: None,
                    marks: RuleSet::empty(),
                    counted: false,
                };
            }
            skipped(
                format!("not valid UTF-8 (first bad byte at offset {at}); skipped"),
                false,
            )
        }
    }
}

/// Whether the first 64 KiB of a file carry the generated-code marker.
fn generated_head(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
        .is_ok_and(|_| generated::is_generated(&String::from_utf8_lossy(&head)))
}

fn load_text(
    path: PathBuf,
    display: String,
    text: String,
    reported: bool,
    settings: &Settings,
) -> Loaded {
    let problem = |message: &str| Loaded::Skipped {
        problem: reported.then(|| Problem {
            path: display.clone(),
            message: message.to_string(),
            is_error: false,
        }),
        counted: reported,
        marks: RuleSet::empty(),
    };
    if text.trim().is_empty() {
        return problem("empty file; skipped");
    }
    if !settings.include_generated && generated::is_generated(&text) {
        return Loaded::Skipped {
            problem: None,
            marks: RuleSet::empty(),
            counted: false,
        };
    }
    let bytes = text.as_bytes();
    let rules = if settings.prefilter {
        prefilter::rules_for(bytes, settings)
    } else {
        settings.enabled
    };
    let directives = !settings.prefilter || prefilter::may_have_directives(bytes);
    let marks = if settings.prefilter {
        prefilter::package_marks(bytes, settings)
    } else {
        RuleSet::empty()
    };
    // A `main` file's `//go:debug` lines change timer semantics for the whole package.
    let go_debug = GoDebug::from_main_file(&text);
    if settings.prefilter && rules.is_empty() && !directives && go_debug.is_empty() {
        return Loaded::Skipped {
            problem: None,
            counted: reported,
            marks,
        };
    }
    Loaded::Text {
        source: SourceFile::new(path, display, text),
        reported,
        rules,
        directives,
        go_debug,
        marks,
    }
}

struct PackageResult {
    diagnostics: Vec<Diagnostic>,
    problems: Vec<Problem>,
    partly_parsed: Vec<PartlyParsed>,
    files_seen: usize,
    files_parsed: usize,
}

fn check_loaded(
    loaded: Vec<Loaded>,
    settings: &Settings,
    dir: &Path,
    go_mods: &GoModCache,
    module: &Arc<ModuleSummaries>,
) -> PackageResult {
    let mut problems = Vec::new();
    let mut go_debug = GoDebug::default();
    let mut files_seen = 0;
    let mut texts = Vec::new();
    let mut package_marks = RuleSet::empty();
    for file in loaded {
        match file {
            Loaded::Skipped {
                problem,
                counted,
                marks,
            } => {
                files_seen += usize::from(counted);
                problems.extend(problem);
                package_marks = package_marks.union(marks);
            }
            Loaded::Text {
                source,
                reported,
                rules,
                directives,
                go_debug: file_debug,
                marks,
            } => {
                files_seen += usize::from(reported);
                package_marks = package_marks.union(marks);
                // A test's `//go:debug` lines configure the test binary, not the program.
                if !source.path.to_string_lossy().ends_with("_test.go") {
                    go_debug.merge(file_debug);
                }
                texts.push((source, reported, rules, directives));
            }
        }
    }
    // Rules needing text no file of the package has cannot fire in it.
    if settings.prefilter {
        let allowed = prefilter::package_allows(package_marks);
        texts.retain_mut(|(_, _, rules, directives)| {
            *rules = rules.intersect(allowed);
            !rules.is_empty() || *directives
        });
    }
    // The go.mod lookup happens once per package, and only when a rule that depends on
    // the Go version may fire in one of its reported files. Where timers do not leak,
    // those rules cannot fire: files only they wanted are not parsed at all.
    let timer_rules = crate::rules::timer::version_dependent();
    let mut timers = TimerSemantics::Unknown;
    if texts
        .iter()
        .any(|(_, reported, rules, _)| *reported && !rules.intersect(timer_rules).is_empty())
    {
        let go_mod = go_mods.nearest(dir);
        if let Some(go_mod) = go_mod.as_deref()
            && go_mods.first_report_of(go_mod)
        {
            let path = go_mod.dir.as_deref().unwrap_or(dir).join("go.mod");
            problems.push(Problem {
                path: walk::display_path(&path),
                message: format!(
                    "go.mod not understood: {}; rules that depend on the Go version stay silent in this module",
                    go_mod.malformed.as_deref().unwrap_or("")
                ),
                is_error: false,
            });
        }
        timers = TimerSemantics::resolve(go_mod.as_deref(), go_debug, settings.go_version);
        if timers.leak_reason().is_none() && settings.prefilter {
            let mut others = RuleSet::all();
            timer_rules.iter().for_each(|index| others.remove(index));
            texts.retain_mut(|(_, _, rules, directives)| {
                *rules = rules.intersect(others);
                !rules.is_empty() || *directives
            });
        }
    }
    let parsed: Vec<(GoFile, bool, Option<PartlyParsed>)> = texts
        .into_par_iter()
        .filter_map(|(source, reported, rules, directives)| {
            let tree = parse::parse(&source.text)?;
            let root = tree.root_node();
            let partly = if reported {
                dispatch::partly_parsed(root, &source.text, &source.display)
            } else {
                None
            };
            let imports = Imports::from_file(root, &source.text);
            let file = GoFile {
                source: Arc::new(source),
                tree,
                imports,
                reported,
                rules,
            };
            Some((file, directives, partly))
        })
        .collect();
    let files_parsed = parsed.len();
    let mut wants_directives = Vec::with_capacity(parsed.len());
    let mut files = Vec::with_capacity(parsed.len());
    let mut partly_parsed = Vec::new();
    for (file, directives, partly) in parsed {
        if let Some(partly) = partly {
            problems.push(Problem {
                path: partly.path.clone(),
                message: format!(
                    "syntax error at {}:{}; checked only what parsed",
                    partly.line, partly.column
                ),
                is_error: false,
            });
            partly_parsed.push(partly);
        }
        wants_directives.push(directives);
        files.push(file);
    }
    let mut package = Package::new(files);
    package.timers = timers;
    package.module = Some(Arc::clone(module));
    let mut diagnostics: Vec<Diagnostic> = package
        .files
        .par_iter()
        .zip(wants_directives.par_iter())
        .filter(|(file, _)| file.reported)
        .flat_map_iter(|(file, directives)| {
            let found = dispatch::check_file(file, &package, settings, *directives);
            let directives = suppress::directives(&found.comments, &file.source);
            suppress::apply(
                directives,
                found.diagnostics,
                &file.source,
                settings.enabled,
            )
        })
        .collect();
    if !settings.severity_overrides.is_empty() {
        for diagnostic in &mut diagnostics {
            diagnostic.severity = settings.severity_of(diagnostic.rule);
        }
    }
    PackageResult {
        diagnostics,
        problems,
        partly_parsed,
        files_seen,
        files_parsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> InMemoryFile {
        InMemoryFile {
            path: PathBuf::from("/pkg").join(name),
            text: text.to_string(),
            reported: true,
        }
    }

    const USES_FIELD: &str = "package p

import \"sync\"

func (s *S) run() {
\tvar mu sync.Mutex
\tgo func() {
\t\ts.wg.Add(1)
\t\tdefer s.wg.Done()
\t\tmu.Lock()
\t}()
}
";

    /// `sync` imported for a Mutex, `.Add(` present, but no WaitGroup anywhere in the
    /// package: no wg rule can fire, so the file is not parsed.
    #[test]
    fn a_package_that_never_spells_waitgroup_is_not_parsed_for_wg_rules() {
        let types = "package p\n\ntype S struct{ wg interface{ Add(int); Done() } }\n";
        let report = check_files(
            vec![file("a.go", USES_FIELD), file("b.go", types)],
            &Settings::default(),
        );
        assert_eq!(report.files_parsed, 0);
        assert!(report.diagnostics.is_empty());
    }

    /// The WaitGroup spelled in another file of the package counts for every file:
    /// a.go never spells it, and still gets the wg rules through b.go.
    #[test]
    fn waitgroup_spelled_in_a_sibling_file_counts() {
        let types = "package p\n\nimport \"sync\"\n\ntype S struct{ wg sync.WaitGroup }\n";
        let report = check_files(
            vec![file("a.go", USES_FIELD), file("b.go", types)],
            &Settings::default(),
        );
        let ids: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
        assert_eq!(ids, ["wg-add-in-goroutine"]);
        assert_eq!(report.files_parsed, 2);
    }
}
