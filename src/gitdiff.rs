//! `--new-from-rev REV`: which lines changed since a git revision, so that a
//! team adopting lifelint on a large codebase gates only on new findings.
//!
//! The set of changed lines comes from git itself, run as a subprocess:
//! - `git diff --unified=0 --no-color -M REV --` (the working tree, staged or
//!   not, against REV): every line in a hunk's `+c,d` range is new. A file
//!   renamed without edits has no hunks, so its old findings stay quiet; a
//!   renamed and edited file counts only its edited lines (the `+++ b/` path
//!   names it); a deleted file has nothing to report.
//! - `git ls-files --others --exclude-standard :/` (untracked, not ignored):
//!   wholly new.
//!
//! Git prints paths relative to the repository root
//! (`git rev-parse --show-toplevel`); findings carry paths relative to the
//! working directory, so both sides are compared as canonical absolute paths.
//! REV is handed to git as is: a branch, a tag, a commit, or, to compare against
//! where a branch forked, `$(git merge-base origin/main HEAD)`.
//!
//! The filter runs after the check, so findings keep their full-package context
//! (a new line can be a finding because of an old line elsewhere).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Report;

/// What changed in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// Untracked or added: every line is new.
    All,
    /// 1-based line ranges (end exclusive) added or changed.
    Lines(Vec<Range<usize>>),
}

/// The lines added or changed since a revision, by canonical absolute path.
#[derive(Debug, Default)]
pub struct ChangedLines {
    files: HashMap<PathBuf, Change>,
}

impl ChangedLines {
    /// Asks git, in the working directory, what changed since `rev`. The error
    /// is one line: what failed and git's own message.
    pub fn since(rev: &str) -> Result<ChangedLines, String> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(format!("--new-from-rev: `{rev}` is not a revision"));
        }
        let top = git(&["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let top = top.canonicalize().unwrap_or(top);
        let diff = git(&[
            "-c",
            "core.quotePath=false",
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "-M",
            rev,
            "--",
        ])?;
        // `:/` is the whole repository, `--full-name` paths from its root,
        // wherever in it the working directory is.
        let untracked = git(&[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "-z",
            "--",
            ":/",
        ])?;
        let mut files = HashMap::new();
        for (path, lines) in parse_diff(&diff) {
            files.insert(top.join(path), Change::Lines(lines));
        }
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            files.insert(top.join(path), Change::All);
        }
        Ok(ChangedLines { files })
    }

    /// Whether 1-based `line` of `path` (relative to the working directory or
    /// absolute) is new.
    pub fn contains(&self, path: &Path, line: usize) -> bool {
        path.canonicalize()
            .is_ok_and(|path| self.is_new(&path, line))
    }

    fn is_new(&self, canonical: &Path, line: usize) -> bool {
        match self.files.get(canonical) {
            Some(Change::All) => true,
            Some(Change::Lines(ranges)) => ranges.iter().any(|r| r.contains(&line)),
            None => false,
        }
    }

    /// Drops the findings whose primary line is not new.
    pub fn filter(&self, report: &mut Report) {
        let mut canonical: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
        report.diagnostics.retain(|d| {
            let path = canonical
                .entry(d.file.path.clone())
                .or_insert_with(|| d.file.path.canonicalize().ok());
            path.as_deref()
                .is_some_and(|path| self.is_new(path, d.file.line_of(d.span.start)))
        });
    }
}

/// Runs git with `args` in the working directory; stdout, or git's first error line.
fn git(args: &[&str]) -> Result<String, String> {
    // Read-only: `git diff` would otherwise refresh and rewrite `.git/index`
    // (an optional lock) in the user's repository.
    let output = Command::new("git")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("exited with an error");
        // The subcommand: the first word that is neither an option nor `-c`'s value.
        let command = args
            .iter()
            .find(|a| !a.starts_with('-') && !a.contains('='));
        return Err(format!("git {}: {first}", command.unwrap_or(&"")));
    }
    String::from_utf8(output.stdout).map_err(|_| "git printed a path that is not UTF-8".into())
}

