//! Every output format, snapshotted on one shared sample (`tests/data/sample/`),
//! plus the SARIF facts a snapshot alone would not prove: it reads back into the
//! typed SARIF structs, every rule is listed once, `ruleIndex` points at the
//! result's rule, columns count UTF-16 code units, paths are percent-encoded,
//! and both partial fingerprints are present. The CI formats are each read back
//! with a real parser (roxmltree for Checkstyle and JUnit, serde_json for GitLab
//! and rdjson) and their counts checked against the report; GitLab fingerprints
//! are unique and survive lines moving.

use std::collections::HashSet;
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
    assert_eq!(run.automation_details.id, "lifelint/");
    assert_eq!(
        run.tool.driver.full_name,
        format!("lifelint {}", lifelint::VERSION)
    );
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

fn render(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    output::render(format, report, &mut out, false).unwrap();
    String::from_utf8(out).unwrap()
}

fn statistics(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    output::statistics::render(format, report, &mut out)
        .expect("a statistics format")
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// A copy of the sample in a temporary directory, with `prefix` put before server.go's text.
fn sample_copy(dir: &Path, prefix: &str) -> Report {
    for entry in std::fs::read_dir("tests/data/sample").unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "server.go" {
            text.insert_str(0, prefix);
        }
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let report = lifelint::check(&[format!("{}/...", dir.display())], &Settings::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
}

#[test]
fn concise_format() {
    let report = sample();
    let text = render(Format::Concise, &report);
    snapshot!("concise", text.clone());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.diagnostics.len());
    for (line, finding) in lines.iter().zip(&report.diagnostics) {
        let start = finding.file.position(finding.span.start);
        let expected = format!(
            "{}:{}:{}: {}: ",
            finding.file.display, start.line, start.column, finding.rule.id
        );
        assert!(line.starts_with(&expected), "{line}");
    }
    // The finding after `/* ünïcödé 😀 */` counts bytes, as go vet does.
    let source = std::fs::read_to_string("tests/data/sample/server.go").unwrap();
    let byte = source
        .lines()
        .nth(10)
        .unwrap()
        .find("context.WithTimeout")
        .unwrap();
    assert!(text.contains(&format!(
        "tests/data/sample/server.go:11:{}: ctx-cancel-discarded: ",
        byte + 1
    )));
}

#[test]
fn checkstyle_format() {
    snapshot!("checkstyle", rendered(Format::Checkstyle));
}

#[test]
fn checkstyle_is_well_formed_xml_with_one_error_per_finding() {
    let report = sample();
    let text = render(Format::Checkstyle, &report);
    let document = roxmltree::Document::parse(&text).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    assert_eq!(root.attribute("version"), Some("4.3"));
    let files: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let paths: Vec<&str> = files.iter().map(|f| f.attribute("name").unwrap()).collect();
    let mut expected: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.file.display.as_str())
        .collect();
    expected.dedup();
    assert_eq!(paths, expected, "one <file> per file, in report order");
    let errors: Vec<_> = files
        .iter()
        .flat_map(|f| f.children().filter(|n| n.is_element()))
        .collect();
    assert_eq!(errors.len(), report.diagnostics.len());
    for (error, finding) in errors.iter().zip(&report.diagnostics) {
        assert_eq!(error.tag_name().name(), "error");
        let start = finding.file.position(finding.span.start);
        assert_eq!(
            error.attribute("line"),
            Some(start.line.to_string().as_str())
        );
        assert_eq!(
            error.attribute("column"),
            Some(start.column.to_string().as_str())
        );
        assert_eq!(error.attribute("message"), Some(finding.message.as_str()));
        assert_eq!(
            error.attribute("source"),
            Some(format!("lifelint.{}", finding.rule.id).as_str())
        );
        assert!(matches!(
            error.attribute("severity"),
            Some("error" | "warning" | "info")
        ));
    }
    let clean = render(Format::Checkstyle, &Report::default());
    let document = roxmltree::Document::parse(&clean).unwrap();
    assert_eq!(
        document
            .root_element()
            .children()
            .filter(|n| n.is_element())
            .count(),
        0
    );
}

