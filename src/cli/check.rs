//! `lifelint check`: flags to `Settings`, run the engine, report input problems
//! on stderr (one line each), render findings, choose the exit status. A run with
//! text output ends stderr with what syntax errors left unchecked, if anything, and
//! one line of files, time and findings.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::fix::MAX_FIX_ROUNDS;
use crate::engine;
use crate::gitdiff::ChangedLines;
use crate::model::gomod::GoVersion;
use crate::output::{self, Format};
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Packages to check: ./... (recursive), dir/..., dir, or file.go
    #[arg(default_value = "./...")]
    patterns: Vec<String>,
    /// --format, --new-from-rev, fixing and baselines (boxed: `Command::Check` stays small)
    #[command(flatten)]
    gate: Box<GateArgs>,
    /// Write the report to FILE instead of stdout (for --format entries without a path)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Run only these rules or families (comma-separated or repeated)
    #[arg(long, value_name = "RULE|FAMILY")]
    enable: Vec<String>,
    /// Do not run these rules or families (comma-separated or repeated)
    #[arg(long, value_name = "RULE|FAMILY")]
    disable: Vec<String>,
    /// Also check files marked `// Code generated ... DO NOT EDIT.`
    #[arg(long)]
    include_generated: bool,
    /// Worker threads (default: one per core)
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Skip files larger than this many MiB
    #[arg(long, value_name = "MIB", default_value_t = 4)]
    max_file_size: u64,
    /// Go version assumed where no go.mod is found (e.g. 1.22); go.mod always wins
    #[arg(long, value_name = "VERSION")]
    go_version: Option<GoVersion>,
    /// Colour text output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    color: String,
    /// Read this config file instead of the lifelint.toml found from the current
    /// directory upward (up to the repository root)
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Which findings make the exit status 1: error, warning, note (any finding, the
    /// default) or never; overrides `fail-on` in lifelint.toml
    #[arg(long, value_name = "LEVEL", value_parser = crate::config::FailOn::parse)]
    fail_on: Option<crate::config::FailOn>,
    /// Parse every file, even those no rule can fire in (for testing the prefilter)
    #[arg(long, hide = true)]
    no_prefilter: bool,
    /// Keep the result cache here (default: $LIFELINT_CACHE_DIR, else the user's cache
    /// directory, e.g. ~/.cache/lifelint)
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
    /// Check every package afresh: neither read nor write the result cache
    #[arg(long)]
    no_cache: bool,
}

/// Where this run keeps its result cache: `--cache-dir`, `LIFELINT_CACHE_DIR`, the
/// user's cache directory; none with `--no-cache` (or when no place is known).
fn cache_dir(args: &CheckArgs) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    args.cache_dir
        .clone()
        .or_else(|| {
            std::env::var_os("LIFELINT_CACHE_DIR")
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
        })
        .or_else(crate::cache::default_dir)
}

/// The CI-gate options of `lifelint check`.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Output format, optionally with a file: text, concise, json, sarif, github,
    /// checkstyle, gitlab, rdjson, junit; repeat for several reports from one run
    /// (e.g. --format sarif=out.sarif --format text)
    #[arg(long, value_name = "FORMAT[=PATH]", value_parser = parse_format_spec)]
    format: Vec<FormatSpec>,
    /// Print how many findings each rule reported (count, rule, severity, summary)
    /// instead of the findings; with --format text (a table) or json (an array)
    #[arg(long)]
    statistics: bool,
    /// Report only findings on lines added or changed since this git revision
    /// (working tree against REV; untracked files count as new)
    #[arg(long, value_name = "REV")]
    new_from_rev: Option<String>,
    /// Put PREFIX in front of every reported path (a run in a subfolder of the
    /// repository: SARIF and annotations then attach to the repository's files)
    #[arg(long, value_name = "PREFIX")]
    path_prefix: Option<String>,
    #[command(flatten)]
    fixing: super::fix::FixArgs,
    #[command(flatten)]
    baseline: super::baseline::BaselineArgs,
}

/// One `--format NAME[=PATH]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    format: Format,
    /// Where this report goes; `None`: `--output`, or stdout.
    path: Option<PathBuf>,
}

/// Parses `NAME[=PATH]` for `--format`.
fn parse_format_spec(value: &str) -> Result<FormatSpec, String> {
    let (name, path) = match value.split_once('=') {
        Some((name, path)) => {
            if path.is_empty() {
                return Err(format!("no file after `=` in `{value}`"));
            }
            (name, Some(PathBuf::from(path)))
        }
        None => (value, None),
    };
    let format = <Format as clap::ValueEnum>::from_str(name, true).map_err(|_| {
        let names: Vec<&str> = Format::all().iter().map(|f| f.name()).collect();
        format!(
            "unknown format `{name}`; expected one of {} (optionally =PATH)",
            names.join(", ")
        )
    })?;
    Ok(FormatSpec { format, path })
}

