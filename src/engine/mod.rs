//! The pipeline of one run: walk -> read and prefilter -> parse -> index ->
//! check -> suppress -> sort. Packages are checked in parallel on a rayon pool
//! of `Settings::jobs` threads, each file read and parsed once, and trees are
//! dropped as soon as their package is done, so memory follows the largest
//! package rather than the tree; a big package is checked alone, one file at a
//! time (`stream`: its files parsed twice), so that its trees are never all
//! alive at once. A package whose files a Go-version-dependent
//! rule wants gets its go.mod facts once, from a cache shared by the run. Only
//! the sorted `Report` leaves this module.

pub mod dispatch;
pub mod generated;
pub mod parse;
pub mod prefilter;
mod stream;
pub mod suppress;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::diagnostic::{Diagnostic, PartlyParsed, Problem, Report};
use crate::model::gomod::{GoDebug, GoModCache, TimerSemantics};
use crate::model::summaries::{ModuleSummaries, ModuleView};
use crate::model::{GoFile, Imports, Package, SourceFile};
use crate::settings::{RuleSet, Settings};
use prefilter::PackageMarks;

/// A package that would parse more bytes of source than this is checked alone, after
/// the others, and one file at a time (`stream`, by default): its trees would weigh
/// about 33 bytes per byte (32 MiB here), and several such packages in flight at once,
/// or one much bigger, would multiply the peak memory of a run.
pub const BIG_PARSE_BYTES: usize = 1 << 20;

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
    let cache = settings
        .cache_dir
        .as_deref()
        .and_then(|dir| Cache::new(dir, settings));
    let cache_problems = std::sync::Mutex::new(Vec::new());
    // `None` when `defer_big` and the package would parse more than `BIG_PARSE_BYTES`:
    // it is checked later, alone (its files are read again then).
    let check_package = |package: &walk::PackageJob, defer_big: bool| -> Option<PackageResult> {
        let reads: Vec<FileRead> = package
            .files
            .par_iter()
            .map(|job| read_from_disk(job, settings))
            .collect();
        let stamps: Vec<Option<u128>> = match &cache {
            Some(_) => reads.iter().map(FileRead::stamp).collect(),
            None => Vec::new(),
        };
        if let Some(cache) = &cache {
            let text_of = |index: usize| match reads.get(index) {
                Some(FileRead::Text(text)) => Some(text.clone()),
                _ => None,
            };
            if let Some(result) = cache.replay(package, &stamps, text_of, &go_mods, &module) {
                return Some(result);
            }
        }
        let loaded = loaded_from(reads, &package.files, settings);
        let view = ModuleView::new(Arc::clone(&module));
        let prepared = prepare(loaded, settings, &package.dir, &go_mods, &view);
        if defer_big && prepared.parse_bytes() > BIG_PARSE_BYTES {
            return None;
        }
        let (result, view) = finish(prepared, settings, view, None);
        if let Some(cache) = &cache
            && let Some(problem) = cache.store(
                package,
                &stamps,
                &view.consulted(),
                &result,
                &go_mods,
                &module,
            )
        {
            cache_problems
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(problem);
        }
        Some(result)
    };
    // Packages are checked in parallel, several at a time, except those that would
    // parse more than `BIG_PARSE_BYTES`: they are checked after the others, one after
    // the other (each with its files in parallel), so that at most one big package's
    // trees are alive at once.
    let run = || {
        let first: Vec<Option<PackageResult>> = packages
            .par_iter()
            .map(|package| check_package(package, true))
            .collect();
        packages
            .iter()
            .zip(first)
            .filter_map(|(package, result)| result.or_else(|| check_package(package, false)))
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
    report.problems.extend(
        cache_problems
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    if let Some(cache) = &cache {
        report.files_replayed = cache
            .files_replayed
            .load(std::sync::atomic::Ordering::Relaxed);
    }
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
    let module = Arc::new(ModuleSummaries::new(parse::parse));
    check_files_with(files, settings, &ParseMemo::default(), &module)
}

/// The trees of one package's files, kept between checks (the Language Server's open
/// packages): a file whose text has not changed since it was last parsed is not
/// parsed again, and a file whose text was edited is reparsed from its old tree.
#[derive(Default)]
pub struct ParseMemo {
    trees: std::sync::Mutex<std::collections::HashMap<PathBuf, Memo>>,
}

struct Memo {
    text_hash: u128,
    tree: tree_sitter::Tree,
    imports: Imports,
    /// The tree was edited (`ParseMemo::edit`) to match a newer text: it is the old
    /// tree the next parse starts from.
    edited: bool,
}

impl ParseMemo {
    /// The tree and imports of `source`: remembered, or parsed now and remembered.
    fn parse(&self, source: &SourceFile) -> Option<(tree_sitter::Tree, Imports)> {
        let text_hash = cache::stamp(source.text.as_bytes());
        // An edited tree no longer matches the text it was parsed from, even when the
        // edits led back to that text: it is reparsed (incrementally) instead.
        if let Some(memo) = self.lock().get(&source.path)
            && memo.text_hash == text_hash
            && !memo.edited
        {
            return Some((memo.tree.clone(), memo.imports.clone()));
        }
        let old = self
            .lock()
            .get(&source.path)
            .filter(|memo| memo.edited)
            .map(|memo| memo.tree.clone());
        let tree = match old {
            Some(old) => parse::reparse(&source.text, &old)?,
            None => parse::parse(&source.text)?,
        };
        let imports = Imports::from_file(tree.root_node(), &source.text);
        self.lock().insert(
            source.path.clone(),
            Memo {
                text_hash,
                tree: tree.clone(),
                imports: imports.clone(),
                edited: false,
            },
        );
        Some((tree, imports))
    }

    /// Tells the kept tree of `path` about edits of its text (the Language Server's
    /// incremental changes, in order); `None` when the whole text was replaced, and the
    /// old tree no longer helps.
    pub fn edit(&self, path: &Path, edits: Option<&[tree_sitter::InputEdit]>) {
        let mut trees = self.lock();
        match edits {
            Some(edits) => {
                if let Some(memo) = trees.get_mut(path) {
                    for edit in edits {
                        memo.tree.edit(edit);
                    }
                    memo.edited = true;
                }
            }
            None => {
                trees.remove(path);
            }
        }
    }

    /// Forgets the files not in `paths` (closed, deleted or renamed).
    pub fn retain(&self, paths: &[&Path]) {
        self.lock()
            .retain(|path, _| paths.contains(&path.as_path()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<PathBuf, Memo>> {
        self.trees
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `check_files` reusing the trees of `memo` and the module summaries of `module`
/// (which the caller renews when files of other packages may have changed).
pub fn check_files_with(
    files: Vec<InMemoryFile>,
    settings: &Settings,
    memo: &ParseMemo,
    module: &Arc<ModuleSummaries>,
) -> Report {
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
    let view = ModuleView::new(Arc::clone(module));
    // go.mod is read afresh each time: an edit of its `go` line changes the timer rules.
    let go_mods = GoModCache::default();
    let (result, _) = check_loaded(loaded, settings, &dir, &go_mods, view, Some(memo));
    let mut report = Report {
        diagnostics: result.diagnostics,
        problems: result.problems,
        partly_parsed: result.partly_parsed,
        files_seen: result.files_seen,
        files_parsed: result.files_parsed,
        ..Report::default()
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
        marks: PackageMarks,
    },
    /// Nothing to parse; maybe a problem to report.
    Skipped {
        problem: Option<Problem>,
        counted: bool,
        /// The package needs its bytes meet (`prefilter::package_marks`).
        marks: PackageMarks,
    },
}

/// A file as read from disk, before the prefilter looks at it.
enum FileRead {
    Text(String),
    /// Settled without a text to check: too big, not UTF-8, or unreadable. `stamp`
    /// stands for what settled it (`None` for an error of the moment: never cached).
    Settled {
        loaded: Loaded,
        stamp: Option<u128>,
    },
}

impl FileRead {
    /// What the result cache compares: the content hash of a text, or the stamp of a
    /// settled file.
    fn stamp(&self) -> Option<u128> {
        match self {
            FileRead::Text(text) => Some(cache::stamp(text.as_bytes())),
            FileRead::Settled { stamp, .. } => *stamp,
        }
    }
}

/// The package's reads, prefiltered (`load_text`) in walk order.
fn loaded_from(reads: Vec<FileRead>, jobs: &[walk::FileJob], settings: &Settings) -> Vec<Loaded> {
    reads
        .into_par_iter()
        .zip(jobs.par_iter())
        .map(|(read, job)| match read {
            FileRead::Text(text) => load_text(
                job.path.clone(),
                job.display.clone(),
                text,
                job.reported,
                settings,
            ),
            FileRead::Settled { loaded, .. } => loaded,
        })
        .collect()
}

fn read_from_disk(job: &walk::FileJob, settings: &Settings) -> FileRead {
    let skipped = |message: String, is_error: bool| Loaded::Skipped {
        problem: Some(Problem {
            path: job.display.clone(),
            message,
            is_error,
        }),
        counted: job.reported,
        marks: PackageMarks::default(),
    };
    let quiet = || Loaded::Skipped {
        problem: None,
        marks: PackageMarks::default(),
        counted: false,
    };
    let unreadable = |error: &std::io::Error| FileRead::Settled {
        loaded: skipped(walk::io_message(error), true),
        stamp: None,
    };
    match std::fs::metadata(&job.path) {
        Ok(metadata) if metadata.len() > settings.max_file_bytes => {
            // Its size and modification time stand for the head read below.
            let stamp = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|time| {
                    let mut bytes = metadata.len().to_le_bytes().to_vec();
                    bytes.extend_from_slice(&time.as_nanos().to_le_bytes());
                    cache::stamp(&bytes)
                });
            // Huge generated tables are skipped quietly, like every generated file.
            if !job.reported || (!settings.include_generated && generated_head(&job.path)) {
                return FileRead::Settled {
                    loaded: quiet(),
                    stamp,
                };
            }
            let loaded = skipped(
                format!(
                    "file is {:.1} MiB, over the {:.1} MiB limit; skipped",
                    metadata.len() as f64 / 1_048_576.0,
                    settings.max_file_bytes as f64 / 1_048_576.0
                ),
                false,
            );
            return FileRead::Settled { loaded, stamp };
        }
        Ok(_) => {}
        Err(error) => return unreadable(&error),
    }
    let bytes = match std::fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(error) => return unreadable(&error),
    };
    match String::from_utf8(bytes) {
        Ok(text) => FileRead::Text(text),
        Err(error) => {
            let stamp = Some(cache::stamp(error.as_bytes()));
            let at = error.utf8_error().valid_up_to();
            let loaded = if job.reported {
                skipped(
                    format!("not valid UTF-8 (first bad byte at offset {at}); skipped"),
                    false,
                )
            } else {
                quiet()
            };
            FileRead::Settled { loaded, stamp }
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
        marks: PackageMarks::default(),
    };
    if text.trim().is_empty() {
        return problem("empty file; skipped");
    }
    if !settings.include_generated && generated::is_generated(&text) {
        return Loaded::Skipped {
            problem: None,
            marks: PackageMarks::default(),
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
        PackageMarks::default()
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

/// What checking one package found (what the result cache stores and replays).
pub struct PackageResult {
    pub diagnostics: Vec<Diagnostic>,
    pub problems: Vec<Problem>,
    pub partly_parsed: Vec<PartlyParsed>,
    pub files_seen: usize,
    pub files_parsed: usize,
}

/// Checks one package; gives back the module view with what the check consulted.
fn check_loaded(
    loaded: Vec<Loaded>,
    settings: &Settings,
    dir: &Path,
    go_mods: &GoModCache,
    module: ModuleView,
    memo: Option<&ParseMemo>,
) -> (PackageResult, ModuleView) {
    let prepared = prepare(loaded, settings, dir, go_mods, &module);
    finish(prepared, settings, module, memo)
}

/// A package's files chosen for parsing (after the package-level prefilter), and what
/// was learnt on the way.
struct Prepared {
    /// (source, reported, rules, wants directives) of each file to parse.
    texts: Vec<(SourceFile, bool, RuleSet, bool)>,
    problems: Vec<Problem>,
    files_seen: usize,
    timers: TimerSemantics,
}

impl Prepared {
    /// The bytes of source to parse: what the package's trees will weigh (about 33
    /// bytes of tree per byte).
    fn parse_bytes(&self) -> usize {
        self.texts
            .iter()
            .map(|(source, ..)| source.text.len())
            .sum()
    }
}

/// Gathers the loaded files of a package and decides which to parse.
fn prepare(
    loaded: Vec<Loaded>,
    settings: &Settings,
    dir: &Path,
    go_mods: &GoModCache,
    module: &ModuleView,
) -> Prepared {
    let mut problems = Vec::new();
    let mut go_debug = GoDebug::default();
    let mut files_seen = 0;
    let mut texts = Vec::new();
    let mut package_marks = RuleSet::empty();
    let mut module_candidates: Vec<Box<str>> = Vec::new();
    for file in loaded {
        match file {
            Loaded::Skipped {
                problem,
                counted,
                marks,
            } => {
                files_seen += usize::from(counted);
                problems.extend(problem);
                package_marks = package_marks.union(marks.rules);
                module_candidates.extend(marks.module_candidates);
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
                package_marks = package_marks.union(marks.rules);
                module_candidates.extend(marks.module_candidates);
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
        let span_rules = prefilter::span_rules(settings);
        if !span_rules.is_empty()
            && package_marks.intersect(span_rules).is_empty()
            && wraps_tracing(module_candidates, dir, module)
        {
            package_marks = package_marks.union(span_rules);
        }
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
    Prepared {
        texts,
        problems,
        files_seen,
        timers,
    }
}

/// Whether one of the import paths names a package of the module (or of its workspace)
/// that imports a tracing API, so may wrap it (the span rules' package need).
fn wraps_tracing(mut candidates: Vec<Box<str>>, dir: &Path, module: &ModuleView) -> bool {
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .iter()
        .any(|path| module.imports_tracing(dir, path))
}

/// Parses and checks a prepared package: all its trees at once, or, for a package that
/// would parse more than `Settings::stream_above` bytes outside the Language Server, one
/// file at a time (`stream`).
fn finish(
    prepared: Prepared,
    settings: &Settings,
    module: ModuleView,
    memo: Option<&ParseMemo>,
) -> (PackageResult, ModuleView) {
    if memo.is_none() && prepared.parse_bytes() > settings.stream_above {
        return stream::finish(prepared, settings, module);
    }
    let Prepared {
        texts,
        mut problems,
        files_seen,
        timers,
    } = prepared;
    let parsed: Vec<(GoFile, bool, Option<PartlyParsed>)> = texts
        .into_par_iter()
        .filter_map(|(source, reported, rules, directives)| {
            let (tree, imports) = match memo {
                Some(memo) => memo.parse(&source)?,
                None => parse_file(&source)?,
            };
            let partly = partly_parsed(&tree, &source, reported);
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
            problems.push(syntax_problem(&partly));
            partly_parsed.push(partly);
        }
        wants_directives.push(directives);
        files.push(file);
    }
    let mut package = Package::new(files);
    package.timers = timers;
    package.module = Some(module);
    let diagnostics: Vec<Diagnostic> = package
        .files
        .par_iter()
        .zip(wants_directives.par_iter())
        .filter(|(file, _)| file.reported)
        .flat_map_iter(|(file, directives)| check_file(file, &package, settings, *directives))
        .collect();
    let module = package.module.take().expect("set above");
    let result = PackageResult {
        diagnostics: with_severities(diagnostics, settings),
        problems,
        partly_parsed,
        files_seen,
        files_parsed,
    };
    (result, module)
}

/// A file's tree and imports, parsed afresh.
fn parse_file(source: &SourceFile) -> Option<(tree_sitter::Tree, Imports)> {
    let tree = parse::parse(&source.text)?;
    let imports = Imports::from_file(tree.root_node(), &source.text);
    Some((tree, imports))
}

/// What the syntax errors of a reported file cost (`dispatch::partly_parsed`).
fn partly_parsed(
    tree: &tree_sitter::Tree,
    source: &SourceFile,
    reported: bool,
) -> Option<PartlyParsed> {
    if !reported {
        return None;
    }
    dispatch::partly_parsed(tree.root_node(), &source.text, &source.display)
}

/// The warning that a file was checked only as far as it parsed.
fn syntax_problem(partly: &PartlyParsed) -> Problem {
    Problem {
        path: partly.path.clone(),
        message: format!(
            "syntax error at {}:{}; checked only what parsed",
            partly.line, partly.column
        ),
        is_error: false,
    }
}

/// The findings of one reported file of `package`, its `//nolint` directives applied.
fn check_file(
    file: &GoFile,
    package: &Package,
    settings: &Settings,
    directives: bool,
) -> Vec<Diagnostic> {
    let found = dispatch::check_file(file, package, settings, directives);
    let directives = suppress::directives(&found.comments, &file.source);
    suppress::apply(
        directives,
        found.diagnostics,
        &file.source,
        settings.enabled,
    )
}

/// The findings with the severities of `lifelint.toml`'s `[severity]`.
fn with_severities(mut diagnostics: Vec<Diagnostic>, settings: &Settings) -> Vec<Diagnostic> {
    if !settings.severity_overrides.is_empty() {
        for diagnostic in &mut diagnostics {
            diagnostic.severity = settings.severity_of(diagnostic.rule);
        }
    }
    diagnostics
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

    /// A package checked one file at a time (`stream`) finds exactly what the single
    /// pass finds, facts one file takes from another included: the WaitGroup helpers
    /// of b.go decide a.go's findings, and a.go's `go fetch(` makes c.go's `fetch` a
    /// goroutine body.
    #[test]
    fn a_streamed_package_finds_what_the_single_pass_finds() {
        let root = std::env::temp_dir().join(format!("lifelint-stream-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let files = [
            (
                "a.go",
                "package p\n\nimport \"sync\"\n\nfunc watch(ch chan int) {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo monitor(&wg, ch)\n\twg.Wait()\n}\n\nfunc drain(ch chan int) {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo settled(&wg, ch)\n\twg.Wait()\n}\n\nfunc get(urls []string) {\n\tvar wg sync.WaitGroup\n\tfor _, url := range urls {\n\t\twg.Add(1)\n\t\tgo fetch(&wg, url)\n\t}\n\twg.Wait()\n}\n",
            ),
            (
                "b.go",
                "package p\n\nimport \"sync\"\n\nfunc monitor(wg *sync.WaitGroup, ch chan int) {\n\tfor v := range ch {\n\t\tprocess(v)\n\t}\n}\n\nfunc settled(wg *sync.WaitGroup, ch chan int) {\n\tdefer wg.Done()\n\tfor v := range ch {\n\t\tprocess(v)\n\t}\n}\n\nfunc process(int) {}\n",
            ),
            (
                "c.go",
                "package p\n\nimport \"sync\"\n\nfunc fetch(wg *sync.WaitGroup, url string) {\n\tif url == \"\" {\n\t\treturn\n\t}\n\twg.Done()\n}\n",
            ),
        ];
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let run = |stream_above| {
            let settings = Settings {
                stream_above,
                ..Settings::default()
            };
            check(&[root.display().to_string()], &settings)
        };
        let (single, streamed) = (run(usize::MAX), run(0));
        let found: Vec<(String, &str)> = streamed
            .diagnostics
            .iter()
            .map(|d| (d.file.display.clone(), d.rule.id))
            .collect();
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|(path, id)| (path.rsplit('/').next().unwrap(), *id))
            .collect();
        assert_eq!(
            names,
            [
                ("a.go", "wg-done-missing"),
                ("c.go", "wg-done-not-deferred")
            ]
        );
        assert!(single.diagnostics == streamed.diagnostics);
        assert_eq!(single.problems, streamed.problems);
        assert_eq!(
            (single.files_seen, single.files_parsed),
            (streamed.files_seen, streamed.files_parsed)
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// A package that would parse more than `BIG_PARSE_BYTES` is checked after the
    /// others, alone and one file at a time: its findings are reported as any other
    /// package's.
    #[test]
    fn a_big_package_is_checked_after_the_others_with_the_same_findings() {
        let root = std::env::temp_dir().join(format!("lifelint-big-{}", std::process::id()));
        let (big, small) = (root.join("big"), root.join("small"));
        std::fs::create_dir_all(&big).unwrap();
        std::fs::create_dir_all(&small).unwrap();
        let leak = "package p\n\nimport \"context\"\n\nfunc Leak(ctx context.Context) {\n\tctx, _ = context.WithCancel(ctx)\n\t_ = ctx\n}\n";
        let mut text = leak.to_string();
        let mut n = 0;
        while text.len() <= BIG_PARSE_BYTES {
            text.push_str(&format!("\nfunc Fine{n}(ctx context.Context) {{\n\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\t_ = ctx\n}}\n"));
            n += 1;
        }
        std::fs::write(big.join("big.go"), &text).unwrap();
        std::fs::write(small.join("small.go"), leak).unwrap();
        let report = check(&[format!("{}/...", root.display())], &Settings::default());
        let found: Vec<(String, &str)> = report
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.file
                        .path
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    d.rule.id,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("big.go".to_string(), "ctx-cancel-discarded"),
                ("small.go".to_string(), "ctx-cancel-discarded")
            ]
        );
        assert_eq!(report.files_parsed, 2);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
