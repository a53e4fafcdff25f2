//! The result cache of `lifelint check`: one entry per package directory, replayed
//! when nothing its findings were computed from has changed. That is: this build of
//! lifelint (version and executable), the settings that can change a finding, the
//! package's files (names, whether reported, content hashes), the go.mod and go.work
//! that govern it, and the files of every other package of the module whose summaries
//! the check consulted. Anything else — a file added, removed or edited, a sibling
//! package's helper rewritten — is a miss, and the package is checked afresh.
//!
//! Entries are JSON files written atomically (a temporary file renamed into place),
//! so concurrent runs never read half an entry; an entry that cannot be read or
//! parsed is a miss. Only packages whose every file could be read are stored.

pub mod entry;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

use crate::diagnostic::Problem;
use crate::engine::PackageResult;
use crate::engine::walk::{FileJob, PackageJob};
use crate::model::gomod::{GoModCache, GoWork};
use crate::model::summaries::ModuleSummaries;
use crate::settings::Settings;
use entry::{CachedResult, Entry, FORMAT};

/// The place a run keeps its cache when neither `--cache-dir` nor `LIFELINT_CACHE_DIR`
/// names one: the user's cache directory (`$XDG_CACHE_HOME` or `~/.cache` on Linux,
/// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows), then `lifelint`.
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|dir| dir.join("lifelint"))
}

