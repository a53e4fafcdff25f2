//! The open buffers: uri -> (path, text, version). Their text is used instead
//! of the disk when their package is checked; the other files of the package
//! are read from disk (and reported too). Also keeps the diagnostics last published per buffer,
//! for code actions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Uri;

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

/// Every open buffer, by uri.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
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

    /// Replaces a buffer's text; `false` (and no change) when the version is stale
    /// or the buffer is not open.
    pub fn change(&mut self, uri: &Uri, text: String, version: i32) -> bool {
        match self.open.get_mut(uri) {
            Some(doc) if version >= doc.version => {
                doc.text = text;
                doc.version = version;
                true
            }
            _ => false,
        }
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

    /// The files of the package in `dir`: open buffers' text, then the other
    /// `.go` files from disk; all reported, so the whole package is published. Names starting with `_` or `.`
    /// are skipped, as the go command does.
    pub fn package_files(&self, dir: &Path) -> Vec<InMemoryFile> {
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
        let mut on_disk: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
                .map(|entry| entry.path())
                .filter(|path| is_go_file(path) && !open.iter().any(|(_, open)| open == path))
                .collect(),
            Err(error) => {
                eprintln!("lifelint lsp: reading {}: {error}", dir.display());
                Vec::new()
            }
        };
        on_disk.sort();
        for path in on_disk {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push(InMemoryFile {
                    path,
                    text,
                    reported: true,
                }),
                Err(error) => eprintln!("lifelint lsp: reading {}: {error}", path.display()),
            }
        }
        files
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
