//! Expanding go-style patterns into packages: `./...` and `dir/...` walk
//! recursively (skipping `vendor/`, `testdata/` and folders starting with `.` or
//! `_` below the root, as `go build ./...` does), `dir` is that package only,
//! and `file.go` checks that file while loading its siblings for the package
//! index. Files are grouped by directory; every list is sorted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Problem;

/// One directory to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageJob {
    pub dir: PathBuf,
    pub files: Vec<FileJob>,
}

/// One Go file of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileJob {
    pub path: PathBuf,
    /// Path as shown in reports.
    pub display: String,
    /// False for siblings loaded only for the package index.
    pub reported: bool,
}

/// Expands patterns into packages (sorted by directory) and the problems met on the way.
pub fn expand(patterns: &[String]) -> (Vec<PackageJob>, Vec<Problem>) {
    let mut packages: BTreeMap<PathBuf, BTreeMap<PathBuf, bool>> = BTreeMap::new();
    let mut problems = Vec::new();
    // A pattern matched something when it adds a reported file, or names one that an
    // earlier pattern loaded only as a sibling (`check a.go b.go` of one package).
    let reported = |packages: &BTreeMap<PathBuf, BTreeMap<PathBuf, bool>>| {
        packages
            .values()
            .flat_map(BTreeMap::values)
            .filter(|r| **r)
            .count()
    };
    for pattern in patterns {
        let files_before = packages.values().map(BTreeMap::len).sum::<usize>();
        let reported_before = reported(&packages);
        let problems_before = problems.len();
        expand_one(pattern, &mut packages, &mut problems);
        let files_after = packages.values().map(BTreeMap::len).sum::<usize>();
        let pattern_is_known_file = || {
            let named = Path::new(pattern);
            let Ok(canonical) = named.canonicalize() else {
                return false;
            };
            packages.values().any(|files| {
                files.contains_key(named)
                    || files
                        .keys()
                        .any(|k| k.canonicalize().is_ok_and(|k| k == canonical))
            })
        };
        if files_after == files_before
            && reported(&packages) == reported_before
            && problems.len() == problems_before
            && !pattern_is_known_file()
        {
            problems.push(Problem {
                path: pattern.clone(),
                message: "pattern matched no Go files".into(),
                is_error: true,
            });
        }
    }
    let jobs = packages
        .into_iter()
        .filter(|(_, files)| files.values().any(|reported| *reported))
        .map(|(dir, files)| PackageJob {
            dir,
            files: files
                .into_iter()
                .map(|(path, reported)| FileJob {
                    display: display_path(&path),
                    path,
                    reported,
                })
                .collect(),
        })
        .collect();
    (jobs, problems)
}

fn strip_dots(pattern: &str) -> &str {
    let root = pattern.strip_suffix("...").unwrap_or(pattern);
    let root = root.strip_suffix('/').unwrap_or(root);
    if root.is_empty() { "." } else { root }
}

fn expand_one(
    pattern: &str,
    packages: &mut BTreeMap<PathBuf, BTreeMap<PathBuf, bool>>,
    problems: &mut Vec<Problem>,
) {
    if pattern.trim().is_empty() {
        problems.push(Problem {
            path: "\"\"".into(),
            message: "empty pattern: name a directory, `dir/...` or a .go file".into(),
            is_error: true,
        });
        return;
    }
    let recursive = pattern.ends_with("...");
    let root = Path::new(strip_dots(pattern));
    let metadata = match std::fs::metadata(root) {
        Ok(metadata) => metadata,
        Err(error) => {
            problems.push(Problem {
                path: display_path(root),
                message: io_message(&error),
                is_error: true,
            });
            return;
        }
    };
    if metadata.is_file() {
        if recursive || root.extension().is_none_or(|ext| ext != "go") {
            problems.push(Problem {
                path: display_path(root),
                message: "not a Go file or a directory".into(),
                is_error: true,
            });
            return;
        }
        let dir = parent_dir(root);
        add_directory(&dir, packages, problems, false);
        packages
            .entry(dir)
            .or_default()
            .insert(root.to_path_buf(), true);
    } else if !metadata.is_dir() {
        // A FIFO, socket or device named on the command line: say what it is not.
        problems.push(Problem {
            path: display_path(root),
            message: "not a regular file or a directory; skipped".into(),
            is_error: true,
        });
    } else if recursive {
        walk_recursive(root, packages, problems);
    } else {
        add_directory(root, packages, problems, true);
    }
}

fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The `.go` files directly in `dir`.
fn add_directory(
    dir: &Path,
    packages: &mut BTreeMap<PathBuf, BTreeMap<PathBuf, bool>>,
    problems: &mut Vec<Problem>,
    reported: bool,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Problem {
                path: display_path(dir),
                message: io_message(&error),
                is_error: true,
            });
            return;
        }
    };
    let files = packages.entry(dir.to_path_buf()).or_default();
    for entry in entries.flatten() {
        let path = entry.path();
        if is_go_file(&path) && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            let slot = files.entry(path).or_insert(false);
            *slot |= reported;
        }
    }
}

fn walk_recursive(
    root: &Path,
    packages: &mut BTreeMap<PathBuf, BTreeMap<PathBuf, bool>>,
    problems: &mut Vec<Problem>,
) {
    // Links are followed inside the tree; a directory link that leads out of it is not
    // (`go list ./...` stays in its tree too), so a link to `/` or a sibling checkout
    // does not pull in code nobody asked about.
    let canonical_root = root.canonicalize().ok();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 || !entry.file_type().is_dir() {
                return true;
            }
            if skipped_dir(entry.file_name()) {
                return false;
            }
            !entry.path_is_symlink()
                || canonical_root.as_ref().is_some_and(|root| {
                    entry
                        .path()
                        .canonicalize()
                        .is_ok_and(|target| target.starts_with(root))
                })
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_file() && is_go_file(path) {
                    packages
                        .entry(parent_dir(path))
                        .or_default()
                        .insert(path.to_path_buf(), true);
                }
            }
            Err(error) => {
                let path = error
                    .path()
                    .map(display_path)
                    .unwrap_or_else(|| display_path(root));
                let (message, is_error) = if error.loop_ancestor().is_some()
                    || error.io_error().is_some_and(is_link_loop)
                {
                    ("symbolic link loop, not followed".to_string(), false)
                } else if let Some(io) = error.io_error() {
                    (io_message(io), io.kind() != std::io::ErrorKind::NotFound)
                } else {
                    (error.to_string(), true)
                };
                problems.push(Problem {
                    path,
                    message,
                    is_error,
                });
            }
        }
    }
}

/// A link that points (through other links) back at itself: ELOOP from the system.
fn is_link_loop(error: &std::io::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on macOS and the BSDs.
    matches!(error.raw_os_error(), Some(40) if cfg!(target_os = "linux"))
        || matches!(error.raw_os_error(), Some(62) if cfg!(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")))
}

/// Directories that `go build ./...` does not enter.
fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name == "vendor" || name == "testdata" || name.starts_with('.') || name.starts_with('_')
}

/// `.go` files whose names do not start with `.` or `_` (which the go command ignores).
fn is_go_file(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name.ends_with(".go") && !name.starts_with('.') && !name.starts_with('_')
}

/// A path as shown to users: without a leading `./`, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    if text.is_empty() {
        ".".into()
    } else {
        text.to_string()
    }
}

/// An I/O error as a short lower-case phrase.
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        }
    }
}
