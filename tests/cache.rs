//! The result cache of `lifelint check`: a replayed run reports exactly what a fresh
//! run reports, and everything a package's findings depend on — its files, a sibling
//! package whose summary it used, go.mod, the settings — invalidates its entry.

mod common;

use common::{stderr, stdout};

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn lifelint(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lifelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LIFELINT_CACHE_DIR", cache)
        .output()
        .unwrap()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// How many files the run's summary line says came from the cache.
fn replayed(output: &Output) -> usize {
    let err = stderr(output);
    let summary = err.lines().last().unwrap_or_default();
    summary
        .split_once(" (")
        .and_then(|(_, rest)| rest.split_once(" from cache)"))
        .map_or(0, |(n, _)| n.parse().unwrap())
}

/// Checks `dir` with the cache and without, asserts both reports are equal, and gives
/// the cached run (for its summary line) and the report.
fn check_both_ways(dir: &Path, cache: &Path, args: &[&str]) -> (Output, String) {
    let mut with = vec!["check"];
    with.extend_from_slice(args);
    let cached = lifelint(dir, cache, &with);
    with.push("--no-cache");
    let fresh = lifelint(dir, cache, &with);
    assert_eq!(stdout(&cached), stdout(&fresh), "{}", stderr(&cached));
    assert_eq!(cached.status.code(), fresh.status.code());
    (cached.clone(), stdout(&cached))
}

/// Every fixture directory: a cold run (which fills the cache), a warm run (which
/// replays it) and a run without the cache give byte-identical JSON and text reports.
#[test]
fn a_replayed_run_reports_byte_for_byte_what_a_fresh_run_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cache = TempDir::new().unwrap();
    for format in ["json", "text"] {
        let args = ["check", "./testdata/...", "--format", format];
        let fresh = lifelint(
            root,
            cache.path(),
            &[&args[..], &["--no-cache"][..]].concat(),
        );
        let cold = lifelint(root, cache.path(), &args);
        let warm = lifelint(root, cache.path(), &args);
        assert!(!stdout(&fresh).is_empty());
        assert_eq!(stdout(&cold), stdout(&fresh), "{format}: cold");
        assert_eq!(stdout(&warm), stdout(&fresh), "{format}: warm");
        assert_eq!(warm.status.code(), fresh.status.code());
        if format == "text" {
            // The warm text run says how much it replayed: every package of testdata.
            let seen = stderr(&warm);
            let files: usize = seen
                .lines()
                .last()
                .and_then(|line| line.strip_prefix("lifelint: checked "))
                .and_then(|rest| rest.split_once(' '))
                .map(|(n, _)| n.parse().unwrap())
                .unwrap();
            assert!(files > 100, "{seen}");
            assert_eq!(replayed(&warm), files, "{seen}");
            // Problems (syntax errors, bad files) are replayed too, in order.
            let problems = |output: &Output| {
                stderr(output)
                    .lines()
                    .filter(|line| !line.starts_with("lifelint: checked "))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(problems(&warm), problems(&fresh));
        }
    }
    assert!(cache.path().join("CACHEDIR.TAG").is_file());
}

const GO_MOD: &str = "module example.com/batch\n\ngo 1.22\n";

const POOL_NEVER_SETTLES: &str = "package pool

import \"sync\"

// Watch never calls Done on the WaitGroup it is given.
func Watch(wg *sync.WaitGroup, in <-chan int) {
\tfor range in {
\t}
}
";

const POOL_SETTLES: &str = "package pool

import \"sync\"

// Watch settles the WaitGroup on every path.
func Watch(wg *sync.WaitGroup, in <-chan int) {
\tdefer wg.Done()
\tfor range in {
\t}
}
";

const JOBS: &str = "package jobs

import (
\t\"sync\"

\t\"example.com/batch/pool\"
)

func Start(in <-chan int) {
\tvar wg sync.WaitGroup
\twg.Add(1)
\tgo pool.Watch(&wg, in)
\twg.Wait()
}
";

/// `jobs` gives its WaitGroup to `pool.Watch`; whether that is a missing Done depends on
/// `pool`'s body. Editing `pool` changes `jobs`' finding although no file of `jobs`
/// changed: the entry of `jobs` remembered the summary it consulted.
#[test]
fn a_changed_sibling_package_invalidates_the_packages_that_consulted_it() {
    let tree = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    write(tree.path(), "go.mod", GO_MOD);
    write(tree.path(), "pool/pool.go", POOL_NEVER_SETTLES);
    write(tree.path(), "jobs/jobs.go", JOBS);
    let args = ["./jobs", "--format", "concise"];
    let (_, first) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(first.contains("wg-done-missing"), "{first}");
    let (warm, again) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(again, first);
    assert_eq!(
        replayed(&lifelint(tree.path(), cache.path(), &["check", "./jobs"])),
        1
    );
    drop(warm);

    write(tree.path(), "pool/pool.go", POOL_SETTLES);
    let (after, report) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(!report.contains("wg-done-missing"), "{report}");
    assert_eq!(after.status.code(), Some(0));
    // And back: the new entry is invalidated in turn.
    write(tree.path(), "pool/pool.go", POOL_NEVER_SETTLES);
    let (_, back) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(back, first);
    // A new file in the consulted package counts too: it may declare the helper.
    std::fs::remove_file(tree.path().join("pool/pool.go")).unwrap();
    write(tree.path(), "pool/a.go", POOL_SETTLES);
    let (_, moved) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(!moved.contains("wg-done-missing"), "{moved}");
}

/// A module package that wraps OpenTelemetry (once it imports it).
const TRACING_WRAPPER: &str = "package tracing

import (
\t\"context\"

\t\"go.opentelemetry.io/otel\"
\t\"go.opentelemetry.io/otel/trace\"
)

func StartSpan(ctx context.Context, name string) (context.Context, trace.Span) {
\treturn otel.Tracer(\"svc\").Start(ctx, name)
}
";

/// The same package before it wrapped anything.
const TRACING_PLAIN: &str = "package tracing

import \"context\"

func StartSpan(ctx context.Context, name string) (context.Context, int) {
\treturn ctx, 0
}
";

/// A handler that starts a span through the module's wrapper and never ends it (no
/// other rule looks at the wrapper's package from here).
const HANDLER: &str = "package api

import \"example.com/svc/tracing\"

func Handle() {
\t_, span := tracing.StartSpan(nil, \"handle\")
\t_ = span
}
";

/// The span rules run in `api` only when a package it imports from the module imports a
/// tracing API (the prefilter reads that from the wrapper's bytes). When the wrapper
/// starts to wrap OpenTelemetry, `api`'s cached result must not be replayed: the
/// directory the prefilter probed is part of what the entry was computed from.
#[test]
fn a_sibling_package_that_starts_wrapping_a_tracing_api_invalidates_its_importers() {
    let tree = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    write(tree.path(), "go.mod", "module example.com/svc\n\ngo 1.22\n");
    write(tree.path(), "tracing/tracing.go", TRACING_PLAIN);
    write(tree.path(), "api/api.go", HANDLER);
    let args = ["./api", "--format", "concise"];
    let (_, before) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(!before.contains("span-end-missing"), "{before}");
    write(tree.path(), "tracing/tracing.go", TRACING_WRAPPER);
    let (_, after) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(after.contains("span-end-missing"), "{after}");
    write(tree.path(), "tracing/tracing.go", TRACING_PLAIN);
    let (_, back) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(back, before);
}

const LEAKY: &str = "package p

import \"context\"

func Leak(ctx context.Context) {
\tctx, _ = context.WithCancel(ctx)
\t_ = ctx
}
";

const LOOP: &str = "package p

import \"time\"

func Wait(jobs <-chan int) {
\tfor {
\t\tselect {
\t\tcase job := <-jobs:
\t\t\t_ = job
\t\tcase <-time.After(time.Minute):
\t\t\treturn
\t\t}
\t}
}
";

/// The package's own files (an edit, a new file, a removed file), go.mod and the
/// settings are all part of what an entry was computed from.
#[test]
fn files_go_mod_and_settings_invalidate_an_entry() {
    let tree = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    write(tree.path(), "go.mod", "module example.com/p\n\ngo 1.22\n");
    write(tree.path(), "p/loop.go", LOOP);
    let args = ["./...", "--format", "concise"];
    let (_, timers) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(timers.contains("timer-after-in-loop"), "{timers}");
    // Go 1.23 collects unstopped timers: the same unchanged file is now silent.
    write(tree.path(), "go.mod", "module example.com/p\n\ngo 1.23\n");
    let (_, newer) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(newer, "");

    write(tree.path(), "p/leak.go", LEAKY);
    let (_, added) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(added.contains("ctx-cancel-discarded"), "{added}");
    // Settings: the rule turned off, then on again.
    let (_, disabled) = check_both_ways(
        tree.path(),
        cache.path(),
        &["./...", "--format", "concise", "--disable", "ctx"],
    );
    assert_eq!(disabled, "");
    let (_, enabled) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(enabled, added);
    // An edit that removes the bug.
    let fixed = LEAKY.replace(
        "ctx, _ = context.WithCancel(ctx)",
        "ctx = context.WithoutCancel(ctx)",
    );
    write(tree.path(), "p/leak.go", &fixed);
    let (_, edited) = check_both_ways(tree.path(), cache.path(), &args);
    assert!(!edited.contains("ctx-cancel-discarded"), "{edited}");
    std::fs::remove_file(tree.path().join("p/leak.go")).unwrap();
    write(tree.path(), "p/leak.go", LEAKY);
    let (_, restored) = check_both_ways(tree.path(), cache.path(), &args);
    assert_eq!(restored, added);
}

/// An entry that is not valid (a crash, a disk error, another version's layout) is a
/// miss; a cache that cannot be written costs a warning, never a finding.
#[test]
fn a_broken_entry_is_a_miss_and_an_unwritable_cache_a_warning() {
    let tree = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    write(tree.path(), "p/leak.go", LEAKY);
    let (_, first) = check_both_ways(tree.path(), cache.path(), &["--format", "concise"]);
    assert!(first.contains("ctx-cancel-discarded"));
    let mut broken = 0;
    for entry in walkdir::WalkDir::new(cache.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|ext| ext == "json") {
            std::fs::write(entry.path(), "{\"format\": 1, \"run\": ").unwrap();
            broken += 1;
        }
    }
    assert_eq!(broken, 1);
    let again = lifelint(tree.path(), cache.path(), &["check"]);
    assert_eq!(replayed(&again), 0, "{}", stderr(&again));
    assert!(stdout(&again).contains("ctx-cancel-discarded"));
    let replay = lifelint(tree.path(), cache.path(), &["check"]);
    assert_eq!(replayed(&replay), 1, "{}", stderr(&replay));

    // A regular file where the cache directory should be.
    let blocked = cache.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let output = lifelint(tree.path(), &blocked, &["check", "--format", "concise"]);
    assert_eq!(stdout(&output), first);
    assert_eq!(output.status.code(), Some(1));
    let warning = stderr(&output);
    assert_eq!(
        warning.matches("result cache not used").count(),
        1,
        "{warning}"
    );
    assert!(warning.starts_with("lifelint: warning: "), "{warning}");
}

/// `--no-cache` neither reads nor writes: the cache directory is never created.
#[test]
fn no_cache_writes_nothing() {
    let tree = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    write(tree.path(), "p/leak.go", LEAKY);
    let place = cache.path().join("unused");
    let output = lifelint(tree.path(), &place, &["check", "--no-cache"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!place.exists());
    let output = lifelint(
        tree.path(),
        &place,
        &["check", "--cache-dir", place.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(place.join("CACHEDIR.TAG").is_file());
}
