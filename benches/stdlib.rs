//! Throughput and peak memory of lifelint on a large Go tree (the Go standard
//! library by default): `cargo bench --bench stdlib -- [DIR] [--runs N]`.
//!
//! Three modes, each in its own child process (this binary re-run with the
//! hidden `--mode`) so that each peak RSS (the child's own `VmHWM`) is its own:
//! `parse` (the floor: walk, read, parse and one cursor walk of every tree on
//! all cores), `check` (`lifelint::check` with every rule) and
//! `check-noprefilter` (the same with the prefilter off). Each child runs its
//! mode `--runs` times and reports the best wall time. The parent then checks
//! in-process that the prefilter changes no finding. See benches/README.md.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lifelint::engine::{generated, parse, walk};
use lifelint::{Report, Settings};
use rayon::prelude::*;

const DEFAULT_DIR: &str = "/usr/lib/go-1.19/src";
const MODES: [(&str, &str); 4] = [
    ("parse", "(a) walk+read+parse+cursor walk"),
    ("check", "(b) check, all rules"),
    ("check-noprefilter", "(c) check, prefilter off"),
    ("check-cached", "(d) check, cache filled"),
];
const RESULT_TAG: &str = "lifelint-bench-result";

/// What one mode measured; `bytes` is known only to `parse`.
struct Outcome {
    seen: usize,
    parsed: usize,
    bytes: u64,
    findings: usize,
    best: Duration,
    peak_kb: Option<u64>,
}

fn main() {
    let (mut dir, mut runs, mut mode) = (DEFAULT_DIR.to_string(), 3usize, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {} // appended by `cargo bench`
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--mode" => mode = Some(args.next().expect("--mode parse|check|check-noprefilter")),
            flag if flag.starts_with("--") => panic!("unknown flag {flag}"),
            _ => dir = arg.trim_end_matches('/').to_string(),
        }
    }
    assert!(runs > 0, "--runs must be at least 1");
    assert!(
        Path::new(&dir).is_dir(),
        "{dir} is not a directory (pass DIR)"
    );
    match mode {
        Some(mode) => child(&mode, &dir, runs),
        None => parent(&dir, runs),
    }
}

/// Runs one mode `runs` times and prints its result line for the parent.
fn child(mode: &str, dir: &str, runs: usize) {
    let pattern = [format!("{dir}/...")];
    let mut best = Duration::MAX;
    let mut last = (0, 0, 0, 0);
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    let cached = Settings {
        cache_dir: Some(cache.path().to_path_buf()),
        ..Settings::default()
    };
    if mode == "check-cached" {
        // The run that fills the cache is not timed.
        lifelint::check(&pattern, &cached);
    }
    for _ in 0..runs {
        let start = Instant::now();
        last = match mode {
            "parse" => baseline(&pattern),
            "check" => counts(&lifelint::check(&pattern, &Settings::default())),
            "check-noprefilter" => counts(&lifelint::check(&pattern, &no_prefilter())),
            "check-cached" => counts(&lifelint::check(&pattern, &cached)),
            other => panic!("unknown mode {other}"),
        };
        best = best.min(start.elapsed());
    }
    let peak = peak_kb().map_or("-".to_string(), |kb| kb.to_string());
    let (seen, parsed, bytes, findings) = last;
    let nanos = best.as_nanos();
    println!("{RESULT_TAG} {seen} {parsed} {bytes} {findings} {nanos} {peak}");
}

fn no_prefilter() -> Settings {
    Settings {
        prefilter: false,
        ..Settings::default()
    }
}

fn counts(report: &Report) -> (usize, usize, u64, usize) {
    (
        report.files_seen,
        report.files_parsed,
        0,
        report.diagnostics.len(),
    )
}

/// The floor: the same walk and file set as `check`, minus the rules.
fn baseline(pattern: &[String]) -> (usize, usize, u64, usize) {
    let (packages, _problems) = walk::expand(pattern);
    let jobs: Vec<&walk::FileJob> = packages.iter().flat_map(|p| &p.files).collect();
    let (seen, parsed, bytes, nodes) = jobs
        .par_iter()
        .map(|job| {
            let Ok(text) = std::fs::read_to_string(&job.path) else {
                return (0, 0, 0, 0);
            };
            if generated::is_generated(&text) {
                return (0, 0, 0, 0);
            }
            let nodes = parse::parse(&text).map_or(0, |tree| count_nodes(&tree));
            (1, usize::from(nodes > 0), text.len() as u64, nodes)
        })
        .reduce(
            || (0, 0, 0, 0),
            |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3),
        );
    std::hint::black_box(nodes);
    (seen, parsed, bytes, 0)
}

/// Visits every node of `tree` once with a `TreeCursor`.
fn count_nodes(tree: &tree_sitter::Tree) -> usize {
    let mut cursor = tree.walk();
    let mut nodes = 0;
    loop {
        nodes += 1;
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return nodes;
            }
        }
    }
}