/// The most worker threads a run starts: far more than any machine has cores, few
/// enough that a typo (`-j 20000`) cannot exhaust the system's threads.
const MAX_JOBS: usize = 256;

pub fn run(args: CheckArgs) -> ExitStatus {
    let config = match crate::config::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("lifelint: error: {message}");
            return ExitStatus::Error;
        }
    };
    let selected = match &config {
        Some(config) => config.select(&args.enable, &args.disable),
        None => Settings::select(&args.enable, &args.disable),
    };
    let enabled = match selected {
        Ok(enabled) => enabled,
        Err(message) => {
            eprintln!("lifelint: error: {message}");
            return ExitStatus::Error;
        }
    };
    let color_flag = match args.color.as_str() {
        "auto" => None,
        "always" => Some(true),
        "never" => Some(false),
        other => {
            eprintln!("lifelint: error: --color takes auto, always or never, not `{other}`");
            return ExitStatus::Error;
        }
    };
    if args.jobs == Some(0) {
        eprintln!("lifelint: error: --jobs must be at least 1");
        return ExitStatus::Error;
    }
    let mut args = args;
    if let Some(jobs) = args.jobs
        && jobs > MAX_JOBS
    {
        eprintln!(
            "lifelint: warning: --jobs {jobs} is more than {MAX_JOBS}; using {MAX_JOBS} threads"
        );
        args.jobs = Some(MAX_JOBS);
    }
    let mut settings = Settings {
        enabled,
        include_generated: args.include_generated,
        prefilter: !args.no_prefilter,
        jobs: args.jobs,
        max_file_bytes: args.max_file_size.saturating_mul(1024 * 1024),
        go_version: args.go_version,
        cache_dir: cache_dir(&args),
        ..Settings::default()
    };
    if let Some(config) = &config {
        config.apply(&mut settings);
    }
    let mut formats = args.gate.format.clone();
    if formats.is_empty() {
        formats.push(FormatSpec {
            format: Format::Text,
            path: None,
        });
    }
    if let Some(output) = &args.output
        && formats.iter().all(|spec| spec.path.is_some())
    {
        eprintln!(
            "lifelint: warning: --output {} is not used: every --format names its own file",
            output.display()
        );
    }
    for spec in &mut formats {
        if spec.path.is_none() {
            spec.path.clone_from(&args.output);
        }
    }
    if args.gate.statistics
        && let Some(spec) = formats
            .iter()
            .find(|spec| !output::statistics::FORMATS.contains(&spec.format))
    {
        eprintln!(
            "lifelint: error: --statistics is written as text or json, not {}",
            spec.format.name()
        );
        return ExitStatus::Error;
    }
    // Two entries for one file, however spelt (`o.json`, `./o.json`): one report would
    // overwrite the other.
    let destination = |path: &Option<std::path::PathBuf>| {
        path.as_ref().map(|p| {
            let absolute = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            match (absolute.parent(), absolute.file_name()) {
                (Some(dir), Some(name)) => dir
                    .canonicalize()
                    .map(|dir| dir.join(name))
                    .unwrap_or_else(|_| absolute.components().collect()),
                _ => absolute.components().collect(),
            }
        })
    };
    for (i, spec) in formats.iter().enumerate() {
        if formats[..i]
            .iter()
            .any(|other| destination(&other.path) == destination(&spec.path))
        {
            let target = spec
                .path
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string());
            eprintln!("lifelint: error: two --format entries write to {target}");
            return ExitStatus::Error;
        }
    }
    let changed = match args.gate.new_from_rev.as_deref().map(ChangedLines::since) {
        None => None,
        Some(Ok(changed)) => Some(changed),
        Some(Err(message)) => {
            eprintln!("lifelint: error: {message}");
            return ExitStatus::Error;
        }
    };
    let started = std::time::Instant::now();
    let mut report = engine::check(&args.patterns, &settings);
    if let Some(changed) = &changed {
        changed.filter(&mut report);
    }
    if let Some(path) = &args.gate.baseline.write_baseline {
        for problem in &report.problems {
            let level = if problem.is_error { "error" } else { "warning" };
            eprintln!("lifelint: {level}: {}: {}", problem.path, problem.message);
        }
        return match super::baseline::write(&report, path) {
            Ok(count) => {
                eprintln!(
                    "lifelint: wrote a baseline of {count} finding{} to {}",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
                ExitStatus::Clean
            }
            Err(message) => {
                eprintln!("lifelint: error: {message}");
                ExitStatus::Error
            }
        };
    }
    if let Some(path) = &args.gate.baseline.baseline {
        match super::baseline::apply(&mut report, path) {
            Ok(applied) => eprintln!(
                "lifelint: baseline: {} known finding{} not reported; {} baseline entr{} no longer found",
                applied.known,
                if applied.known == 1 { "" } else { "s" },
                applied.vanished,
                if applied.vanished == 1 { "y" } else { "ies" }
            ),
            Err(message) => {
                eprintln!("lifelint: error: {message}");
                return ExitStatus::Error;
            }
        }
    }
    if args.gate.fixing.diff || args.gate.fixing.fix {
        let planned = super::fix::plan(&report, args.gate.fixing.unsafe_fixes);
        if args.gate.fixing.diff {
            for problem in &report.problems {
                let level = if problem.is_error { "error" } else { "warning" };
                eprintln!("lifelint: {level}: {}: {}", problem.path, problem.message);
            }
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            if let Err(error) =
                super::fix::write_diff(&planned, &mut out).and_then(|()| out.flush())
                && error.kind() != io::ErrorKind::BrokenPipe
            {
                eprintln!("lifelint: error: cannot write standard output: {error}");
                return ExitStatus::Error;
            }
            let fixes: usize = planned.iter().map(|f| f.fixes).sum();
            eprintln!(
                "lifelint: {fixes} fix{} in {} file{} (--diff changes nothing)",
                if fixes == 1 { "" } else { "es" },
                planned.len(),
                if planned.len() == 1 { "" } else { "s" }
            );
            return if report.has_errors() {
                ExitStatus::Error
            } else if planned.is_empty() {
                ExitStatus::Clean
            } else {
                ExitStatus::Findings
            };
        }
        // A fix can overlap another (two names removed from one `//nolint`): the later
        // one waits for the next round, on the fixed text, until nothing is left to fix.
        let mut planned = planned;
        let mut fixes = 0;
        let mut files = std::collections::BTreeSet::new();
        for round in 1..=MAX_FIX_ROUNDS {
            let (applied, written) = super::fix::apply(&planned);
            fixes += applied;
            if written.is_empty() {
                break;
            }
            files.extend(written);
            // What remains is what the next reader sees: check the fixed tree again.
            report = engine::check(&args.patterns, &settings);
            if let Some(changed) = &changed {
                changed.filter(&mut report);
            }
            if let Some(path) = &args.gate.baseline.baseline {
                // Read once already: it parses, and its summary was printed.
                let _ = super::baseline::apply(&mut report, path);
            }
            planned = super::fix::plan(&report, args.gate.fixing.unsafe_fixes);
            if planned.is_empty() {
                break;
            }
            if round == MAX_FIX_ROUNDS {
                eprintln!(
                    "lifelint: warning: fixes still apply after {MAX_FIX_ROUNDS} rounds; stopped"
                );
            }
        }
        eprintln!(
            "lifelint: applied {fixes} fix{} to {} file{}",
            if fixes == 1 { "" } else { "es" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
    }
    for problem in &report.problems {
        let level = if problem.is_error { "error" } else { "warning" };
        eprintln!("lifelint: {level}: {}: {}", problem.path, problem.message);
    }
    let text_run = formats.iter().any(|spec| spec.format == Format::Text);
    if text_run && let Some(summary) = output::text::unchecked_summary(&report) {
        eprintln!("{summary}");
    }
    if let Some(prefix) = &args.gate.path_prefix {
        output::prefix_paths(&mut report, prefix);
    }
    let statistics = args.gate.statistics;
    let render = |format: Format, out: &mut dyn Write, color: bool| {
        if statistics {
            output::statistics::render(format, &report, out)
                .expect("--statistics formats are checked before the run")
        } else {
            output::render(format, &report, out, color)
        }
    };
    let mut write_failed = false;
    for spec in &formats {
        let written = match &spec.path {
            Some(path) => File::create(path).and_then(|file| {
                let mut out = BufWriter::new(file);
                render(spec.format, &mut out, color_flag.unwrap_or(false))?;
                out.flush()
            }),
            None => {
                let stdout = io::stdout();
                let color = color_flag.unwrap_or_else(|| {
                    stdout.is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                });
                let mut out = BufWriter::new(stdout.lock());
                render(spec.format, &mut out, color).and_then(|()| out.flush())
            }
        };
        if let Err(error) = written {
            let target = spec
                .path
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string());
            if error.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("lifelint: error: cannot write {target}: {error}");
            }
            write_failed = true;
        }
    }
    if write_failed {
        return ExitStatus::Error;
    }
    if text_run {
        eprintln!("{}", output::text::run_summary(&report, started.elapsed()));
    }
    let fail_on = args
        .fail_on
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or_default();
    if report.has_errors() {
        ExitStatus::Error
    } else if report.diagnostics.iter().any(|d| fail_on.fails(d.severity)) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}
