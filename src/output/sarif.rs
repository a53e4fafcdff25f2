//! `--format sarif`: SARIF 2.1.0 for code scanning. One run; every rule once in
//! `tool.driver.rules` with its page as `help`; results with UTF-16 columns
//! (exclusive `endColumn`), paths relative to `%SRCROOT%` (the working
//! directory) and percent-encoded, related locations, and two partial
//! fingerprints: GitHub's `primaryLocationLineHash` and `lifelint/v1`, a hash of
//! rule, path, enclosing function and the flagged text that survives line shifts.
//! One invocation: whether the run met no input error, and one `syntax-error`
//! tool execution notification per file only partly parsed and per function that
//! its syntax errors kept from being checked, so a clean run cannot hide a loss.
//! `automationDetails.id` names the analysis (`lifelint/`, GitHub's category) and
//! `driver.fullName` the tool and version, which Azure DevOps requires. Past GitHub's
//! limit of 25,000 results per run, the most severe are kept (errors, then warnings,
//! then notes, each in report order) and stderr says how many were left out.
//! The types below are the subset of the schema lifelint writes; they also
//! deserialize, so tests can read the output back.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::model::SourceFile;
use crate::output::fnv1a;
use crate::rules::{self, RuleMeta, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Debug, Serialize, Deserialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub version: String,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub automation_details: AutomationDetails,
    pub original_uri_base_ids: BTreeMap<String, ArtifactLocation>,
    pub column_kind: String,
    pub results: Vec<SarifResult>,
    #[serde(default)]
    pub invocations: Vec<Invocation>,
}

/// What the run was (§3.17): GitHub reads the part of `id` before the last `/` as the
/// analysis category.
#[derive(Debug, Serialize, Deserialize)]
pub struct AutomationDetails {
    pub id: String,
}

/// How the run went (§3.20): lifelint's own losses, not findings.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    pub execution_successful: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_execution_notifications: Vec<Notification>,
}

/// A tool execution notification (§3.58), e.g. a function a syntax error left unchecked.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub level: String,
    pub message: Message,
    pub locations: Vec<LineLocation>,
    pub descriptor: DescriptorReference,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DescriptorReference {
    pub id: String,
}

/// A location known by its line only.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineLocation {
    pub physical_location: LinePhysicalLocation,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinePhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: LineRegion,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LineRegion {
    pub start_line: usize,
}

/// The descriptor id of notifications about code that did not parse.
pub const SYNTAX_ERROR: &str = "syntax-error";

/// The id of the notification that says findings were left out to fit the upload limits.
pub const RESULTS_LEFT_OUT: &str = "results-left-out";

