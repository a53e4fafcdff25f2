//! Between the engine and the protocol: `Diagnostic` -> `lsp_types::Diagnostic`
//! (UTF-16 range, severity, `code` = rule id, `codeDescription` = rule page,
//! related places, the rule's fix kept in `data` for code actions), `file:` uris
//! <-> paths, and UTF-16 line positions.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Uri,
};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::model::SourceFile;
use crate::rules::Severity;

/// The protocol form of one finding in the buffer `uri`.
pub fn diagnostic(diag: &Diagnostic, uri: &Uri) -> lsp_types::Diagnostic {
    let related = diag
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(&diag.file, &related.span)),
            message: related.message.clone(),
        })
        .collect::<Vec<_>>();
    lsp_types::Diagnostic {
        range: range(&diag.file, &diag.span),
        severity: Some(severity(diag.severity)),
        code: Some(NumberOrString::String(diag.rule.id.to_string())),
        code_description: Uri::from_str(&diag.rule.page_url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("lifelint".to_string()),
        message: diag.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: diag.fix.as_ref().and_then(|fix| {
            serde_json::to_value(FixData {
                title: fix.title.clone(),
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| TextEdit::new(range(&diag.file, &edit.span), edit.text.clone()))
                    .collect(),
            })
            .ok()
        }),
    }
}

/// A rule's fix in protocol form, as a published diagnostic's `data`.
#[derive(Debug, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

impl FixData {
    /// The fix carried by a diagnostic this server published, if any.
    pub fn of(diag: &lsp_types::Diagnostic) -> Option<FixData> {
        serde_json::from_value(diag.data.clone()?).ok()
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// A byte range as a 0-based, UTF-16 protocol range.
pub fn range(file: &SourceFile, span: &std::ops::Range<usize>) -> Range {
    Range::new(position(file, span.start), position(file, span.end))
}

fn position(file: &SourceFile, offset: usize) -> Position {
    let at = file.position(offset);
    Position::new((at.line - 1) as u32, (at.column_utf16 - 1) as u32)
}

/// The UTF-16 length of a line's text (without its terminator).
pub fn utf16_len(line: &str) -> u32 {
    line.trim_end_matches(['\r', '\n']).encode_utf16().count() as u32
}

/// The byte offset within `line` of a UTF-16 column (clamped to the line).
pub fn byte_column(line: &str, character: u32) -> usize {
    let mut units = 0u32;
    for (index, ch) in line.char_indices() {
        if units >= character {
            return index;
        }
        units += ch.len_utf16() as u32;
    }
    line.len()
}

/// The path of a `file:` uri (percent-decoded); `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///x` (empty authority) or `file://localhost/x`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    #[cfg(windows)]
    let decoded = {
        // `/C:/x` -> `C:/x`
        let bytes = decoded.as_bytes();
        if bytes.len() > 2 && bytes[0] == b'/' && bytes[2] == b':' {
            decoded[1..].to_string()
        } else {
            decoded
        }
    };
    Some(PathBuf::from(decoded))
}

/// The `file:` uri of a path, percent-encoding what a uri path may not hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    #[cfg(windows)]
    let text = format!("/{}", text.replace('\\', "/"));
    let mut encoded = String::from("file://");
    percent_encode(text, &mut encoded);
    Uri::from_str(&encoded).ok()
}

/// The uri of `path`, a file in the same directory as the buffer `neighbour`, spelled
/// as the client spelled the neighbour's directory: clients encode paths differently
/// (VS Code writes `file:///c%3A/...` for `C:\...`), and a client matches diagnostics
/// to its files by the uri string.
pub fn sibling_uri(neighbour: &Uri, path: &Path) -> Option<Uri> {
    let name = path.file_name()?.to_str()?;
    let text = neighbour.as_str();
    if !text.starts_with("file:") || text.contains(['?', '#']) {
        return None;
    }
    let mut sibling = text[..text.rfind('/')? + 1].to_string();
    percent_encode(name, &mut sibling);
    Uri::from_str(&sibling).ok()
}

/// Appends `text` to `out`, percent-encoding the bytes a uri path may not hold.
fn percent_encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri = Uri::from_str("file:///tmp/a%20b/main.go").unwrap();
        assert_eq!(uri_to_path(&uri), Some(PathBuf::from("/tmp/a b/main.go")));
        let uri = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&uri), None);
        let uri = path_to_uri(Path::new("/tmp/a b/main.go")).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/main.go");
        assert_eq!(uri_to_path(&uri), Some(PathBuf::from("/tmp/a b/main.go")));
    }

    #[test]
    fn siblings_follow_the_clients_spelling() {
        let open = Uri::from_str("file:///c%3A/Users/me/app/main.go").unwrap();
        let sibling = sibling_uri(&open, Path::new("/elsewhere/other file.go")).unwrap();
        assert_eq!(
            sibling.as_str(),
            "file:///c%3A/Users/me/app/other%20file.go"
        );
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(sibling_uri(&untitled, Path::new("/x/a.go")).is_none());
    }

    #[test]
    fn utf16_columns() {
        let line = "s := \"é😀\" // x";
        assert_eq!(utf16_len(line), 15);
        assert_eq!(byte_column(line, 7), 8);
        assert_eq!(byte_column(line, 100), line.len());
    }
}
