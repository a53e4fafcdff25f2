//! `lifelint check --fix` and `--diff`: the findings' fixes applied to the files
//! they came from, or printed as a unified diff. Safe fixes by default; unsafe ones
//! (which may change behaviour beyond the bug) only with `--unsafe-fixes`.
//!
//! Only files the run checked are touched (the findings name them), each rewritten
//! atomically: the new text goes to a temporary file in the same directory, which
//! then replaces the original by rename, keeping its permissions. A file that changed
//! on disk since it was read is left alone. When two fixes overlap, the first (in
//! report order) wins; `--fix` then checks the fixed files again and applies what
//! still applies, round after round (at most `MAX_FIX_ROUNDS`), until nothing does.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostic::{Edit, Report};

/// How many times `--fix` checks the fixed files again for fixes that waited on an
/// overlapping one.
pub const MAX_FIX_ROUNDS: usize = 10;

/// The fixing options of `lifelint check`.
#[derive(Debug, Args, Default, Clone)]
pub struct FixArgs {
    /// Apply the findings' safe fixes to the files, then report what remains
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of the findings; change no file
    /// (exit status 1 when there is something to fix)
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff, also apply fixes that may change behaviour beyond the bug
    #[arg(long)]
    pub unsafe_fixes: bool,
}

/// One file's new text and how many fixes produced it.
pub struct FileFix {
    pub path: PathBuf,
    pub display: String,
    pub before: String,
    pub after: String,
    pub fixes: usize,
}

/// The fixes of `report` that apply, merged per file (files in report order).
pub fn plan(report: &Report, unsafe_fixes: bool) -> Vec<FileFix> {
    let mut by_file: BTreeMap<&Path, (&crate::model::SourceFile, Vec<&Edit>, usize)> =
        BTreeMap::new();
    for diagnostic in &report.diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        if !fix.safe && !unsafe_fixes {
            continue;
        }
        let entry = by_file
            .entry(diagnostic.file.path.as_path())
            .or_insert_with(|| (&diagnostic.file, Vec::new(), 0));
        // Two edits clash when their ranges meet (two insertions at one point included):
        // the later fix is left for the next run.
        let clashes = fix.edits.iter().any(|edit| {
            entry
                .1
                .iter()
                .any(|taken| edit.span.start <= taken.span.end && taken.span.start <= edit.span.end)
        });
        if clashes {
            continue;
        }
        entry.1.extend(fix.edits.iter());
        entry.2 += 1;
    }
    by_file
        .into_values()
        .filter(|(_, _, count)| *count > 0)
        .map(|(file, mut edits, fixes)| {
            edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
            let mut after = file.text.clone();
            for edit in edits.into_iter().rev() {
                after.replace_range(edit.span.clone(), &edit.text);
            }
            FileFix {
                path: file.path.clone(),
                display: file.display.clone(),
                before: file.text.clone(),
                after,
                fixes,
            }
        })
        .collect()
}

/// Writes the unified diff of every planned file to `out`, `a/` and `b/` prefixed as
/// `git apply` and `patch -p1` expect.
pub fn write_diff(files: &[FileFix], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let diff = similar::TextDiff::from_lines(&file.before, &file.after);
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(
                &format!("a/{}", file.display),
                &format!("b/{}", file.display)
            )
        )?;
    }
    Ok(())
}

/// Rewrites each planned file in place, atomically; returns the fixes applied and the
/// files written, and reports on stderr each file it could not write.
pub fn apply(files: &[FileFix]) -> (usize, Vec<PathBuf>) {
    let mut fixes = 0;
    let mut written = Vec::new();
    for file in files {
        match replace(&file.path, &file.before, &file.after) {
            Ok(()) => {
                fixes += file.fixes;
                written.push(file.path.clone());
            }
            Err(message) => eprintln!("lifelint: warning: {}: not fixed: {message}", file.display),
        }
    }
    (fixes, written)
}

/// `path`'s text becomes `after`, provided it still is `before`.
fn replace(path: &Path, before: &str, after: &str) -> Result<(), String> {
    let current = std::fs::read(path).map_err(|e| format!("cannot read it again: {e}"))?;
    if current != before.as_bytes() {
        return Err("it changed since it was checked".into());
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("cannot create a temporary file beside it: {e}"))?;
    temp.write_all(after.as_bytes())
        .and_then(|()| temp.flush())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    if let Ok(metadata) = std::fs::metadata(path) {
        // Best effort: a file system without permissions keeps the default.
        let _ = std::fs::set_permissions(temp.path(), metadata.permissions());
    }
    temp.persist(path)
        .map(|_| ())
        .map_err(|e| format!("cannot replace it: {}", e.error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_refuses_a_file_that_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.go");
        std::fs::write(&path, "package a\n").unwrap();
        assert!(replace(&path, "package b\n", "package c\n").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "package a\n");
        replace(&path, "package a\n", "package c\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "package c\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
