//! `lifelint.toml`, end to end, against the built binary on temporary trees:
//! lookup upward from a subdirectory, the stop at `.git`, `--config`, strict
//! keys and malformed files (exit 2, one line), rule selection and its
//! precedence with the flags, severity overrides in every format, `exclude`.

mod common;

use common::{stderr, stdout};

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// One `ctx-cancel-discarded` finding (default severity: error) at 6:12.
const BUGGY: &str = "package p

import \"context\"

func leak(parent context.Context) context.Context {
\tctx, _ := context.WithCancel(parent)
\treturn ctx
}
";

/// A temporary tree from `(relative path, contents)` pairs.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
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

/// `(rule, severity)` of every finding in `--format json` output.
fn json_findings(output: &Output) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const DISABLE: &str = "disable = [\"ctx-cancel-discarded\"]\n";

#[test]
fn found_upward_from_a_subdirectory() {
    let dir = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("lifelint.toml", DISABLE),
        ("pkg/inner/a.go", BUGGY),
    ]);
    let output = lifelint(&dir.path().join("pkg/inner"), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    // Without the file, the same run finds the bug.
    std::fs::remove_file(dir.path().join("lifelint.toml")).unwrap();
    let output = lifelint(&dir.path().join("pkg/inner"), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn lookup_stops_at_the_repository_root() {
    // The config above the repository (the directory with `.git`) is not read.
    let dir = tree(&[
        ("lifelint.toml", DISABLE),
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/sub/a.go", BUGGY),
    ]);
    let output = lifelint(&dir.path().join("repo/sub"), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // `.git` may also be a file (worktrees, submodules).
    let dir = tree(&[
        ("lifelint.toml", DISABLE),
        ("repo/.git", "gitdir: ../elsewhere\n"),
        ("repo/a.go", BUGGY),
    ]);
    let output = lifelint(&dir.path().join("repo"), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // A config in the repository root itself is read.
    let dir = tree(&[
        ("repo/lifelint.toml", DISABLE),
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/sub/a.go", BUGGY),
    ]);
    let output = lifelint(&dir.path().join("repo/sub"), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn config_flag_overrides_the_lookup() {
    let dir = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        // Would be found, but --config wins; its unknown key would otherwise fail the run.
        ("lifelint.toml", "nonsense = true\n"),
        ("configs/quiet.toml", DISABLE),
        ("a.go", BUGGY),
    ]);
    let output = lifelint(dir.path(), &["check", "--config", "configs/quiet.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = lifelint(dir.path(), &["check"]);
    assert_eq!(found.status.code(), Some(2));
    let missing = lifelint(dir.path(), &["check", "--config", "nowhere.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "lifelint: error: nowhere.toml: no such file or directory\n"
    );
}

#[test]
fn unknown_key_is_an_error_naming_key_and_file() {
    let dir = tree(&[
        (".git/HEAD", ""),
        (
            "lifelint.toml",
            "enable = [\"ctx\"]\n\n[span]\nstrat = [\"x.Y\"]\n",
        ),
        ("a.go", BUGGY),
    ]);
    let output = lifelint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("lifelint: error: lifelint.toml:4:1: unknown field `strat`"),
        "{err}"
    );
}

#[test]
fn malformed_toml_and_bad_values_exit_2() {
    for (text, wanted) in [
        ("enable = [\"ctx\"\n", "lifelint.toml:"),
        ("enable = \"ctx\"\n", "invalid type"),
        ("enable = [\"ctx-nope\"]\n", "ctx-nope"),
        ("[severity]\nctx-cancel-discarded = \"fatal\"\n", "fatal"),
        ("exclude = [\"a/[\"]\n", "a/["),
        ("[ctx]\ncancel = [\"NoPackage\"]\n", "NoPackage"),
    ] {
        let dir = tree(&[(".git/HEAD", ""), ("lifelint.toml", text), ("a.go", BUGGY)]);
        let output = lifelint(dir.path(), &["check"]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("lifelint: error: lifelint.toml"), "{err}");
        assert!(err.contains(wanted), "{text}: {err}");
    }
}

#[test]
fn selection_from_the_file_and_the_flags() {
    let dir = tree(&[
        (".git/HEAD", ""),
        ("lifelint.toml", "disable = [\"ctx\"]\n"),
        ("a.go", BUGGY),
    ]);
    // The file disables the family...
    assert_eq!(lifelint(dir.path(), &["check"]).status.code(), Some(0));
    // ...`--enable` replaces the file's selection...
    let enabled = lifelint(dir.path(), &["check", "--enable", "ctx-cancel-discarded"]);
    assert_eq!(enabled.status.code(), Some(1), "{}", stderr(&enabled));
    // ...and `--disable` removes from whatever is selected.
    let dir = tree(&[
        (".git/HEAD", ""),
        ("lifelint.toml", "enable = [\"ctx\"]\n"),
        ("a.go", BUGGY),
    ]);
    assert_eq!(lifelint(dir.path(), &["check"]).status.code(), Some(1));
    let disabled = lifelint(dir.path(), &["check", "--disable", "ctx-cancel-discarded"]);
    assert_eq!(disabled.status.code(), Some(0), "{}", stderr(&disabled));
}

#[test]
fn severity_override_reaches_every_format() {
    let dir = tree(&[
        (".git/HEAD", ""),
        (
            "lifelint.toml",
            "[severity]\nctx-cancel-discarded = \"note\"\n",
        ),
        ("a.go", BUGGY),
    ]);
    let json = lifelint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    assert_eq!(
        json_findings(&json),
        vec![("ctx-cancel-discarded".to_string(), "note".to_string())]
    );
    let sarif = lifelint(dir.path(), &["check", "--format", "sarif"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = value["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "ctx-cancel-discarded");
    assert_eq!(results[0]["level"], "note");
    let text = lifelint(dir.path(), &["check", "--format", "text"]);
    assert!(
        stdout(&text).starts_with("note[ctx-cancel-discarded]"),
        "{}",
        stdout(&text)
    );
    let github = lifelint(dir.path(), &["check", "--format", "github"]);
    assert!(
        stdout(&github).starts_with("::notice "),
        "{}",
        stdout(&github)
    );
    // Without the override the default severity is reported.
    std::fs::remove_file(dir.path().join("lifelint.toml")).unwrap();
    let json = lifelint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        json_findings(&json),
        vec![("ctx-cancel-discarded".to_string(), "error".to_string())]
    );
}

#[test]
fn exclude_globs_skip_files() {
    let dir = tree(&[
        (".git/HEAD", ""),
        (
            "lifelint.toml",
            "exclude = [\"vendor2/**\", \"**/*_gen.go\"]\n",
        ),
        ("a.go", BUGGY),
        ("vendor2/lib/b.go", BUGGY),
        ("deep/c_gen.go", BUGGY),
        ("deep/d.go", BUGGY),
    ]);
    // Globs are relative to the config file's directory, wherever the run starts.
    for (cwd, wanted) in [(".", vec!["a.go", "deep/d.go"]), ("deep", vec!["d.go"])] {
        let output = lifelint(&dir.path().join(cwd), &["check", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let paths: Vec<&str> = value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, wanted, "from {cwd}");
    }
}

/// A helper package `example.com/mypkg` and a user of it, in one module.
fn helpers_tree(config: Option<&str>, user: &str) -> TempDir {
    let mut files = vec![
        (".git/HEAD", ""),
        ("go.mod", "module example.com\n\ngo 1.22\n"),
        (
            "mypkg/mypkg.go",
            "package mypkg

import (
\t\"context\"
\t\"time\"
)

type Span struct{}

func (Span) End() {}

func (Span) SetName(string) {}

func WithTimeout(parent context.Context, d time.Duration) (context.Context, func()) {
\treturn context.WithTimeout(parent, d)
}

func StartSpan(ctx context.Context, name string) (context.Context, Span) {
\treturn ctx, Span{}
}

func EndSpan(span Span) { span.End() }

func Begin(ctx context.Context, name string) (context.Context, Span) {
\treturn ctx, Span{}
}
",
        ),
        ("user/user.go", user),
    ];
    if let Some(config) = config {
        files.push(("lifelint.toml", config));
    }
    tree(&files)
}

/// `(rule, line)` of every finding in `--format json` output.
fn rules_and_lines(output: &Output) -> Vec<(String, u64)> {
    let value: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn configured_cancel_helper_is_a_cancel_constructor() {
    let user = "package user

import (
\t\"context\"
\t\"time\"

\t\"example.com/mypkg\"
)

func leak(parent context.Context, d time.Duration) context.Context {
\tctx, _ := mypkg.WithTimeout(parent, d)
\treturn ctx
}

func notCalled(parent context.Context, d time.Duration) error {
\tctx, cancel := mypkg.WithTimeout(parent, d)
\tif d > time.Second {
\t\tcancel()
\t}
\treturn ctx.Err()
}

func other(parent context.Context, d time.Duration) context.Context {
\tctx, _ := mypkg.StartSpan(parent, \"not a cancel helper\")
\treturn ctx
}
";
    let quiet = lifelint(
        helpers_tree(None, user).path(),
        &["check", "--format", "json"],
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    for config in [
        "[ctx]\ncancel = [\"mypkg.WithTimeout\"]\n",
        "[ctx]\ncancel = [\"example.com/mypkg.WithTimeout\"]\n",
    ] {
        let dir = helpers_tree(Some(config), user);
        let output = lifelint(dir.path(), &["check", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let findings = rules_and_lines(&output);
        assert_eq!(
            findings,
            vec![
                ("ctx-cancel-discarded".to_string(), 11),
                ("ctx-cancel-not-called".to_string(), 16),
            ],
            "{config}"
        );
    }
    // A name of another package does not match.
    let dir = helpers_tree(Some("[ctx]\ncancel = [\"otherpkg.WithTimeout\"]\n"), user);
    let output = lifelint(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn configured_span_start_must_be_ended() {
    let user = "package user

import (
\t\"context\"

\tm \"example.com/mypkg\"
)

func missing(ctx context.Context) {
\t_, span := m.StartSpan(ctx, \"x\")
\tspan.SetName(\"y\")
}

func ended(ctx context.Context) {
\t_, span := m.StartSpan(ctx, \"x\")
\tdefer span.End()
}

func endedByHelper(ctx context.Context) {
\t_, span := m.StartSpan(ctx, \"x\")
\tdefer m.EndSpan(span)
}
";
    let quiet = lifelint(
        helpers_tree(None, user).path(),
        &["check", "--format", "json"],
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    // By import path element, by local name, with the end helper named or not.
    for config in [
        "[span]\nstart = [\"mypkg.StartSpan\"]\nend = [\"mypkg.EndSpan\"]\n",
        "[span]\nstart = [\"m.StartSpan\"]\n",
    ] {
        let dir = helpers_tree(Some(config), user);
        let output = lifelint(dir.path(), &["check", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(
            rules_and_lines(&output),
            vec![("span-end-missing".to_string(), 10)],
            "{config}"
        );
    }
}

/// The prefilter reads a file for a family when the file names one of the family's
/// configured helpers, even without the import or trigger the family otherwise needs:
/// no `context` import here, and no `Start` in the span helper's name.
#[test]
fn configured_helpers_are_found_in_files_the_prefilter_would_skip() {
    let user = "package user

import (
\t\"net/http\"
\t\"time\"

\t\"example.com/mypkg\"
)

func handle(w http.ResponseWriter, r *http.Request) {
\tctx, _ := mypkg.WithTimeout(r.Context(), time.Second)
\t_, span := mypkg.Begin(ctx, \"handle\")
\tspan.SetName(\"x\")
}
";
    let config = "[ctx]\ncancel = [\"mypkg.WithTimeout\"]\n\n[span]\nstart = [\"mypkg.Begin\"]\n";
    let dir = helpers_tree(Some(config), user);
    for extra in [&[][..], &["--no-prefilter"][..]] {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let output = lifelint(dir.path(), &args);
        assert_eq!(
            rules_and_lines(&output),
            vec![
                ("ctx-cancel-discarded".to_string(), 11),
                ("span-end-missing".to_string(), 12),
            ],
            "{extra:?}: {}",
            stderr(&output)
        );
    }
}

/// `span-end-deferred-in-loop` knows spans from configured starts (by the declaring
/// call) and configured end helpers.
#[test]
fn configured_span_helpers_in_loops() {
    let user = "package user

import (
\t\"context\"

\t\"example.com/mypkg\"
)

func each(ctx context.Context, names []string) {
\tfor _, name := range names {
\t\t_, span := mypkg.StartSpan(ctx, name)
\t\tdefer span.End()
\t}
\tfor _, name := range names {
\t\t_, span := mypkg.StartSpan(ctx, name)
\t\tdefer mypkg.EndSpan(span)
\t}
\tfor _, name := range names {
\t\tfunc() {
\t\t\t_, span := mypkg.StartSpan(ctx, name)
\t\t\tdefer mypkg.EndSpan(span)
\t\t}()
\t}
}
";
    let quiet = lifelint(
        helpers_tree(None, user).path(),
        &["check", "--format", "json"],
    );
    assert_eq!(rules_and_lines(&quiet), vec![], "{}", stdout(&quiet));
    let config = "[span]\nstart = [\"mypkg.StartSpan\"]\nend = [\"mypkg.EndSpan\"]\n";
    let output = lifelint(
        helpers_tree(Some(config), user).path(),
        &["check", "--format", "json"],
    );
    assert_eq!(
        rules_and_lines(&output),
        vec![
            ("span-end-deferred-in-loop".to_string(), 12),
            ("span-end-deferred-in-loop".to_string(), 16),
        ],
        "{}",
        stdout(&output)
    );
}
