//! The CI-gate options, end to end against the built binary: several
//! `--format NAME[=PATH]` reports from one run, and `--new-from-rev REV`
//! against a real git repository built in the test.

mod common;

use common::{stderr, stdout};

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// A finding on line 6 (`ctx-cancel-discarded`, column 12).
const BUGGY: &str = "package p

import \"context\"

func leak(parent context.Context) context.Context {
\tctx, _ := context.WithCancel(parent)
\treturn ctx
}
";

const CLEAN: &str = "package p

import \"context\"

func fine(parent context.Context) (context.Context, context.CancelFunc) {
\treturn context.WithCancel(parent)
}
";

fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        write(dir.path(), path, contents);
    }
    dir
}

fn write(root: &Path, path: &str, contents: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn lifelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lifelint"))
        .args(args)
        .current_dir(dir)
        .env("LIFELINT_CACHE_DIR", common::CACHE_DIR)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn several_formats_in_one_run_match_single_format_runs() {
    let dir = tree(&[("a.go", BUGGY), ("b.go", CLEAN)]);
    let text = lifelint(dir.path(), &["check", "--format", "text"]);
    let sarif = lifelint(dir.path(), &["check", "--format", "sarif"]);
    let json = lifelint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(text.status.code(), Some(1));
    assert!(stdout(&sarif).contains("\"version\": \"2.1.0\""));

    let both = lifelint(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif=lifelint.sarif",
            "--format",
            "text",
        ],
    );
    assert_eq!(both.status.code(), Some(1), "{}", stderr(&both));
    assert_eq!(stdout(&both), stdout(&text));
    let file = std::fs::read_to_string(dir.path().join("lifelint.sarif")).unwrap();
    assert_eq!(file, stdout(&sarif));

    // Entries without a path go to --output; entries with one go to their file.
    let three = lifelint(
        dir.path(),
        &[
            "check",
            "--format=json=out/report.json",
            "--format",
            "sarif=s.sarif",
            "--format",
            "text",
            "--output",
            "report.txt",
        ],
    );
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    // out/ did not exist at first: the write failed and the run says so.
    assert_eq!(three.status.code(), Some(2));
    assert!(
        stderr(&three).contains("cannot write out/report.json"),
        "{}",
        stderr(&three)
    );
    let three = lifelint(
        dir.path(),
        &[
            "check",
            "--format=json=out/report.json",
            "--format",
            "sarif=s.sarif",
            "--format",
            "text",
            "--output",
            "report.txt",
        ],
    );
    assert_eq!(three.status.code(), Some(1), "{}", stderr(&three));
    assert_eq!(stdout(&three), "");
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert_eq!(read("out/report.json"), stdout(&json));
    assert_eq!(read("s.sarif"), stdout(&sarif));
    assert_eq!(read("report.txt"), stdout(&text));
}

#[test]
fn format_without_path_works_as_before() {
    let dir = tree(&[("a.go", BUGGY)]);
    let json = lifelint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(value.is_object());
    let default = lifelint(dir.path(), &["check"]);
    let text = lifelint(dir.path(), &["check", "--format", "TEXT"]);
    assert_eq!(stdout(&default), stdout(&text));
    assert!(stdout(&default).contains("a.go:6:12"));
}

#[test]
fn bad_format_entries_exit_2_with_a_clear_message() {
    let dir = tree(&[("a.go", BUGGY)]);
    let bad = lifelint(dir.path(), &["check", "--format", "yaml=out.yaml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains(
            "unknown format `yaml`; expected one of text, concise, json, sarif, github, \
             checkstyle, gitlab, rdjson, junit (optionally =PATH)"
        ),
        "{}",
        stderr(&bad)
    );
    assert!(!dir.path().join("out.yaml").exists());

    let empty = lifelint(dir.path(), &["check", "--format", "sarif="]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("no file after `=`"),
        "{}",
        stderr(&empty)
    );

    let twice = lifelint(
        dir.path(),
        &["check", "--format", "json", "--format", "text"],
    );
    assert_eq!(twice.status.code(), Some(2));
    assert_eq!(
        stderr(&twice),
        "lifelint: error: two --format entries write to standard output\n"
    );
}

// ---- --new-from-rev ----

fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

