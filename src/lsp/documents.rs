//! The open buffers: uri -> (path, text, version). Their text is used instead
//! of the disk when their package is checked; the other files of the package
//! are read from disk (and reported too). Also keeps the diagnostics last published per buffer,
//! for code actions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Point};

use crate::engine::InMemoryFile;

/// One open buffer.
#[derive(Debug)]
pub struct Document {
    /// The file's path, when the uri is a `file:` uri.
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
    /// What was last published for this buffer.
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

/// Every open buffer, by uri, and the closed files of their packages as last read.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
    /// Closed files read from disk: read again only when their size or modification
    /// time changes.
    disk: HashMap<PathBuf, DiskFile>,
}

#[derive(Debug)]
struct DiskFile {
    len: u64,
    modified: Option<std::time::SystemTime>,
    text: String,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = super::convert::uri_to_path(&uri);
        self.open.insert(
            uri,
            Document {
                path,
                text,
                version,
                diagnostics: Vec::new(),
            },
        );
    }

    /// Applies a `didChange`'s changes in order (incremental sync: a change with a range
    /// replaces that range; one without replaces the whole text). Gives the tree edits
    /// they amount to (`None` when a whole text was replaced, so no old tree applies),
    /// or nothing when the version is stale or the buffer is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
    ) -> Option<Option<Vec<InputEdit>>> {
        let doc = self
            .open
            .get_mut(uri)
            .filter(|doc| version >= doc.version)?;
        let mut edits = Some(Vec::with_capacity(changes.len()));
        for change in changes {
            match change.range {
                Some(range) => {
                    let edit = apply_range(&mut doc.text, range, &change.text);
                    if let Some(edits) = &mut edits {
                        edits.push(edit);
                    }
                }
                None => {
                    doc.text = change.text;
                    edits = None;
                }
            }
        }
        doc.version = version;
        Some(edits)
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// The directory (package) of an open `.go` buffer.
    pub fn package_dir(&self, uri: &Uri) -> Option<PathBuf> {
        let path = self.open.get(uri)?.path.as_ref()?;
        if path.extension().is_some_and(|ext| ext == "go") {
            path.parent().map(Path::to_path_buf)
        } else {
            None
        }
    }

    /// The open buffers of a directory, as (uri, path).
    pub fn open_in(&self, dir: &Path) -> Vec<(Uri, PathBuf)> {
        let mut open: Vec<(Uri, PathBuf)> = self
            .open
            .iter()
            .filter_map(|(uri, doc)| {
                let path = doc.path.as_ref()?;
                (path.parent() == Some(dir) && is_go_file(path))
                    .then(|| (uri.clone(), path.clone()))
            })
            .collect();
        open.sort();
        open
    }

    /// The files of the package in `dir`: open buffers' text, then the other `.go`
    /// files from disk (read again only when their size or modification time changed).
    /// Open buffers are reported; closed files only when `closed_reported`. Names
    /// starting with `_` or `.` are skipped, as the go command does.
    pub fn package_files(&mut self, dir: &Path, closed_reported: bool) -> Vec<InMemoryFile> {
        let open = self.open_in(dir);
        let mut files: Vec<InMemoryFile> = open
            .iter()
            .filter_map(|(uri, path)| {
                Some(InMemoryFile {
                    path: path.clone(),
                    text: self.open.get(uri)?.text.clone(),
                    reported: true,
                })
            })
            .collect();
        let mut on_disk: Vec<(PathBuf, std::fs::Metadata)> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter_map(|entry| Some((entry.path(), entry.metadata().ok()?)))
                .filter(|(path, metadata)| {
                    metadata.is_file()
                        && is_go_file(path)
                        && !open.iter().any(|(_, open)| open == path)
                })
                .collect(),
            Err(error) => {
                eprintln!("lifelint lsp: reading {}: {error}", dir.display());
                Vec::new()
            }
        };
        on_disk.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, metadata) in on_disk {
            let modified = metadata.modified().ok();
            let known = self
                .disk
                .get(&path)
                .is_some_and(|file| file.len == metadata.len() && file.modified == modified);
            if !known {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        let file = DiskFile {
                            len: metadata.len(),
                            modified,
                            text,
                        };
                        self.disk.insert(path.clone(), file);
                    }
                    Err(error) => {
                        eprintln!("lifelint lsp: reading {}: {error}", path.display());
                        self.disk.remove(&path);
                        continue;
                    }
                }
            }
            if let Some(file) = self.disk.get(&path) {
                files.push(InMemoryFile {
                    text: file.text.clone(),
                    path,
                    reported: closed_reported,
                });
            }
        }
        files
    }

    /// Forgets the closed files of `dir` (no open buffer is left there).
    pub fn forget_disk(&mut self, dir: &Path) {
        self.disk.retain(|path, _| path.parent() != Some(dir));
    }
}