#[test]
fn xml_formats_escape_what_xml_reserves() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a&<b>'\"c.go";
    std::fs::write(
        dir.path().join(name),
        "package p\n\nimport \"context\"\n\nfunc f(p context.Context) {\n\tctx, _ := context.WithCancel(p)\n\t_ = ctx\n}\n",
    )
    .unwrap();
    let report = lifelint::check(
        &[format!("{}/...", dir.path().display())],
        &Settings::default(),
    );
    assert_eq!(report.diagnostics.len(), 1);
    let checkstyle = render(Format::Checkstyle, &report);
    let document = roxmltree::Document::parse(&checkstyle).unwrap();
    let file = document
        .descendants()
        .find(|n| n.has_tag_name("file"))
        .unwrap();
    assert!(file.attribute("name").unwrap().ends_with(name));
    let junit = render(Format::Junit, &report);
    let document = roxmltree::Document::parse(&junit).unwrap();
    let case = document
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert!(case.attribute("classname").unwrap().ends_with(name));
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.text().unwrap().contains(name));
}

#[test]
fn junit_format() {
    snapshot!("junit", rendered(Format::Junit));
}

#[test]
fn junit_counts_one_failing_case_per_finding_and_passes_when_clean() {
    let report = sample();
    let text = render(Format::Junit, &report);
    let document = roxmltree::Document::parse(&text).unwrap();
    let suites: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.attribute("name"), Some("lifelint"));
    let total = report.diagnostics.len().to_string();
    assert_eq!(suite.attribute("tests"), Some(total.as_str()));
    assert_eq!(suite.attribute("failures"), Some(total.as_str()));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), report.diagnostics.len());
    for (case, finding) in cases.iter().zip(&report.diagnostics) {
        let start = finding.file.position(finding.span.start);
        assert_eq!(
            case.attribute("classname"),
            Some(finding.file.display.as_str())
        );
        assert_eq!(
            case.attribute("name").unwrap(),
            format!("{} at {}:{}", finding.rule.id, start.line, start.column)
        );
        let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
        assert_eq!(failure.attribute("type"), Some(finding.rule.id));
        assert_eq!(failure.attribute("message"), Some(finding.message.as_str()));
    }

    let clean = render(Format::Junit, &Report::default());
    let document = roxmltree::Document::parse(&clean).unwrap();
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("1"));
    assert_eq!(suite.attribute("failures"), Some("0"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1);
    assert!(
        cases[0].children().all(|n| !n.is_element()),
        "a passing case"
    );
}

#[test]
fn gitlab_format() {
    snapshot!("gitlab", rendered(Format::Gitlab));
}

fn gitlab_issues(report: &Report) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(&render(Format::Gitlab, report)).unwrap();
    value.as_array().expect("an array of issues").clone()
}

#[test]
fn gitlab_issues_have_every_field_and_unique_fingerprints() {
    let report = sample();
    let issues = gitlab_issues(&report);
    assert_eq!(issues.len(), report.diagnostics.len());
    let mut fingerprints = HashSet::new();
    for (issue, finding) in issues.iter().zip(&report.diagnostics) {
        assert_eq!(issue["description"], finding.message.as_str());
        assert_eq!(issue["check_name"], finding.rule.id);
        assert!(matches!(
            issue["severity"].as_str(),
            Some("info" | "minor" | "major" | "critical" | "blocker")
        ));
        assert_eq!(issue["location"]["path"], finding.file.display.as_str());
        assert_eq!(
            issue["location"]["lines"]["begin"],
            finding.file.line_of(finding.span.start)
        );
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 32);
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint} twice"
        );
    }
    assert_eq!(
        gitlab_issues(&Report::default()),
        Vec::<serde_json::Value>::new()
    );
}