/// A content hash of one file's bytes, as entries record it.
pub fn stamp(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// Entries of another build or other settings are removed when no run has written
/// them for this long.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// The cache of one run.
pub struct Cache {
    /// `<cache dir>/v<FORMAT>/<run key>`: this run's entries.
    entries: PathBuf,
    root: PathBuf,
    /// Version, executable and settings, hashed: part of every entry's name.
    run: u128,
    /// go.mod directory -> the hash of the go.mod and go.work that govern it.
    contexts: Mutex<HashMap<Option<PathBuf>, u128>>,
    /// Whether the entry directory exists (created on the first store).
    ready: OnceLock<Result<(), String>>,
    /// Files of the packages replayed in this run (their `files_seen`).
    pub files_replayed: AtomicUsize,
}

impl Cache {
    /// The cache under `dir` for a run with `settings`; `None` when this executable
    /// cannot be identified (then a stored result could come from another build).
    pub fn new(dir: &Path, settings: &Settings) -> Option<Cache> {
        let exe = std::env::current_exe().ok()?;
        let metadata = std::fs::metadata(exe).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let mut run = Xxh3Default::new();
        for part in [
            crate::VERSION.as_bytes(),
            &FORMAT.to_le_bytes(),
            &metadata.len().to_le_bytes(),
            &modified.as_nanos().to_le_bytes(),
            settings.fingerprint().as_bytes(),
        ] {
            run.update(&(part.len() as u64).to_le_bytes());
            run.update(part);
        }
        let run = run.digest128();
        Some(Cache {
            entries: dir.join(format!("v{FORMAT}")).join(hex(run)),
            root: dir.to_path_buf(),
            run,
            contexts: Mutex::new(HashMap::new()),
            ready: OnceLock::new(),
            files_replayed: AtomicUsize::new(0),
        })
    }

    /// The stored result of `package`, when every input it was computed from is as it
    /// is now. `stamps` are this run's stamps of the package's files (`None` for one that
    /// could not be read: never replayed); `text_of(i)` gives file `i`'s text.
    pub fn replay(
        &self,
        package: &PackageJob,
        stamps: &[Option<u128>],
        text_of: impl Fn(usize) -> Option<String>,
        go_mods: &GoModCache,
        module: &ModuleSummaries,
    ) -> Option<PackageResult> {
        let stamps: Vec<u128> = stamps.iter().copied().collect::<Option<_>>()?;
        let dir = std::path::absolute(&package.dir).ok()?;
        let bytes = std::fs::read(self.entry_path(&dir)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        let fresh = entry.format == FORMAT
            && entry.run == hex(self.run)
            && entry.dir == dir.to_string_lossy()
            && same_files(&entry.files, &package.files, &stamps)
            && entry.module_context == hex(self.module_context(&package.dir, go_mods))
            && entry.consulted.iter().all(|(dir, fingerprint)| {
                *fingerprint == hex(module.fingerprint_of(Path::new(dir)))
            });
        if !fresh {
            return None;
        }
        let result = entry.result.into_result(&package.files, text_of)?;
        self.files_replayed
            .fetch_add(result.files_seen, Ordering::Relaxed);
        Some(result)
    }

    /// Stores `result` for `package`, computed from files with these `stamps` and with
    /// the summaries of the `consulted` directories. Returns a problem to report when the
    /// cache cannot be written (the first time only; the run goes on without storing).
    pub fn store(
        &self,
        package: &PackageJob,
        stamps: &[Option<u128>],
        consulted: &[PathBuf],
        result: &PackageResult,
        go_mods: &GoModCache,
        module: &ModuleSummaries,
    ) -> Option<Problem> {
        let stamps: Vec<u128> = stamps.iter().copied().collect::<Option<_>>()?;
        let cached = CachedResult::from_result(result, &package.files)?;
        // Keyed by the absolute directory: the paths of the files are as the walk gave
        // them, relative to the working directory when the patterns were.
        let dir = std::path::absolute(&package.dir).ok()?;
        let mut first_failure = false;
        let ready = self.ready.get_or_init(|| {
            first_failure = true;
            self.prepare()
        });
        if let Err(message) = ready {
            return first_failure.then(|| self.problem(message));
        }
        let entry = Entry {
            format: FORMAT,
            run: hex(self.run),
            dir: dir.to_string_lossy().into_owned(),
            files: package
                .files
                .iter()
                .zip(&stamps)
                .map(|(job, stamp)| {
                    (
                        job.path.to_string_lossy().into_owned(),
                        job.reported,
                        hex(*stamp),
                    )
                })
                .collect(),
            module_context: hex(self.module_context(&package.dir, go_mods)),
            consulted: consulted
                .iter()
                .map(|dir| {
                    (
                        dir.to_string_lossy().into_owned(),
                        hex(module.fingerprint_of(dir)),
                    )
                })
                .collect(),
            result: cached,
        };
        // A failed write of one entry (a full disk) costs that entry only.
        if let Ok(bytes) = serde_json::to_vec(&entry) {
            let _ = self.write_atomically(&self.entry_path(&dir), &bytes);
        }
        None
    }

    fn problem(&self, message: &str) -> Problem {
        Problem {
            path: self.root.display().to_string(),
            message: format!("result cache not used: {message}"),
            is_error: false,
        }
    }

    /// Creates the entry directory, with a `CACHEDIR.TAG` (backup tools skip the
    /// directory) and a `.gitignore` (a cache inside a repository is never committed),
    /// and removes the entries of other builds or settings unused for `STALE_AFTER`.
    fn prepare(&self) -> Result<(), String> {
        std::fs::create_dir_all(&self.entries).map_err(|error| error.to_string())?;
        // Touched so that its age says when it was last written.
        let now = std::time::SystemTime::now();
        let _ = std::fs::File::open(&self.entries).and_then(|dir| dir.set_modified(now));
        if let Some(formats) = self.entries.parent()
            && let Ok(runs) = std::fs::read_dir(formats)
        {
            for run in runs.filter_map(Result::ok) {
                let stale = run
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|time| now.duration_since(time).is_ok_and(|age| age > STALE_AFTER));
                if stale && run.path() != self.entries {
                    // Another run may be using it: a failure here is not ours to report.
                    let _ = std::fs::remove_dir_all(run.path());
                }
            }
        }
        let tag = self.root.join("CACHEDIR.TAG");
        if !tag.exists() {
            let text = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is lifelint's result cache; see https://bford.info/cachedir/\n";
            self.write_atomically(&tag, text.as_bytes())?;
            self.write_atomically(&self.root.join(".gitignore"), b"*\n")?;
        }
        Ok(())
    }

    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        let dir = path.parent().unwrap_or(&self.entries);
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|error| error.to_string())?;
        file.write_all(bytes).map_err(|error| error.to_string())?;
        file.persist(path)
            .map(|_| ())
            .map_err(|error| error.error.to_string())
    }

    fn entry_path(&self, dir: &Path) -> PathBuf {
        let mut name = Xxh3Default::new();
        name.update(&self.run.to_le_bytes());
        name.update(dir.as_os_str().as_encoded_bytes());
        self.entries.join(format!("{}.json", hex(name.digest128())))
    }

    /// A hash of the go.mod that governs `dir` (its place and bytes) and of the go.work
    /// above it with the go.mod of each module it uses: what the Go version, the timer
    /// semantics and the resolution of the module's import paths are read from.
    fn module_context(&self, dir: &Path, go_mods: &GoModCache) -> u128 {
        let root = go_mods.nearest(dir).and_then(|go_mod| go_mod.dir.clone());
        let mut contexts = self
            .contexts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = contexts.get(&root) {
            return *known;
        }
        let mut hash = Xxh3Default::new();
        let mut add_file = |path: &Path| {
            hash.update(path.as_os_str().as_encoded_bytes());
            match std::fs::read(path) {
                Ok(bytes) => hash.update(&stamp(&bytes).to_le_bytes()),
                Err(_) => hash.update(b"unreadable"),
            }
        };
        if let Some(root) = &root {
            add_file(&root.join("go.mod"));
            if let Some(work) = GoWork::nearest(root) {
                add_file(&work.dir.join("go.work"));
                for used in &work.uses {
                    add_file(&used.join("go.mod"));
                }
            }
        }
        let context = hash.digest128();
        contexts.insert(root, context);
        context
    }
}

fn same_files(stored: &[(String, bool, String)], jobs: &[FileJob], stamps: &[u128]) -> bool {
    stored.len() == jobs.len()
        && stored.iter().zip(jobs.iter().zip(stamps)).all(
            |((path, reported, stamp), (job, now))| {
                *path == job.path.to_string_lossy()
                    && *reported == job.reported
                    && *stamp == hex(*now)
            },
        )
}

fn hex(value: u128) -> String {
    format!("{value:032x}")
}