/// This process's peak resident set (`VmHWM`) in kB, where /proc exists.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_child(mode: &str, dir: &str, runs: usize) -> Outcome {
    let exe = std::env::current_exe().expect("path of the bench binary");
    let output = Command::new(exe)
        .args(["--mode", mode, "--runs", &runs.to_string(), dir])
        .stderr(Stdio::inherit())
        .output()
        .expect("re-run the bench binary");
    assert!(
        output.status.success(),
        "mode {mode} failed: {}",
        output.status
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix(RESULT_TAG));
    let fields: Vec<&str> = line
        .expect("child printed no result")
        .split_whitespace()
        .collect();
    let num = |i: usize| fields[i].parse::<u64>().expect("numeric result field");
    Outcome {
        seen: num(0) as usize,
        parsed: num(1) as usize,
        bytes: num(2),
        findings: num(3) as usize,
        best: Duration::from_nanos(num(4)),
        peak_kb: fields[5].parse().ok(),
    }
}

fn parent(dir: &str, runs: usize) {
    let threads = rayon::current_num_threads();
    println!("lifelint stdlib bench: {dir}/... , best of {runs} run(s), {threads} threads");
    let outcomes: Vec<Outcome> = MODES.iter().map(|(m, _)| run_child(m, dir, runs)).collect();
    let mib = outcomes[0].bytes as f64 / 1_048_576.0;
    println!(
        "{:<34} {:>11} {:>8} {:>9} {:>8} {:>9} {:>10}",
        "mode", "seen/parsed", "MiB", "wall s", "MiB/s", "vs (a)", "peak MB"
    );
    for ((_, label), o) in MODES.iter().zip(&outcomes) {
        let secs = o.best.as_secs_f64();
        let ratio = secs / outcomes[0].best.as_secs_f64();
        let peak = o.peak_kb.map_or("n/a".into(), |kb| {
            format!("{:.1}", kb as f64 * 1.024 / 1000.0)
        });
        let files = format!("{}/{}", o.seen, o.parsed);
        println!(
            "{label:<34} {files:>11} {mib:>8.1} {secs:>9.3} {:>8.1} {ratio:>8.2}x {peak:>10}",
            mib / secs
        );
    }
    let (check, noprefilter, cached) = (&outcomes[1], &outcomes[2], &outcomes[3]);
    println!(
        "findings: (b) {}, (c) {}, (d) {}",
        check.findings, noprefilter.findings, cached.findings
    );
    println!(
        "(b)/(a) = {:.2}x, (c)/(a) = {:.2}x, (d)/(b) = {:.3}x",
        check.best.as_secs_f64() / outcomes[0].best.as_secs_f64(),
        noprefilter.best.as_secs_f64() / outcomes[0].best.as_secs_f64(),
        cached.best.as_secs_f64() / check.best.as_secs_f64()
    );
    println!(
        "targets: (b)/(a) <= 1.40x is the minimum, < 1.00x the goal; (d)/(b) <= 0.1x; peak RSS < 300 MB"
    );
    same_findings(dir);
    same_when_cached(dir);
}

/// Panics unless a run replayed from the cache reports what a fresh run reports.
fn same_when_cached(dir: &str) {
    let pattern = [format!("{dir}/...")];
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    let cached = Settings {
        cache_dir: Some(cache.path().to_path_buf()),
        ..Settings::default()
    };
    let fresh = lifelint::check(&pattern, &Settings::default());
    let cold = lifelint::check(&pattern, &cached);
    let warm = lifelint::check(&pattern, &cached);
    assert!(warm.files_replayed > 0, "nothing was replayed");
    // The JSON report holds every field of a finding (severity, function, fix).
    let json = |report: &Report| {
        let mut out = Vec::new();
        lifelint::output::render(lifelint::output::Format::Json, report, &mut out, false)
            .expect("render JSON");
        out
    };
    for (name, report) in [("cold", &cold), ("warm", &warm)] {
        assert!(
            json(report) == json(&fresh)
                && report.problems == fresh.problems
                && report.files_seen == fresh.files_seen,
            "the {name} cached run differs from a fresh run"
        );
    }
    println!(
        "cache: identical findings ({}), problems and counts; {} files replayed",
        warm.diagnostics.len(),
        warm.files_replayed
    );
}

/// Panics unless the prefilter leaves every finding unchanged.
fn same_findings(dir: &str) {
    let pattern = [format!("{dir}/...")];
    let with = lifelint::check(&pattern, &Settings::default()).diagnostics;
    let without = lifelint::check(&pattern, &no_prefilter()).diagnostics;
    if with == without {
        println!("prefilter on/off: identical findings ({})", with.len());
        return;
    }
    let show = |d: &lifelint::Diagnostic| {
        format!(
            "{}:{:?} {} {}",
            d.file.display, d.span, d.rule.id, d.message
        )
    };
    let only_with: Vec<String> = with
        .iter()
        .filter(|d| !without.contains(d))
        .map(show)
        .collect();
    let only_without: Vec<String> = without
        .iter()
        .filter(|d| !with.contains(d))
        .map(show)
        .collect();
    panic!(
        "the prefilter changed the findings: {} with it, {} without it\n\
         only with the prefilter: {only_with:#?}\nonly without it: {only_without:#?}",
        with.len(),
        without.len()
    );
}