#[test]
fn gitlab_fingerprints_survive_lines_moving_and_twins_differ() {
    let before = tempfile::tempdir().unwrap();
    let after = tempfile::tempdir().unwrap();
    // Fingerprints include the path, so both runs use one directory.
    let fingerprints = |report: &Report| -> Vec<(String, u64, String)> {
        gitlab_issues(report)
            .iter()
            .map(|i| {
                (
                    i["check_name"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                    i["fingerprint"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let original = fingerprints(&sample_copy(before.path(), ""));
    let shifted = fingerprints(&sample_copy(before.path(), "\n"));
    assert_eq!(original.len(), shifted.len());
    let mut moved = 0;
    for (a, b) in original.iter().zip(&shifted) {
        assert_eq!(a.0, b.0);
        assert_eq!(a.2, b.2, "fingerprint of {} changed", a.0);
        moved += usize::from(b.1 == a.1 + 1);
    }
    assert!(moved > 0, "server.go's findings moved down a line");

    // Two identical findings in one function: both reported, fingerprints differ.
    let block = "\t{\n\t\tctx, _ := context.WithCancel(p)\n\t\t_ = ctx\n\t}\n";
    let twin = format!(
        "package p\n\nimport \"context\"\n\nfunc f(p context.Context) {{\n{block}{block}}}\n"
    );
    std::fs::write(after.path().join("twin.go"), twin).unwrap();
    let report = lifelint::check(
        &[format!("{}/...", after.path().display())],
        &Settings::default(),
    );
    let issues = gitlab_issues(&report);
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

#[test]
fn rdjson_format() {
    snapshot!("rdjson", rendered(Format::Rdjson));
}

#[test]
fn rdjson_reads_back_with_fixes_as_suggestions() {
    let report = sample();
    let value: serde_json::Value = serde_json::from_str(&render(Format::Rdjson, &report)).unwrap();
    assert_eq!(value["source"]["name"], "lifelint");
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), report.diagnostics.len());
    let mut with_fix = 0;
    for (diagnostic, finding) in diagnostics.iter().zip(&report.diagnostics) {
        assert_eq!(diagnostic["message"], finding.message.as_str());
        assert_eq!(diagnostic["code"]["value"], finding.rule.id);
        assert_eq!(diagnostic["code"]["url"], finding.rule.page_url());
        assert!(matches!(
            diagnostic["severity"].as_str(),
            Some("ERROR" | "WARNING" | "INFO")
        ));
        let range = &diagnostic["location"]["range"];
        let start = finding.file.position(finding.span.start);
        let end = finding.file.position(finding.span.end);
        assert_eq!(range["start"]["line"], start.line);
        assert_eq!(range["start"]["column"], start.column);
        assert_eq!(range["end"]["line"], end.line);
        assert_eq!(range["end"]["column"], end.column);
        let suggestions = diagnostic["suggestions"].as_array().map_or(&[][..], |s| s);
        match &finding.fix {
            None => assert!(suggestions.is_empty()),
            Some(fix) => {
                with_fix += 1;
                assert_eq!(suggestions.len(), fix.edits.len());
                for (suggestion, edit) in suggestions.iter().zip(&fix.edits) {
                    assert_eq!(suggestion["text"], edit.text.as_str());
                    let start = finding.file.position(edit.span.start);
                    assert_eq!(suggestion["range"]["start"]["line"], start.line);
                    assert_eq!(suggestion["range"]["start"]["column"], start.column);
                }
            }
        }
        assert_eq!(
            diagnostic["related_locations"]
                .as_array()
                .map_or(0, |r| r.len()),
            finding.related.len()
        );
    }
    assert!(with_fix > 0, "the sample has a fix");
}

#[test]
fn statistics_as_text_and_json() {
    let report = sample();
    snapshot!("statistics-text", statistics(Format::Text, &report));
    let json = statistics(Format::Json, &report);
    snapshot!("statistics-json", json.clone());
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, report.diagnostics.len());
    let keys: Vec<(i64, &str)> = rows
        .iter()
        .map(|r| (-(r["count"].as_i64().unwrap()), r["code"].as_str().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "count descending, then id");
    for row in &rows {
        let (_, rule) = rules::by_id(row["code"].as_str().unwrap()).unwrap();
        assert_eq!(row["summary"], rule.meta().summary);
    }
    assert_eq!(statistics(Format::Text, &Report::default()), "");
    assert_eq!(statistics(Format::Json, &Report::default()), "[]\n");
    let mut out = Vec::new();
    assert!(output::statistics::render(Format::Sarif, &report, &mut out).is_none());
}

#[test]
fn sarif_past_its_result_limit_keeps_the_most_severe_in_report_order() {
    let report = sample();
    let findings = &report.diagnostics;
    let errors: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].severity == rules::Severity::Error)
        .collect();
    assert!(!errors.is_empty() && errors.len() < findings.len());
    let kept = sarif::most_severe(findings, errors.len());
    assert_eq!(kept.len(), errors.len());
    for (kept, &i) in kept.iter().zip(&errors) {
        assert!(std::ptr::eq(*kept, &findings[i]));
    }
    assert_eq!(
        sarif::most_severe(findings, findings.len()).len(),
        findings.len()
    );
    assert_eq!(sarif::MAX_RESULTS, 25_000);
}

#[test]
fn sarif_past_its_compressed_size_limit_keeps_the_most_severe_that_fit() {
    // 400 functions that discard a cancel function (errors), 400 that call
    // `context.Background()` with a context in scope (warnings), interleaved.
    let mut text = String::from("package p\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n");
    for i in 0..400 {
        text.push_str(&format!(
            "func w{i}(ctx context.Context, db *sql.DB) error {{\n\treturn db.PingContext(context.Background())\n}}\n\n\
             func e{i}(ctx context.Context) context.Context {{\n\tc, _ := context.WithCancel(ctx)\n\treturn c\n}}\n\n"
        ));
    }
    let report = lifelint::engine::check_files(
        vec![lifelint::engine::InMemoryFile {
            path: "p/p.go".into(),
            text,
            reported: true,
        }],
        &Settings::default(),
    );
    let total = report.diagnostics.len();
    assert!(total >= 800, "{total} findings");
    let whole = sarif::fit(&report, None, sarif::MAX_RESULTS, sarif::MAX_GZIP_BYTES).unwrap();
    assert_eq!(whole.kept, total);
    let whole_size = sarif::gzip_len(&whole.json).unwrap();

    // The rule descriptors are a fixed cost; a third of the results' share fits.
    let empty = sarif::fit(&report, None, 0, sarif::MAX_GZIP_BYTES).unwrap();
    assert_eq!(empty.kept, 0);
    let empty_size = sarif::gzip_len(&empty.json).unwrap();
    let limit = empty_size + (whole_size - empty_size) / 3;
    let fitted = sarif::fit(&report, None, sarif::MAX_RESULTS, limit).unwrap();
    assert!(sarif::gzip_len(&fitted.json).unwrap() <= limit);
    assert!(
        fitted.kept > 0 && fitted.kept < total,
        "kept {}",
        fitted.kept
    );
    let log: serde_json::Value = serde_json::from_slice(&fitted.json).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), fitted.kept);
    // The most severe first: the errors are kept before any warning.
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == rules::Severity::Error)
        .count();
    let kept_errors = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(kept_errors, fitted.kept.min(errors));
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let left_out = notes
        .iter()
        .find(|n| n["descriptor"]["id"] == sarif::RESULTS_LEFT_OUT)
        .expect("a notification says findings were left out");
    assert!(
        left_out["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!(
                "{} of {total} findings left out",
                total - fitted.kept
            ))
    );
    // Under the count limit as well.
    let capped = sarif::fit(&report, None, 10, sarif::MAX_GZIP_BYTES).unwrap();
    assert_eq!(capped.kept, 10);
    let log: serde_json::Value = serde_json::from_slice(&capped.json).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 10);
}
