//! The command line, end to end, against the built binary on temporary trees:
//! patterns and skips, exit statuses, bad input (one line on stderr, the run
//! goes on), output formats and `--output`, rule selection, determinism across
//! thread counts, and the `rules`/`explain` subcommands.

mod common;

use common::{stderr, stdout};

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

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

/// A temporary tree from `(relative path, contents)` pairs.
fn tree(files: &[(&str, &[u8])]) -> TempDir {
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
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Stderr without the `lifelint: checked N files in X.XXs: M findings` line that ends
/// every text run (its time varies); asserts the line is there, last, and well formed.
fn stderr_before_summary(output: &Output) -> String {
    let err = stderr(output);
    let body = err.trim_end_matches('\n');
    let (before, last) = body.rsplit_once('\n').unwrap_or(("", body));
    let rest = last
        .strip_prefix("lifelint: checked ")
        .unwrap_or_else(|| panic!("no run summary at the end of stderr: {err}"));
    let (files, rest) = rest.split_once(" in ").unwrap();
    let (seconds, findings) = rest.split_once("s: ").unwrap();
    // `12 files (9 from cache)` when the result cache replayed some packages.
    let files = match files.split_once(" (") {
        Some((files, cached)) => {
            let replayed = cached
                .strip_suffix(" from cache)")
                .unwrap_or_else(|| panic!("{err}"));
            assert!(replayed.parse::<usize>().is_ok(), "{err}");
            files
        }
        None => files,
    };
    assert!(
        files.ends_with(" file") || files.ends_with(" files"),
        "{err}"
    );
    assert!(seconds.parse::<f64>().is_ok(), "{err}");
    assert!(
        findings.ends_with(" finding") || findings.ends_with(" findings"),
        "{err}"
    );
    if before.is_empty() {
        String::new()
    } else {
        format!("{before}\n")
    }
}

#[test]
fn exit_status_is_0_clean_1_findings_2_errors() {
    let dir = tree(&[
        ("clean/a.go", CLEAN.as_bytes()),
        ("buggy/a.go", BUGGY.as_bytes()),
    ]);
    let clean = lifelint(dir.path(), &["check", "./clean"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(stdout(&clean), "");
    assert_eq!(stderr_before_summary(&clean), "");
    assert!(
        stderr(&clean).starts_with("lifelint: checked 1 file in "),
        "{}",
        stderr(&clean)
    );
    assert!(stderr(&clean).ends_with("s: 0 findings\n"));
    // Machine formats keep stderr for problems only.
    let json = lifelint(dir.path(), &["check", "./clean", "--format", "json"]);
    assert_eq!(stderr(&json), "");
    let buggy = lifelint(dir.path(), &["check"]);
    assert_eq!(buggy.status.code(), Some(1));
    assert!(
        stdout(&buggy).contains("buggy/a.go:6:12"),
        "{}",
        stdout(&buggy)
    );
    let missing = lifelint(dir.path(), &["check", "./nowhere/...", "./buggy"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr_before_summary(&missing),
        "lifelint: error: nowhere: no such file or directory\n"
    );
    // `./buggy` was checked by the run before: its result comes from the cache.
    assert!(
        stderr(&missing).contains("lifelint: checked 1 file (1 from cache) in "),
        "{}",
        stderr(&missing)
    );
    assert!(
        stdout(&missing).contains("ctx-cancel-discarded"),
        "other packages are still checked"
    );
}

#[test]
fn recursive_walks_skip_what_go_build_skips() {
    let dir = tree(&[
        ("a.go", BUGGY.as_bytes()),
        ("vendor/v/a.go", BUGGY.as_bytes()),
        ("testdata/t/a.go", BUGGY.as_bytes()),
        (".hidden/a.go", BUGGY.as_bytes()),
        ("_skip/a.go", BUGGY.as_bytes()),
        ("_ignored.go", BUGGY.as_bytes()),
        ("sub/deeper/a.go", BUGGY.as_bytes()),
    ]);
    let json = lifelint(dir.path(), &["check", "./...", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.go", "sub/deeper/a.go"]);
    // Naming a skipped folder as the pattern's root checks it, as the go command does.
    let explicit = lifelint(dir.path(), &["check", "testdata/...", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&explicit.stdout).unwrap();
    assert_eq!(report["findings"][0]["path"], "testdata/t/a.go");
    // A directory pattern is that package only: `sub` holds no Go file itself, and a
    // pattern that matches nothing is an error, as `go build ./sub` says "no Go files".
    let shallow = lifelint(dir.path(), &["check", "sub", "--format", "json"]);
    assert_eq!(shallow.status.code(), Some(2), "{}", stderr(&shallow));
    assert_eq!(
        stderr(&shallow),
        "lifelint: error: sub: pattern matched no Go files\n"
    );
    let report: serde_json::Value = serde_json::from_slice(&shallow.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn file_patterns_report_only_the_named_files() {
    let dir = tree(&[
        ("p/a.go", BUGGY.as_bytes()),
        ("p/b.go", BUGGY.replace("leak", "leak2").as_bytes()),
    ]);
    let out = lifelint(dir.path(), &["check", "p/b.go", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["path"], "p/b.go");
}

#[test]
fn generated_files_are_skipped_unless_asked_for() {
    let generated = format!("// Code generated by mockgen. DO NOT EDIT.\n\n{BUGGY}");
    let mut huge_table =
        "// Code generated by go generate. DO NOT EDIT.\n\npackage p\n\nvar t = []int{\n"
            .to_string();
    while huge_table.len() < 5 * 1024 * 1024 {
        huge_table.push_str("\t1, 2, 3, 4, 5, 6, 7, 8,\n");
    }
    huge_table.push_str("}\n");
    let dir = tree(&[
        ("gen.go", generated.as_bytes()),
        ("tables.go", huge_table.as_bytes()),
    ]);
    let quiet = lifelint(dir.path(), &["check"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(
        stderr_before_summary(&quiet),
        "",
        "a huge generated file is skipped quietly, like any generated file"
    );
    assert!(
        stderr(&quiet).starts_with("lifelint: checked 0 files in "),
        "{}",
        stderr(&quiet)
    );
    assert_eq!(
        lifelint(dir.path(), &["check", "--include-generated"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn bad_input_is_one_line_each_and_the_run_goes_on() {
    let mut huge = b"package p\n\nvar x = []int{\n".to_vec();
    while huge.len() < 10 * 1024 * 1024 {
        huge.extend_from_slice(b"\t1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n");
    }
    huge.extend_from_slice(b"}\n");
    let broken = format!("{BUGGY}\nfunc broken( {{\n\tctx, _ := context.WithTimeout(\n");
    let nested = format!(
        "package p\n\nimport \"context\"\n\nvar x = {}1{}\n\nfunc f() {{\n{}context.WithCancel(nil)\n{}}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000),
        "if true {\n".repeat(20_000),
        "}\n".repeat(20_000)
    );
    let dir = tree(&[
        ("p/ok.go", BUGGY.as_bytes()),
        ("p/latin1.go", b"package p\n\n// caf\xe9\nfunc f() {}\n"),
        ("p/empty.go", b""),
        ("p/huge.go", &huge),
        ("p/broken.go", broken.as_bytes()),
        ("p/nested.go", nested.as_bytes()),
    ]);
    std::os::unix::fs::symlink(dir.path().join("p"), dir.path().join("p/loop")).unwrap();
    let out = lifelint(dir.path(), &["check", "./...", "--format", "json"]);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.contains(&"lifelint: warning: p/empty.go: empty file; skipped"),
        "{err}"
    );
    assert!(
        lines.contains(
            &"lifelint: warning: p/huge.go: file is 10.0 MiB, over the 4.0 MiB limit; skipped"
        ),
        "{err}"
    );
    assert!(lines.contains(&"lifelint: warning: p/latin1.go: not valid UTF-8 (first bad byte at offset 17); skipped"), "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("lifelint: warning: p/broken.go: syntax error at")),
        "{err}"
    );
    assert!(
        lines.contains(&"lifelint: warning: p/loop: symbolic link loop, not followed"),
        "{err}"
    );
    assert!(
        lines.iter().all(|l| l.starts_with("lifelint: warning: p/")),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "warnings alone do not make the run fail"
    );
    let unfiltered = lifelint(
        dir.path(),
        &["check", "./...", "--format", "json", "--no-prefilter"],
    );
    assert_eq!(
        unfiltered.stdout, out.stdout,
        "deep nesting and bad files survive every rule"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["start"]["line"]))
        .collect();
    // The broken file is linted where it parsed, and never inside the broken part.
    assert_eq!(found, ["p/broken.go:6", "p/nested.go:20008", "p/ok.go:6"]);
}

#[test]
fn output_goes_to_the_file_and_formats_parse() {
    let dir = tree(&[("a.go", BUGGY.as_bytes())]);
    for format in ["json", "sarif"] {
        let out = lifelint(
            dir.path(),
            &["check", "--format", format, "--output", "report.out"],
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "", "nothing on stdout with --output");
        let written = std::fs::read(dir.path().join("report.out")).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&written).unwrap();
        assert!(value.is_object());
    }
    let github = lifelint(dir.path(), &["check", "--format", "github"]);
    assert_eq!(
        stdout(&github),
        "::error file=a.go,line=6,col=12,endLine=6,endColumn=38,title=ctx-cancel-discarded::cancel function returned by context.WithCancel is discarded\n"
    );
    let bad_output = lifelint(dir.path(), &["check", "--output", "no/such/dir/out.txt"]);
    assert_eq!(bad_output.status.code(), Some(2));
    assert!(stderr(&bad_output).contains("cannot write no/such/dir/out.txt"));
}

#[test]
fn github_format_says_how_many_annotations_are_hidden() {
    let mut body =
        String::from("package p\n\nimport \"context\"\n\nfunc many(p context.Context) {\n");
    for _ in 0..13 {
        body.push_str("\tcontext.WithCancel(p)\n");
    }
    body.push_str("}\n");
    let dir = tree(&[("a.go", body.as_bytes())]);
    let out = stdout(&lifelint(dir.path(), &["check", "--format", "github"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 14);
    assert!(
        lines[13].starts_with("lifelint: 3 more findings are not shown as annotations"),
        "{out}"
    );
}

#[test]
fn enable_and_disable_select_rules_and_families() {
    let dir = tree(&[("a.go", BUGGY.as_bytes())]);
    assert_eq!(
        lifelint(dir.path(), &["check", "--disable", "ctx"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        lifelint(dir.path(), &["check", "--enable", "lint"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        lifelint(
            dir.path(),
            &["check", "--enable", "lint,ctx-cancel-discarded"]
        )
        .status
        .code(),
        Some(1)
    );
    let unknown = lifelint(dir.path(), &["check", "--enable", "ctx-bogus"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown rule or family `ctx-bogus`"));
    let yaml = lifelint(dir.path(), &["check", "--format", "yaml"]);
    assert_eq!(yaml.status.code(), Some(2));
    assert!(
        stderr(&yaml).contains(
            "expected one of text, concise, json, sarif, github, checkstyle, gitlab, rdjson, junit"
        ),
        "{}",
        stderr(&yaml)
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // tests/data/broken: what syntax errors left unchecked is sorted too.
    let run = |format: &str, jobs: &str| {
        lifelint(
            root,
            &[
                "check",
                "testdata/...",
                "tests/data/broken/...",
                "--format",
                format,
                "-j",
                jobs,
            ],
        )
    };
    for format in [
        "text",
        "concise",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "gitlab",
        "rdjson",
        "junit",
    ] {
        let one = run(format, "1");
        let eight = run(format, "8");
        assert_eq!(one.status.code(), Some(1));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, eight.stdout,
            "--format {format} differs between -j 1 and -j 8"
        );
        if format == "text" {
            assert!(stderr(&one).contains("2 functions not fully checked"));
            assert_eq!(stderr_before_summary(&one), stderr_before_summary(&eight));
        }
    }
    for format in ["text", "json"] {
        let args = |jobs| {
            [
                "check",
                "testdata/...",
                "--statistics",
                "--format",
                format,
                "-j",
                jobs,
            ]
        };
        let one = lifelint(root, &args("1"));
        let eight = lifelint(root, &args("8"));
        assert_eq!(one.status.code(), Some(1));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, eight.stdout,
            "--statistics --format {format} differs between -j 1 and -j 8"
        );
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = tree(&[("a.go", BUGGY.as_bytes())]);
    assert!(
        !stdout(&lifelint(dir.path(), &["check"])).contains('\u{1b}'),
        "a pipe gets no colour"
    );
    assert!(stdout(&lifelint(dir.path(), &["check", "--color", "always"])).contains('\u{1b}'));
}

#[test]
fn rules_and_explain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = lifelint(root, &["rules"]);
    assert_eq!(stdout(&rules), lifelint::cli::rules::table());
    let explain = lifelint(root, &["explain", "ctx-cancel-discarded"]);
    assert_eq!(explain.status.code(), Some(0));
    let page = std::fs::read_to_string(root.join("rules/ctx-cancel-discarded.md")).unwrap();
    assert!(
        stdout(&explain).starts_with("ctx-cancel-discarded (family ctx, default severity error)\n")
    );
    assert!(stdout(&explain).ends_with(&page));
    let typo = lifelint(root, &["explain", "ctx-cancel-discard"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `ctx-cancel-discarded`"),
        "{}",
        stderr(&typo)
    );
    // A family name lists exactly the family's rules.
    let family = lifelint(root, &["explain", "wg"]);
    assert_eq!(family.status.code(), Some(0));
    let family_text = stdout(&family);
    let listed: Vec<&str> = family_text
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let wg: Vec<&str> = lifelint::rules::ALL
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.family == lifelint::rules::Family::Wg)
        .map(|m| m.id)
        .collect();
    assert!(wg.len() >= 5);
    assert_eq!(listed, wg);
}

const TICKER: &str = "package poll

import \"time\"

func waitForTheNextTick() {
\t<-time.Tick(time.Second)
}
";

#[test]
fn go_version_flag_decides_where_no_go_mod_is_found() {
    let dir = tree(&[("poll/tick.go", TICKER.as_bytes())]);
    let silent = lifelint(dir.path(), &["check"]);
    assert_eq!(silent.status.code(), Some(0), "{}", stdout(&silent));
    let old = lifelint(
        dir.path(),
        &["check", "--go-version", "1.22", "--color", "never"],
    );
    assert_eq!(old.status.code(), Some(1), "{}", stderr(&old));
    assert!(stdout(&old).contains("timer-tick-leak"), "{}", stdout(&old));
    assert!(
        stdout(&old).contains("--go-version 1.22"),
        "{}",
        stdout(&old)
    );
    let new = lifelint(dir.path(), &["check", "--go-version", "go1.23.1"]);
    assert_eq!(new.status.code(), Some(0), "{}", stdout(&new));
    let bad = lifelint(dir.path(), &["check", "--go-version", "one.two"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("one.two"), "{}", stderr(&bad));
}

#[test]
fn go_mod_is_found_above_nested_packages_and_wins_over_the_flag() {
    let dir = tree(&[
        ("go.mod", b"module example.com/svc\n\ngo 1.21\n"),
        ("internal/deep/poll/tick.go", TICKER.as_bytes()),
        ("modern/go.mod", b"module example.com/modern\n\ngo 1.23\n"),
        ("modern/poll/tick.go", TICKER.as_bytes()),
    ]);
    let all = lifelint(dir.path(), &["check", "--format", "json"]);
    assert_eq!(all.status.code(), Some(1), "{}", stderr(&all));
    let json: serde_json::Value = serde_json::from_str(&stdout(&all)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["path"], "internal/deep/poll/tick.go");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("go.mod says go 1.21")
    );
    // From inside the nested package, a file pattern finds the same go.mod.
    let nested = lifelint(
        &dir.path().join("internal/deep/poll"),
        &["check", "tick.go"],
    );
    assert_eq!(nested.status.code(), Some(1), "{}", stdout(&nested));
    // A go.mod always wins over --go-version.
    let flagged = lifelint(
        dir.path(),
        &["check", "--go-version", "1.19", "./modern/..."],
    );
    assert_eq!(flagged.status.code(), Some(0), "{}", stdout(&flagged));
}

#[test]
fn links_out_of_the_tree_are_not_walked_and_link_loops_only_warn() {
    let outside = tree(&[("elsewhere/leak.go", BUGGY.as_bytes())]);
    let dir = tree(&[("p/ok.go", CLEAN.as_bytes())]);
    // A directory link leading out of the tree, one staying inside it, and two links
    // that resolve to themselves (one named like a Go file, one not).
    std::os::unix::fs::symlink(outside.path().join("elsewhere"), dir.path().join("p/out")).unwrap();
    std::fs::create_dir(dir.path().join("inner")).unwrap();
    std::fs::write(dir.path().join("inner/bug.go"), BUGGY).unwrap();
    std::os::unix::fs::symlink(dir.path().join("inner"), dir.path().join("p/in")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("p/self")).unwrap();
    std::os::unix::fs::symlink("self.go", dir.path().join("p/self.go")).unwrap();
    let output = lifelint(dir.path(), &["check", "./...", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["inner/bug.go", "p/in/bug.go"], "{json}");
    let err = stderr(&output);
    assert!(
        err.contains("p/self: symbolic link loop, not followed"),
        "{err}"
    );
    assert!(!err.contains("error:"), "{err}");
    assert_eq!(output.status.code(), Some(1), "{err}");
}

#[test]
fn a_go_mod_that_cannot_be_understood_is_reported_once_and_gates_nothing() {
    let dir = tree(&[
        // Above everything: would say go 1.21 if a broken go.mod below were skipped.
        ("go.mod", b"module example.com/svc\n\ngo 1.21\n"),
        ("garbage/go.mod", b"\xff\xfe\x00garbage\n"),
        ("garbage/a/tick.go", TICKER.as_bytes()),
        ("garbage/b/tick.go", TICKER.as_bytes()),
        (
            "badgo/go.mod",
            b"module example.com/badgo\n\ngo one.twenty\n",
        ),
        ("badgo/tick.go", TICKER.as_bytes()),
        ("good/tick.go", TICKER.as_bytes()),
    ]);
    let output = lifelint(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // Only the package governed by the sound go.mod gets the version-gated finding.
    assert_eq!(paths, ["good/tick.go"], "{json}");
    let err = stderr(&output);
    assert_eq!(
        err.matches("garbage/go.mod: go.mod not understood").count(),
        1,
        "{err}"
    );
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(
        err.contains(
            "badgo/go.mod: go.mod not understood: its `go` line does not name a Go version"
        ),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn files_of_one_package_named_together_all_match() {
    // What the pre-commit hook passes: two files of one package. The second was loaded
    // as the first one's sibling; naming it still matches it.
    let dir = tree(&[("p/a.go", BUGGY.as_bytes()), ("p/b.go", CLEAN.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "p/a.go", "p/b.go", "p/a.go"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("matched no Go files"),
        "false warning: {}",
        stderr(&output)
    );
    let missing = lifelint(dir.path(), &["check", "p/a.go", "p/none"]);
    assert!(stderr(&missing).contains("p/none"), "{}", stderr(&missing));
}

#[test]
fn absurd_thread_counts_are_clamped_with_a_warning() {
    let dir = tree(&[("p/a.go", BUGGY.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "-j", "20000", "./..."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("using 256 threads"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn one_destination_spelt_two_ways_is_a_usage_error() {
    let dir = tree(&[("p/a.go", BUGGY.as_bytes())]);
    let output = lifelint(
        dir.path(),
        &[
            "check",
            "--format",
            "json=o.json",
            "--format",
            "sarif=./o.json",
            "./...",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("two --format entries"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_output_no_format_uses_is_said() {
    let dir = tree(&[("p/a.go", BUGGY.as_bytes())]);
    let output = lifelint(
        dir.path(),
        &[
            "check",
            "-o",
            "unused.txt",
            "--format",
            "json=o.json",
            "./...",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--output unused.txt is not used"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("unused.txt").exists());
}

#[test]
fn empty_patterns_and_fifos_get_clear_messages() {
    let dir = tree(&[("p/a.go", BUGGY.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "", "p/a.go"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("empty pattern"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("ctx-cancel-discarded"),
        "the named file is still checked"
    );
    #[cfg(unix)]
    {
        let fifo = dir.path().join("pipe.go");
        let made = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let output = lifelint(dir.path(), &["check", "pipe.go"]);
            assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
            assert!(
                stderr(&output).contains("not a regular file or a directory"),
                "{}",
                stderr(&output)
            );
        }
    }
}

#[test]
fn fail_on_chooses_which_findings_fail_the_run() {
    // BUGGY has an error (ctx-cancel-discarded); make it a note through the config
    // for the config case.
    let dir = tree(&[("p/a.go", BUGGY.as_bytes())]);
    let status = |args: &[&str]| lifelint(dir.path(), args).status.code();
    assert_eq!(status(&["check", "./..."]), Some(1));
    assert_eq!(status(&["check", "--fail-on", "error", "./..."]), Some(1));
    assert_eq!(status(&["check", "--fail-on", "never", "./..."]), Some(0));
    assert_eq!(
        status(&["check", "--fail-on", "sometimes", "./..."]),
        Some(2)
    );

    let noted = tree(&[
        ("p/a.go", BUGGY.as_bytes()),
        (
            "lifelint.toml",
            b"fail-on = \"warning\"\n[severity]\nctx-cancel-discarded = \"note\"\n",
        ),
    ]);
    let output = lifelint(noted.path(), &["check", "./..."]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a note under fail-on warning: {}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("ctx-cancel-discarded"),
        "still reported"
    );
    let flag_wins = lifelint(noted.path(), &["check", "--fail-on", "note", "./..."]);
    assert_eq!(flag_wins.status.code(), Some(1));
}

const FIXABLE: &str = "package p

import \"context\"

func work(ctx context.Context) error { return ctx.Err() }

func discard(parent context.Context) error {
\tctx, _ := context.WithCancel(parent)
\treturn work(ctx)
}

func abandon(ctx context.Context, quit chan struct{}) int {
\tch := make(chan int)
\tgo func() {
\t\tch <- 1
\t}()
\tselect {
\tcase v := <-ch:
\t\treturn v
\tcase <-quit:
\t\treturn 0
\t}
}
";

const SAFELY_FIXED: &str = "package p

import \"context\"

func work(ctx context.Context) error { return ctx.Err() }

func discard(parent context.Context) error {
\tctx, cancel := context.WithCancel(parent)
\tdefer cancel()
\treturn work(ctx)
}
";

#[test]
fn diff_prints_the_safe_fixes_and_changes_nothing() {
    let dir = tree(&[("p.go", FIXABLE.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "--diff", "./..."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("--- a/p.go") && diff.contains("+++ b/p.go"),
        "{diff}"
    );
    assert!(
        diff.contains("-\tctx, _ := context.WithCancel(parent)"),
        "{diff}"
    );
    assert!(
        diff.contains("+\tctx, cancel := context.WithCancel(parent)"),
        "{diff}"
    );
    assert!(diff.contains("+\tdefer cancel()"), "{diff}");
    // Buffering the channel is unsafe: not without --unsafe-fixes.
    assert!(!diff.contains("make(chan int, 1)"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.go")).unwrap(),
        FIXABLE
    );
    let unsafe_too = lifelint(dir.path(), &["check", "--diff", "--unsafe-fixes", "./..."]);
    assert!(stdout(&unsafe_too).contains("+\tch := make(chan int, 1)"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.go")).unwrap(),
        FIXABLE
    );
}

#[test]
fn fix_rewrites_the_file_and_reports_what_remains() {
    let dir = tree(&[("p.go", FIXABLE.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "--fix", "--format", "json", "./..."]);
    assert!(
        stderr(&output).contains("applied 1 fix to 1 file"),
        "{}",
        stderr(&output)
    );
    let fixed = std::fs::read_to_string(dir.path().join("p.go")).unwrap();
    assert!(fixed.starts_with(SAFELY_FIXED), "{fixed}");
    assert!(fixed.contains("\tch := make(chan int)\n"), "{fixed}");
    // What remains is the unsafe fix's finding, and the exit status says so.
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["leak-send-abandoned"]);
    assert_eq!(report["findings"][0]["fix"]["safe"], false);
    assert_eq!(output.status.code(), Some(1));

    let output = lifelint(dir.path(), &["check", "--fix", "--unsafe-fixes", "./..."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let fixed = std::fs::read_to_string(dir.path().join("p.go")).unwrap();
    assert!(fixed.contains("\tch := make(chan int, 1)\n"), "{fixed}");
    // Nothing but the Go file in the directory: no temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn fix_applies_overlapping_fixes_in_later_rounds() {
    // Two stale names in one `//nolint`: each removal edits the same comment, so the
    // second waits for a round on the fixed text; one `--fix` run settles both.
    let source = "package p\n\nfunc f() int {\n\treturn 3 //nolint:ctx,wg,errcheck\n}\n";
    let dir = tree(&[("p.go", source.as_bytes())]);
    let output = lifelint(dir.path(), &["check", "--fix", "./..."]);
    assert!(
        stderr(&output).contains("applied 2 fixes to 1 file"),
        "{}",
        stderr(&output)
    );
    let fixed = std::fs::read_to_string(dir.path().join("p.go")).unwrap();
    assert!(fixed.contains("\treturn 3 //nolint:errcheck\n"), "{fixed}");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

const BASELINED: &str = "package p

import \"context\"

func work(ctx context.Context) error { return ctx.Err() }

func old(parent context.Context) error {
\tctx, _ := context.WithCancel(parent)
\treturn work(ctx)
}

func older(parent context.Context) error {
\tctx, _ := context.WithCancel(parent)
\treturn work(ctx)
}
";

#[test]
fn baseline_hides_known_findings_wherever_they_move() {
    let dir = tree(&[("p.go", BASELINED.as_bytes())]);
    let written = lifelint(
        dir.path(),
        &["check", "--write-baseline", "base.json", "./..."],
    );
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert!(stderr(&written).contains("wrote a baseline of 2 findings"));
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"].as_array().unwrap().len(), 2);

    // Nothing new: clean, and both findings counted as known.
    let output = lifelint(dir.path(), &["check", "--baseline", "base.json", "./..."]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stderr(&output).contains("2 known findings not reported; 0 baseline entries"));

    // Lines move, `older` is fixed, and a new function repeats the mistake.
    let changed = BASELINED
        .replace("import \"context\"\n", "import \"context\"\n\n// moved\n")
        .replace(
            "func older(parent context.Context) error {\n\tctx, _ :=",
            "func older(parent context.Context) error {\n\tctx, cancel :=",
        )
        + "\nfunc fresh(parent context.Context) error {\n\tctx, _ := context.WithCancel(parent)\n\treturn work(ctx)\n}\n";
    let changed = changed.replace(
        "ctx, cancel := context.WithCancel(parent)\n\treturn work(ctx)",
        "ctx, cancel := context.WithCancel(parent)\n\tdefer cancel()\n\treturn work(ctx)",
    );
    std::fs::write(dir.path().join("p.go"), &changed).unwrap();
    let output = lifelint(
        dir.path(),
        &[
            "check",
            "--baseline",
            "base.json",
            "--format",
            "json",
            "./...",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["function"], "fresh");
    assert!(
        stderr(&output).contains("1 known finding not reported; 1 baseline entry no longer found"),
        "{}",
        stderr(&output)
    );

    // A file that is not a baseline is an error, not a silent full report.
    std::fs::write(dir.path().join("bad.json"), "[1, 2]").unwrap();
    let output = lifelint(dir.path(), &["check", "--baseline", "bad.json", "./..."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not a lifelint baseline"));
}

#[test]
fn functions_lost_to_syntax_errors_are_summarised_on_stderr() {
    let broken =
        "package p\n\nfunc a() {\n\tx := 1 +* \n}\n\nfunc (s *S) b() {\n\tgo func() { ) }()\n}\n";
    let dir = tree(&[
        ("p/ok.go", BUGGY.as_bytes()),
        ("p/broken.go", broken.as_bytes()),
    ]);
    let out = lifelint(dir.path(), &["check", "./...", "--no-prefilter"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("ctx-cancel-discarded"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("lifelint: warning: p/broken.go: syntax error at 4:")),
        "{err}"
    );
    assert_eq!(
        lines[lines.len() - 2],
        "lifelint: 1 file only partly parsed; 2 functions not fully checked (syntax errors): p/broken.go:3 a, p/broken.go:7 S.b",
        "{err}"
    );
    assert!(
        stderr_before_summary(&out).ends_with("S.b\n"),
        "the run summary comes last: {err}"
    );
    // Machine formats carry it in the report, not on stderr.
    let json = lifelint(
        dir.path(),
        &["check", "./...", "--no-prefilter", "--format", "json"],
    );
    assert!(
        !stderr(&json).contains("only partly parsed"),
        "{}",
        stderr(&json)
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["unchecked_functions"], 2);
    assert_eq!(report["unchecked"][1]["function"], "S.b");
}

#[test]
fn a_pattern_that_matches_no_go_file_is_an_error() {
    let dir = tree(&[
        ("p/a.go", BUGGY.as_bytes()),
        ("docs/README.md", b"# docs\n"),
    ]);
    let none = lifelint(dir.path(), &["check", "./docs/..."]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    assert_eq!(
        stderr_before_summary(&none),
        "lifelint: error: ./docs/...: pattern matched no Go files\n"
    );
    // The other patterns are still checked and reported.
    let mixed = lifelint(dir.path(), &["check", "./docs", "./p"]);
    assert_eq!(mixed.status.code(), Some(2), "{}", stderr(&mixed));
    assert!(
        stdout(&mixed).contains("ctx-cancel-discarded"),
        "{}",
        stdout(&mixed)
    );
}

#[test]
fn statistics_replace_the_findings_and_keep_the_exit_status() {
    let dir = tree(&[
        ("a.go", BUGGY.as_bytes()),
        ("b.go", BUGGY.replace("leak", "leak2").as_bytes()),
    ]);
    let table = lifelint(dir.path(), &["check", "--statistics"]);
    assert_eq!(table.status.code(), Some(1), "{}", stderr(&table));
    assert_eq!(
        stdout(&table),
        "2  ctx-cancel-discarded  error  cancel function of a derived context assigned to `_`\n"
    );
    let json = lifelint(
        dir.path(),
        &["check", "--statistics", "--format", "json=stats.json"],
    );
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    let rows: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("stats.json")).unwrap()).unwrap();
    assert_eq!(rows[0]["code"], "ctx-cancel-discarded");
    assert_eq!(rows[0]["count"], 2);
    let sarif = lifelint(dir.path(), &["check", "--statistics", "--format", "sarif"]);
    assert_eq!(sarif.status.code(), Some(2));
    assert_eq!(
        stderr(&sarif),
        "lifelint: error: --statistics is written as text or json, not sarif\n"
    );
    assert_eq!(stdout(&sarif), "");
}

#[test]
fn path_prefix_goes_in_front_of_every_reported_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let github = lifelint(
        root,
        &[
            "check",
            "testdata/timer-tick-leak/...",
            "--format",
            "github",
            "--path-prefix",
            "repo/sub/",
        ],
    );
    let text = stdout(&github);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty());
    for line in annotations {
        assert!(
            line.contains("file=repo/sub/testdata/timer-tick-leak/"),
            "{line}"
        );
    }
    let sarif = lifelint(
        root,
        &[
            "check",
            "testdata/timer-tick-leak/...",
            "--format",
            "sarif",
            "--path-prefix",
            "repo/sub",
        ],
    );
    let log: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.starts_with("repo/sub/testdata/timer-tick-leak/"),
            "{uri}"
        );
    }
}
