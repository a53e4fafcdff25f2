//! `lifelint check`: flags to `Settings`, run the engine, report input problems
//! on stderr (one line each), render findings, choose the exit status.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::engine;
use crate::model::gomod::GoVersion;
use crate::output::{self, Format};
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Packages to check: ./... (recursive), dir/..., dir, or file.go
    #[arg(default_value = "./...")]
    patterns: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of stdout
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
    /// Parse every file, even those no rule can fire in (for testing the prefilter)
    #[arg(long, hide = true)]
    no_prefilter: bool,
}

pub fn run(args: CheckArgs) -> ExitStatus {
    let enabled = match Settings::select(&args.enable, &args.disable) {
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
    let settings = Settings {
        enabled,
        include_generated: args.include_generated,
        prefilter: !args.no_prefilter,
        jobs: args.jobs,
        max_file_bytes: args.max_file_size.saturating_mul(1024 * 1024),
        go_version: args.go_version,
    };
    let report = engine::check(&args.patterns, &settings);
    for problem in &report.problems {
        let level = if problem.is_error { "error" } else { "warning" };
        eprintln!("lifelint: {level}: {}: {}", problem.path, problem.message);
    }
    let written = match &args.output {
        Some(path) => File::create(path).and_then(|file| {
            let mut out = BufWriter::new(file);
            output::render(args.format, &report, &mut out, color_flag.unwrap_or(false))?;
            out.flush()
        }),
        None => {
            let stdout = io::stdout();
            let color = color_flag.unwrap_or_else(|| {
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            });
            let mut out = BufWriter::new(stdout.lock());
            output::render(args.format, &report, &mut out, color).and_then(|()| out.flush())
        }
    };
    if let Err(error) = written {
        let target = args
            .output
            .as_ref()
            .map_or("standard output".to_string(), |p| p.display().to_string());
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("lifelint: error: cannot write {target}: {error}");
        }
        return ExitStatus::Error;
    }
    if report.has_errors() {
        ExitStatus::Error
    } else if report.diagnostics.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    }
}