/// A `.go` file the go command would build: not `_`- or `.`-prefixed.
fn is_go_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            name.ends_with(".go") && !name.starts_with('_') && !name.starts_with('.')
        })
}

/// The byte offset of an LSP position (line, UTF-16 column) in `text`, clamped to the
/// end of its line (and of the text), as the specification asks.
fn offset_of(text: &str, position: lsp_types::Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(newline) => start += newline + 1,
            None => return text.len(),
        }
    }
    let line = text[start..].split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    start + super::convert::byte_column(line, position.character)
}

/// The row and byte column of `offset` in `text`.
fn point_of(text: &str, offset: usize) -> Point {
    let before = &text[..offset];
    let row = memchr::memchr_iter(b'\n', before.as_bytes()).count();
    let column = offset - before.rfind('\n').map_or(0, |newline| newline + 1);
    Point { row, column }
}

/// Replaces `range` of `text` with `new_text`; gives the edit in tree-sitter's terms.
fn apply_range(text: &mut String, range: lsp_types::Range, new_text: &str) -> InputEdit {
    let start_byte = offset_of(text, range.start);
    let old_end_byte = offset_of(text, range.end).max(start_byte);
    let start_position = point_of(text, start_byte);
    let old_end_position = point_of(text, old_end_byte);
    text.replace_range(start_byte..old_end_byte, new_text);
    let new_end_byte = start_byte + new_text.len();
    InputEdit {
        start_byte,
        old_end_byte,
        new_end_byte,
        start_position,
        old_end_position,
        new_end_position: point_of(text, new_end_byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(
        text: &str,
        (l1, c1): (u32, u32),
        (l2, c2): (u32, u32),
        new: &str,
    ) -> (String, InputEdit) {
        let mut text = text.to_string();
        let range = Range::new(Position::new(l1, c1), Position::new(l2, c2));
        let edit = apply_range(&mut text, range, new);
        (text, edit)
    }

    #[test]
    fn ranged_changes_apply_in_utf16_columns_and_give_tree_edits() {
        // `é` is one UTF-16 unit and two bytes; `𝄞` two units and four bytes.
        let (text, edit) = change("a é 𝄞 b\nsecond\n", (0, 7), (0, 8), "c");
        assert_eq!(text, "a é 𝄞 c\nsecond\n");
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (10, 11, 11)
        );
        assert_eq!(edit.start_position, Point { row: 0, column: 10 });
        // Across lines, inserting a newline.
        let (text, edit) = change("one\ntwo\nthree", (0, 2), (1, 1), "X\nY");
        assert_eq!(text, "onX\nYwo\nthree");
        assert_eq!(edit.old_end_position, Point { row: 1, column: 1 });
        assert_eq!(edit.new_end_position, Point { row: 1, column: 1 });
        assert_eq!(
            (edit.start_byte, edit.old_end_byte, edit.new_end_byte),
            (2, 5, 5)
        );
        // Past the end of a line or of the text: clamped.
        let (text, _) = change("ab\ncd", (0, 99), (7, 0), "!");
        assert_eq!(text, "ab!");
    }
}