/// The new-side line ranges of each file in a `git diff --unified=0` patch,
/// keyed by the `+++ b/` path (relative to the repository root). Deleted files
/// and files without hunks (pure renames, mode changes, binaries) are absent.
pub fn parse_diff(patch: &str) -> HashMap<String, Vec<Range<usize>>> {
    let mut files: HashMap<String, Vec<Range<usize>>> = HashMap::new();
    let mut current: Option<String> = None;
    for line in patch.lines() {
        if line.starts_with("diff --git ") {
            current = None;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            let path = unquote(path);
            current = path.strip_prefix("b/").map(str::to_string);
        } else if line.starts_with("@@ ")
            && let (Some(path), Some(range)) = (&current, parse_hunk_header(line))
        {
            let ranges = files.entry(path.clone()).or_default();
            if !range.is_empty() {
                ranges.push(range);
            }
        }
    }
    files
}

/// The new-side lines of a hunk header `@@ -a[,b] +c[,d] @@ ...`, as a 1-based
/// end-exclusive range (`d` defaults to 1; `d == 0` is an empty range).
pub fn parse_hunk_header(line: &str) -> Option<Range<usize>> {
    let rest = line.strip_prefix("@@ -")?;
    let (_old, rest) = rest.split_once(' ')?;
    let new = rest.strip_prefix('+')?;
    let new = new.split(' ').next()?;
    let (start, count) = match new.split_once(',') {
        Some((start, count)) => (start.parse::<usize>().ok()?, count.parse::<usize>().ok()?),
        None => (new.parse::<usize>().ok()?, 1),
    };
    Some(start..start + count)
}

/// A path from a `+++` line: git C-quotes names with unusual characters.
fn unquote(path: &str) -> String {
    let path = path.trim_end_matches('\t');
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&d @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(d - b'0');
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_header_with_counts() {
        assert_eq!(parse_hunk_header("@@ -3,2 +5,4 @@ func f() {"), Some(5..9));
    }

    #[test]
    fn hunk_header_count_defaults_to_one() {
        assert_eq!(parse_hunk_header("@@ -3 +7 @@"), Some(7..8));
        assert_eq!(parse_hunk_header("@@ -3,0 +4 @@"), Some(4..5));
    }

    #[test]
    fn hunk_header_pure_deletion_is_empty() {
        assert_eq!(parse_hunk_header("@@ -10,3 +9,0 @@"), Some(9..9));
    }

    #[test]
    fn hunk_header_new_file() {
        assert_eq!(parse_hunk_header("@@ -0,0 +1,12 @@"), Some(1..13));
    }

    #[test]
    fn hunk_header_malformed() {
        assert_eq!(parse_hunk_header("@@ garbage @@"), None);
        assert_eq!(parse_hunk_header("@@ -1,2 +x,3 @@"), None);
        assert_eq!(parse_hunk_header("+++ b/a.go"), None);
    }

    #[test]
    fn diff_with_edit_rename_delete_and_new_file() {
        let patch = "\
diff --git a/p/a.go b/p/a.go
index 1111111..2222222 100644
--- a/p/a.go
+++ b/p/a.go
@@ -4,0 +5,2 @@ func f() {
+\tx := 1
+\t_ = x
@@ -9 +11 @@ func g() {
-\told
+\tnew
diff --git a/old.go b/renamed.go
similarity index 100%
rename from old.go
rename to renamed.go
diff --git a/edited_old.go b/edited_new.go
similarity index 90%
rename from edited_old.go
rename to edited_new.go
--- a/edited_old.go
+++ b/edited_new.go
@@ -2 +2 @@
-a
+b
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1,3 +0,0 @@
-package p
diff --git a/fresh.go b/fresh.go
new file mode 100644
--- /dev/null
+++ b/fresh.go
@@ -0,0 +1,3 @@
+package p
diff --git \"a/sp ace\\303\\251.go\" \"b/sp ace\\303\\251.go\"
--- \"a/sp ace\\303\\251.go\"
+++ \"b/sp ace\\303\\251.go\"
@@ -1,2 +1,0 @@
";
        let files = parse_diff(patch);
        assert_eq!(files["p/a.go"], vec![5..7, 11..12]);
        assert_eq!(files["edited_new.go"], vec![2..3]);
        assert_eq!(files["fresh.go"], vec![1..4]);
        assert_eq!(files["sp aceé.go"], Vec::<Range<usize>>::new());
        assert!(!files.contains_key("renamed.go"));
        assert!(!files.contains_key("old.go"));
        assert!(!files.contains_key("gone.go"));
        assert_eq!(files.len(), 4);
    }
}
