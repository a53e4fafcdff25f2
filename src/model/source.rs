//! Source text of one file and the arithmetic between byte offsets, 1-based
//! lines and columns (bytes for text and JSON, UTF-16 code units for SARIF and
//! the LSP). Owns no syntax: that is `model::GoFile`'s job.

use std::ops::Range;
use std::path::PathBuf;

/// One file's text, its path as given on disk and as shown to users, and a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// Path used to read the file.
    pub path: PathBuf,
    /// Path shown in reports: relative to the working directory when possible, `/`-separated.
    pub display: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based position: line, byte column and UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path,
            display,
            text,
            line_starts,
        }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index(offset) + 1
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, line_index: usize) -> Range<usize> {
        let start = self.line_starts[line_index];
        let mut end = self
            .line_starts
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Number of lines (a file without a trailing newline still counts its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 0-based line.
    pub fn line_text(&self, line_index: usize) -> &str {
        &self.text[self.line_range(line_index)]
    }

    /// 1-based position of a byte offset (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let before = &self.text[start..offset];
        Position {
            line: line + 1,
            column: before.len() + 1,
            column_utf16: before.encode_utf16().count() + 1,
        }
    }

    /// True when the line holding `offset` has only whitespace before it.
    pub fn starts_line(&self, offset: usize) -> bool {
        let start = self.line_starts[self.line_index(offset)];
        self.text[start..offset].trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.go".into(), "a.go".into(), text.to_string())
    }

    #[test]
    fn positions_count_bytes_and_utf16_units() {
        // 'é' is 2 bytes and 1 UTF-16 unit; '😀' is 4 bytes and 2 units.
        let f = file("package p\nvar s = \"é😀\" + x\n");
        let x = f.text.find('x').unwrap();
        let pos = f.position(x);
        assert_eq!(pos.line, 2);
        assert_eq!(pos.column, 20);
        assert_eq!(pos.column_utf16, 17);
    }

    #[test]
    fn line_ranges_drop_crlf() {
        let f = file("a\r\nbc\nd");
        assert_eq!(f.line_text(0), "a");
        assert_eq!(f.line_text(1), "bc");
        assert_eq!(f.line_text(2), "d");
        assert_eq!(f.line_count(), 3);
        assert_eq!(f.line_of(4), 2);
    }

    #[test]
    fn position_clamps_out_of_range_offsets() {
        let f = file("ab");
        assert_eq!(f.position(99).column, 3);
    }
}
