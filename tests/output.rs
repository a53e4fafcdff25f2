//! Every output format, snapshotted on one shared sample (`tests/data/sample/`),
//! plus the SARIF facts a snapshot alone would not prove: it reads back into the
//! typed SARIF structs, every rule is listed once, `ruleIndex` points at the
//! result's rule, columns count UTF-16 code units, paths are percent-encoded,
//! and both partial fingerprints are present.

use std::path::Path;

use lifelint::output::{self, Format, sarif};
use lifelint::{Report, Settings, rules};

fn sample() -> Report {
    let report = lifelint::check(&["tests/data/sample/...".to_string()], &Settings::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
}

fn rendered(format: Format) -> String {
    let mut out = Vec::new();
    output::render(format, &sample(), &mut out, false).unwrap();
    String::from_utf8(out).unwrap()
}

/// SARIF with `%SRCROOT%` pinned, so the snapshot does not depend on the checkout's location.
fn sarif_text() -> String {
    let log = sarif::build(&sample(), Some(Path::new("/src")));
    serde_json::to_string_pretty(&log).unwrap()
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "snapshots/output",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

#[test]
fn text_format() {
    snapshot!("text", rendered(Format::Text));
}

#[test]
fn json_format() {
    let text = rendered(Format::Json);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], lifelint::VERSION);
    snapshot!("json", text);
}

#[test]
fn github_format() {
    snapshot!("github", rendered(Format::Github));
}

#[test]
fn sarif_format() {
    snapshot!("sarif", sarif_text());
}

#[test]
fn sarif_reads_back_and_holds_its_promises() {
    let log: sarif::Log = serde_json::from_str(&sarif_text()).unwrap();
    assert_eq!(log.version, "2.1.0");
    let run = &log.runs[0];
    assert_eq!(run.original_uri_base_ids["%SRCROOT%"].uri, "file:///src/");
    let ids: Vec<&str> = run
        .tool
        .driver
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let catalog: Vec<&str> = rules::ALL.iter().map(|r| r.meta().id).collect();
    assert_eq!(ids, catalog, "every rule once, in registry order");
    for rule in &run.tool.driver.rules {
        assert!(rule.help.markdown.starts_with(&format!("# {}", rule.id)));
        assert!(!rule.full_description.text.is_empty());
    }
    assert!(!run.results.is_empty());
    for result in &run.results {
        assert_eq!(run.tool.driver.rules[result.rule_index].id, result.rule_id);
        assert!(
            result
                .partial_fingerprints
                .contains_key("primaryLocationLineHash")
        );
        assert!(result.partial_fingerprints.contains_key("lifelint/v1"));
    }

    // The finding after `/* ünïcödé 😀 */`: columns in UTF-16 units, endColumn exclusive.
    let source = std::fs::read_to_string("tests/data/sample/server.go").unwrap();
    let line_text = source.lines().nth(10).unwrap();
    let call = "context.WithTimeout(parent, time.Second)";
    let byte = line_text.find(call).unwrap();
    let start = line_text[..byte].encode_utf16().count() + 1;
    let timeout = run
        .results
        .iter()
        .find(|r| r.message.text.contains("WithTimeout"))
        .unwrap();
    let location = &timeout.locations[0].physical_location;
    assert_eq!(
        location.artifact_location.uri,
        "tests/data/sample/server.go"
    );
    assert_eq!(
        location.artifact_location.uri_base_id.as_deref(),
        Some("%SRCROOT%")
    );
    assert_eq!(
        location.region,
        sarif::Region {
            start_line: 11,
            start_column: start,
            end_line: 11,
            end_column: start + call.encode_utf16().count(),
        }
    );
    let related = &timeout.related_locations[0];
    assert_eq!(related.id, Some(1));
    assert!(
        related
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("assigned to `_`")
    );

    let spaced = run
        .results
        .iter()
        .find(|r| r.message.text.contains("WithDeadline"))
        .unwrap();
    assert_eq!(
        spaced.locations[0].physical_location.artifact_location.uri,
        "tests/data/sample/path%20with%20space.go"
    );
}

#[test]
fn fingerprints_survive_lines_moving() {
    let dir = tempfile::tempdir().unwrap();
    let body = "\nfunc f(p context.Context) {\n\tctx, _ := context.WithCancel(p)\n\t_ = ctx\n}\n";
    let header = "package p\n\nimport \"context\"\n";
    let fingerprint = |prefix: &str| {
        std::fs::write(dir.path().join("a.go"), format!("{header}{prefix}{body}")).unwrap();
        let pattern = format!("{}/...", dir.path().display());
        let log = sarif::build(&lifelint::check(&[pattern], &Settings::default()), None);
        log.runs[0].results[0].partial_fingerprints["lifelint/v1"].clone()
    };
    assert_eq!(
        fingerprint(""),
        fingerprint("\n// A comment pushes everything down.\n\n")
    );
}