#[derive(Debug, Serialize, Deserialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: String,
    pub full_name: String,
    pub version: String,
    pub semantic_version: String,
    pub information_uri: String,
    pub rules: Vec<ReportingDescriptor>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingDescriptor {
    pub id: String,
    pub name: String,
    pub short_description: Message,
    pub full_description: Message,
    pub help: MultiformatMessage,
    pub help_uri: String,
    pub default_configuration: Configuration,
    pub properties: Properties,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Properties {
    pub tags: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Configuration {
    pub level: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Message {
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MultiformatMessage {
    pub text: String,
    pub markdown: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    pub rule_index: usize,
    pub level: String,
    pub message: Message,
    pub locations: Vec<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

/// A rule's fix (§3.55): one change to the finding's file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub description: Message,
    pub artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactChange {
    pub artifact_location: ArtifactLocation,
    pub replacements: Vec<Replacement>,
}

/// `deletedRegion` replaced by `insertedContent`; an empty region is an insertion.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    pub deleted_region: Region,
    pub inserted_content: ArtifactContent,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactContent {
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<usize>,
    pub physical_location: PhysicalLocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: Region,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    pub uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// GitHub code scanning's limit on the results of one run.
pub const MAX_RESULTS: usize = 25_000;

/// GitHub code scanning rejects a SARIF upload larger than 10 MB once gzip-compressed.
pub const MAX_GZIP_BYTES: usize = 10_000_000;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let root = std::env::current_dir().ok();
    let fitted = fit(report, root.as_deref(), MAX_RESULTS, MAX_GZIP_BYTES)?;
    let left_out = report.diagnostics.len() - fitted.kept;
    if left_out > 0 {
        eprintln!(
            "lifelint: warning: SARIF keeps the {} most severe of {} findings (GitHub code scanning accepts {MAX_RESULTS} results per run and 10 MB compressed); {left_out} left out",
            fitted.kept,
            report.diagnostics.len()
        );
    }
    out.write_all(&fitted.json)?;
    writeln!(out)
}

/// A serialized log that fits the upload limits, and how many findings it keeps.
pub struct Fitted {
    pub json: Vec<u8>,
    pub kept: usize,
}

/// The log with the most severe findings that fit both limits: at most `max_results`,
/// and no more than `max_gzip` bytes once gzip-compressed. Past a limit the log says
/// so in a tool execution notification; findings are dropped, never truncated, and
/// each retry shrinks the count in proportion to the overshoot.
pub fn fit(
    report: &Report,
    root: Option<&std::path::Path>,
    max_results: usize,
    max_gzip: usize,
) -> io::Result<Fitted> {
    let mut limit = report.diagnostics.len().min(max_results);
    loop {
        let log = build_with_limit(report, root, limit);
        let json = serde_json::to_vec_pretty(&log)?;
        let compressed = gzip_len(&json)?;
        if compressed <= max_gzip || limit == 0 {
            return Ok(Fitted { json, kept: limit });
        }
        let scaled = (limit as f64 * max_gzip as f64 / compressed as f64 * 0.95) as usize;
        limit = scaled.min(limit - 1);
    }
}

/// The size of `bytes` gzip-compressed at the default level.
pub fn gzip_len(bytes: &[u8]) -> io::Result<usize> {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut encoder = flate2::write::GzEncoder::new(Count(0), flate2::Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.0)
}

/// Builds the log; `root` is the directory `%SRCROOT%` stands for.
pub fn build(report: &Report, root: Option<&std::path::Path>) -> Log {
    build_with_limit(report, root, MAX_RESULTS)
}

/// The log of the `limit` most severe findings; a notification says how many were
/// left out, if any.
pub fn build_with_limit(report: &Report, root: Option<&std::path::Path>, limit: usize) -> Log {
    let mut original_uri_base_ids = BTreeMap::new();
    if let Some(root) = root {
        let mut uri = format!(
            "file://{}",
            encode_path(&root.to_string_lossy().replace('\\', "/"))
        );
        if !uri.ends_with('/') {
            uri.push('/');
        }
        original_uri_base_ids.insert(
            SRCROOT.to_string(),
            ArtifactLocation {
                uri,
                uri_base_id: None,
            },
        );
    }
    let mut line_hashes: HashMap<(String, u64), usize> = HashMap::new();
    let mut stable_hashes: HashMap<u64, usize> = HashMap::new();
    let kept = most_severe(&report.diagnostics, limit);
    let left_out = report.diagnostics.len() - kept.len();
    let results = kept
        .into_iter()
        .map(|finding| {
            let (rule_index, _) =
                rules::by_id(finding.rule.id).expect("findings come from the catalog");
            let line_hash = line_hash(finding);
            let line_count = line_hashes
                .entry((finding.file.display.clone(), line_hash))
                .or_insert(0);
            *line_count += 1;
            let stable = finding.stable_hash();
            let stable_count = stable_hashes.entry(stable).or_insert(0);
            *stable_count += 1;
            let mut partial_fingerprints = BTreeMap::new();
            partial_fingerprints.insert(
                "primaryLocationLineHash".to_string(),
                format!("{line_hash:016x}:{line_count}"),
            );
            partial_fingerprints.insert(
                "lifelint/v1".to_string(),
                format!("{stable:016x}:{stable_count}"),
            );
            SarifResult {
                rule_id: finding.rule.id.to_string(),
                rule_index,
                level: level(finding.severity).to_string(),
                message: Message {
                    text: finding.message.clone(),
                },
                locations: vec![location(&finding.file, finding.span.clone(), None, None)],
                related_locations: finding
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, related)| {
                        location(
                            &finding.file,
                            related.span.clone(),
                            Some(i + 1),
                            Some(related.message.clone()),
                        )
                    })
                    .collect(),
                partial_fingerprints,
                fixes: finding
                    .fix
                    .iter()
                    .map(|fix| sarif_fix(finding, fix))
                    .collect(),
            }
        })
        .collect();
    Log {
        schema: SCHEMA_URI.to_string(),
        version: "2.1.0".to_string(),
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "lifelint".to_string(),
                    full_name: format!("lifelint {}", crate::VERSION),
                    version: crate::VERSION.to_string(),
                    semantic_version: crate::VERSION.to_string(),
                    information_uri: rules::PAGES_URL
                        .trim_end_matches("/blob/main/rules")
                        .to_string(),
                    rules: rules::ALL
                        .iter()
                        .map(|rule| descriptor(rule.meta()))
                        .collect(),
                },
            },
            automation_details: AutomationDetails {
                id: "lifelint/".to_string(),
            },
            original_uri_base_ids,
            column_kind: "utf16CodeUnits".to_string(),
            results,
            invocations: vec![Invocation {
                execution_successful: !report.has_errors(),
                tool_execution_notifications: notifications(report, left_out),
            }],
        }],
    }
}

