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