/// Runs git in `dir` with a fixed identity and no user or system config.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "lifelint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "lifelint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `path:line` of each finding, from GitHub annotations.
fn findings(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("::error file=")?;
            let (path, rest) = rest.split_once(",line=")?;
            let line = rest.split(',').next()?;
            Some(format!("{path}:{line}"))
        })
        .collect()
}

/// A second function with its finding on line 11 when appended to BUGGY.
const MORE: &str = "
func leak2(parent context.Context) context.Context {
\tctx, _ := context.WithTimeout(parent, 1e9)
\treturn ctx
}
";

#[test]
fn new_from_rev_reports_only_new_lines() {
    if !have_git() {
        eprintln!("note: git is not installed; skipping new_from_rev_reports_only_new_lines");
        return;
    }
    let dir = tree(&[
        ("a.go", BUGGY),
        ("old.go", &BUGGY.replace("leak(", "leakOld(")),
        ("sub/s.go", CLEAN),
        ("c.go", CLEAN),
    ]);
    let root = dir.path();
    git(root, &["init", "--quiet"]);
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "base"]);
    let base = git(root, &["rev-parse", "HEAD"]).trim().to_string();

    // Committed after base: a pure rename of a file with an old finding.
    git(root, &["mv", "old.go", "renamed.go"]);
    git(root, &["commit", "--quiet", "-m", "rename"]);
    // Uncommitted: a new finding below an old one, a finding in a changed
    // line of a file elsewhere, an untracked file, a deleted file.
    write(root, "a.go", &format!("{BUGGY}{MORE}"));
    write(root, "sub/s.go", &format!("{CLEAN}{MORE}"));
    write(root, "fresh.go", &BUGGY.replace("leak(", "leakFresh("));
    write(root, "sub/t.go", &BUGGY.replace("leak(", "leakSub("));
    std::fs::remove_file(root.join("c.go")).unwrap();

    let all = lifelint(root, &["check", "--format", "github"]);
    assert_eq!(
        findings(&all),
        [
            "a.go:6",
            "a.go:11",
            "fresh.go:6",
            "renamed.go:6",
            "sub/s.go:10",
            "sub/t.go:6"
        ]
    );

    let new = lifelint(
        root,
        &["check", "--format", "github", "--new-from-rev", &base],
    );
    assert_eq!(new.status.code(), Some(1), "{}", stderr(&new));
    assert_eq!(
        findings(&new),
        ["a.go:11", "fresh.go:6", "sub/s.go:10", "sub/t.go:6"]
    );

    // From a subdirectory: paths relative to the working directory still match
    // git's paths relative to the repository root.
    let sub = lifelint(
        &root.join("sub"),
        &["check", "--format", "github", "--new-from-rev", &base],
    );
    assert_eq!(findings(&sub), ["s.go:10", "t.go:6"]);

    // Named files, as pre-commit passes them.
    let named = lifelint(
        root,
        &[
            "check",
            "a.go",
            "renamed.go",
            "--format",
            "github",
            "--new-from-rev",
            "HEAD",
        ],
    );
    assert_eq!(findings(&named), ["a.go:11"]);

    // Nothing new since the working tree was committed: clean, exit 0.
    git(root, &["add", "-A"]);
    git(root, &["commit", "--quiet", "-m", "more"]);
    let clean = lifelint(root, &["check", "--new-from-rev", "HEAD"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn new_from_rev_git_errors_exit_2_on_one_line() {
    if !have_git() {
        eprintln!(
            "note: git is not installed; skipping new_from_rev_git_errors_exit_2_on_one_line"
        );
        return;
    }
    let dir = tree(&[("a.go", BUGGY)]);
    let outside = lifelint(dir.path(), &["check", "--new-from-rev", "HEAD"]);
    // A temporary directory is normally outside any repository.
    if git_toplevel(dir.path()).is_none() {
        assert_eq!(outside.status.code(), Some(2));
        let err = stderr(&outside);
        assert!(err.starts_with("lifelint: error: git "), "{err}");
        assert!(err.contains("not a git repository"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "base"]);
    let bad = lifelint(dir.path(), &["check", "--new-from-rev", "no-such-rev"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(err.starts_with("lifelint: error: git diff: "), "{err}");
    assert!(err.contains("no-such-rev"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(stdout(&bad), "");

    let option = lifelint(dir.path(), &["check", "--new-from-rev=--output=x"]);
    assert_eq!(option.status.code(), Some(2));
    assert!(stderr(&option).contains("is not a revision"));
}

fn git_toplevel(dir: &Path) -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