/// At most `limit` of `findings`: all of them when they fit, else the most severe
/// (errors, then warnings, then notes; report order within each), in report order.
pub fn most_severe(findings: &[Diagnostic], limit: usize) -> Vec<&Diagnostic> {
    if findings.len() <= limit {
        return findings.iter().collect();
    }
    let rank = |severity: Severity| match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    };
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (rank(findings[i].severity), i));
    order.truncate(limit);
    order.sort_unstable();
    order.into_iter().map(|i| &findings[i]).collect()
}

/// One notification when findings were left out to fit the upload limits, then one
/// per partly parsed file (at its first syntax error) and one per function left
/// unchecked, in path and line order.
fn notifications(report: &Report, left_out: usize) -> Vec<Notification> {
    let notification = |path: &str, line: usize, text: String| Notification {
        level: "warning".to_string(),
        message: Message { text },
        locations: vec![LineLocation {
            physical_location: LinePhysicalLocation {
                artifact_location: artifact_location_of(path),
                region: LineRegion { start_line: line },
            },
        }],
        descriptor: DescriptorReference {
            id: SYNTAX_ERROR.to_string(),
        },
    };
    let mut out = Vec::new();
    if left_out > 0 {
        out.push(Notification {
            level: "warning".to_string(),
            message: Message {
                text: format!(
                    "{left_out} of {} findings left out: this log keeps the most severe that fit GitHub code scanning's limits ({MAX_RESULTS} results per run, 10 MB compressed)",
                    report.diagnostics.len()
                ),
            },
            locations: Vec::new(),
            descriptor: DescriptorReference {
                id: RESULTS_LEFT_OUT.to_string(),
            },
        });
    }
    for file in &report.partly_parsed {
        out.push(notification(
            &file.path,
            file.line,
            format!(
                "syntax error at {}:{}; only what parsed was checked",
                file.line, file.column
            ),
        ));
        for function in &file.functions {
            out.push(notification(
                &file.path,
                function.line,
                format!(
                    "function `{}` was not (fully) checked: {}",
                    function.name, function.reason
                ),
            ));
        }
    }
    out
}

fn descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    ReportingDescriptor {
        id: meta.id.to_string(),
        name: meta.camel_name(),
        short_description: Message {
            text: meta.summary.to_string(),
        },
        full_description: Message {
            text: meta.full_description(),
        },
        help: MultiformatMessage {
            text: meta.page.to_string(),
            markdown: meta.page.to_string(),
        },
        help_uri: meta.page_url(),
        default_configuration: Configuration {
            level: level(meta.severity).to_string(),
        },
        properties: Properties {
            tags: vec![meta.family.name().to_string()],
        },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn sarif_fix(finding: &Diagnostic, fix: &crate::diagnostic::Fix) -> Fix {
    Fix {
        description: Message {
            text: fix.title.clone(),
        },
        artifact_changes: vec![ArtifactChange {
            artifact_location: artifact_location(&finding.file),
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: region(&finding.file, edit.span.clone()),
                    inserted_content: ArtifactContent {
                        text: edit.text.clone(),
                    },
                })
                .collect(),
        }],
    }
}

fn location(
    file: &SourceFile,
    span: std::ops::Range<usize>,
    id: Option<usize>,
    message: Option<String>,
) -> Location {
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(file),
            region: region(file, span),
        },
        message: message.map(|text| Message { text }),
    }
}

fn artifact_location(file: &SourceFile) -> ArtifactLocation {
    artifact_location_of(&file.display)
}

/// A reported path: absolute as a `file://` URI, relative against `%SRCROOT%`.
fn artifact_location_of(display: &str) -> ArtifactLocation {
    let (uri, uri_base_id) = if display.starts_with('/') {
        (format!("file://{}", encode_path(display)), None)
    } else {
        (encode_path(display), Some(SRCROOT.to_string()))
    };
    ArtifactLocation { uri, uri_base_id }
}

/// 1-based lines, UTF-16 columns, exclusive end.
fn region(file: &SourceFile, span: std::ops::Range<usize>) -> Region {
    let start = file.position(span.start);
    let end = file.position(span.end);
    Region {
        start_line: start.line,
        start_column: start.column_utf16,
        end_line: end.line,
        end_column: end.column_utf16,
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The primary line's text without whitespace, hashed (what GitHub's own hash keys on).
fn line_hash(finding: &Diagnostic) -> u64 {
    let text = finding.line_without_whitespace();
    fnv1a(&[finding.rule.id.as_bytes(), text.as_bytes()])
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(
            super::encode_path("dir with space/ü.go"),
            "dir%20with%20space/%C3%BC.go"
        );
    }
}