/// `tests/data/broken/`: a syntax error in `handle` and in `Server.Close`. The finding in
/// `fetch`, which parsed, is still reported; the two functions are named as not fully
/// checked in every format, so a clean-looking run cannot hide what it did not check.
fn broken() -> Report {
    lifelint::check(&["tests/data/broken/...".to_string()], &Settings::default())
}

#[test]
fn syntax_errors_name_the_functions_they_cost() {
    let report = broken();
    let ids: Vec<(&str, Option<&str>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule.id, d.function.as_deref()))
        .collect();
    // `handle` is checked up to its syntax error: its finding before it still counts.
    assert_eq!(
        ids,
        [
            ("ctx-cancel-discarded", Some("fetch")),
            ("ctx-cancel-discarded", Some("handle"))
        ]
    );
    let unchecked: Vec<(&str, usize, &str)> = report
        .unchecked_functions()
        .map(|(path, f)| (path, f.line, f.name.as_str()))
        .collect();
    assert_eq!(
        unchecked,
        [
            ("tests/data/broken/server.go", 15, "handle"),
            ("tests/data/broken/server.go", 25, "Server.Close"),
        ]
    );
    assert_eq!(
        output::text::unchecked_summary(&report).unwrap(),
        "lifelint: 1 file only partly parsed; 2 functions not fully checked (syntax errors): \
         tests/data/broken/server.go:15 handle, tests/data/broken/server.go:25 Server.Close"
    );
    assert_eq!(output::text::unchecked_summary(&sample()), None);

    let mut json = Vec::new();
    output::render(Format::Json, &report, &mut json, false).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["partly_parsed_files"], 1);
    assert_eq!(json["unchecked_functions"], 2);
    snapshot!(
        "broken-json-unchecked",
        serde_json::to_string_pretty(&json["unchecked"]).unwrap()
    );

    let log = sarif::build(&report, Some(Path::new("/src")));
    let invocation = &log.runs[0].invocations[0];
    assert!(invocation.execution_successful);
    let notes: Vec<(&str, &str, usize)> = invocation
        .tool_execution_notifications
        .iter()
        .map(|n| {
            let location = &n.locations[0].physical_location;
            assert_eq!(n.level, "warning");
            assert_eq!(
                location.artifact_location.uri,
                "tests/data/broken/server.go"
            );
            (
                n.descriptor.id.as_str(),
                n.message.text.as_str(),
                location.region.start_line,
            )
        })
        .collect();
    snapshot!("broken-sarif-notifications", format!("{notes:#?}"));
    assert_eq!(log.runs[0].results.len(), 2);
}

#[test]
fn functions_inside_unparsed_code_are_named_too() {
    // The parser cannot attach `broken`'s header to a declaration: a bare ERROR node.
    let text = "package p\n\nimport \"context\"\n\nfunc fine(p context.Context) {\n\t_, _ = context.WithCancel(p)\n}\n\nfunc broken( {\n\tctx, _ := context.WithTimeout(\n";
    let report = lifelint::engine::check_files(
        vec![lifelint::engine::InMemoryFile {
            path: "p/a.go".into(),
            text: text.to_string(),
            reported: true,
        }],
        &Settings::default(),
    );
    assert_eq!(report.partly_parsed.len(), 1);
    let names: Vec<&str> = report
        .unchecked_functions()
        .map(|(_, f)| f.name.as_str())
        .collect();
    assert_eq!(names, ["broken"], "{:?}", report.partly_parsed);
}

#[test]
fn the_stderr_summary_names_five_functions_and_counts_the_rest() {
    use lifelint::diagnostic::{PartlyParsed, UncheckedFunction};
    let file = |path: &str, lines: std::ops::Range<usize>| PartlyParsed {
        path: path.to_string(),
        line: lines.start,
        column: 1,
        functions: lines
            .map(|line| UncheckedFunction {
                line,
                name: format!("f{line}"),
                reason: format!("syntax error at {line}:1"),
            })
            .collect(),
    };
    let report = Report {
        partly_parsed: vec![file("a.go", 1..5), file("b.go", 10..13), file("c.go", 0..0)],
        ..Report::default()
    };
    assert_eq!(
        output::text::unchecked_summary(&report).unwrap(),
        "lifelint: 3 files only partly parsed; 7 functions not fully checked (syntax errors): \
         a.go:1 f1, a.go:2 f2, a.go:3 f3, a.go:4 f4, b.go:10 f10, \
         and 2 more (--format json lists them all)"
    );
    let outside = Report {
        partly_parsed: vec![file("c.go", 3..3)],
        ..Report::default()
    };
    assert_eq!(
        output::text::unchecked_summary(&outside).unwrap(),
        "lifelint: 1 file only partly parsed (syntax errors outside functions)"
    );
}
