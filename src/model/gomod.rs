//! What a package's module says about Go's timer semantics: the nearest
//! `go.mod` above a directory (its `go` directive and `godebug` settings), the
//! `//go:debug` directives of a `main` package's files, and how the two combine
//! with `--go-version` into one verdict, `TimerSemantics`, computed once per
//! package. Before Go 1.23 (or with `asynctimerchan=1`) an unstopped timer or
//! ticker is not garbage collected until it fires, and a ticker never is; from
//! Go 1.23 on both are collected as soon as nothing refers to them.
//!
//! `GoModCache` finds go.mod files for a whole run: every directory visited on
//! the way up is remembered, so each directory is probed and each go.mod read at
//! most once however many packages share it. Owns no syntax: the rules that use
//! the verdict read it from `Package::timers`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A Go language version as written in a `go` directive: `1.22`, `1.21.3`, `go1.23`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl GoVersion {
    /// The release from which unreferenced timers and tickers are garbage collected.
    pub const TIMERS_COLLECTED: GoVersion = GoVersion::new(1, 23, 0);

    /// What the go command assumes for a go.mod without a `go` directive.
    pub const MISSING_DIRECTIVE: GoVersion = GoVersion::new(1, 16, 0);

    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        GoVersion {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.22`, `1.22.0`, `go1.22` and release candidates (`1.23rc1` counts as 1.23).
    pub fn parse(text: &str) -> Option<GoVersion> {
        let text = text.trim();
        let text = text.strip_prefix("go").unwrap_or(text);
        let mut parts = text.splitn(3, '.');
        let major = leading_number(parts.next()?, false)?;
        let minor = match parts.next() {
            Some(part) => leading_number(part, true)?,
            None => 0,
        };
        let patch = match parts.next() {
            Some(part) => leading_number(part, true)?,
            None => 0,
        };
        Some(GoVersion::new(major, minor, patch))
    }
}

/// The number a version component starts with; a suffix (`rc1`, `beta2`) is allowed
/// only where `suffix_ok` says so, and only after at least one digit.
fn leading_number(part: &str, suffix_ok: bool) -> Option<u32> {
    let digits = part.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (!suffix_ok && digits != part.len()) {
        return None;
    }
    let rest = &part[digits..];
    if !rest.is_empty() && !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    part[..digits].parse().ok()
}

impl FromStr for GoVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        GoVersion::parse(text)
            .ok_or_else(|| format!("`{text}` is not a Go version (expected e.g. 1.22 or 1.21.3)"))
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == 0 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

/// The GODEBUG settings that change timer semantics, from go.mod `godebug` lines or
/// `//go:debug` directives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoDebug {
    /// `asynctimerchan=1` (the old, leaking timers) or `=0` (the new ones).
    pub async_timer_chan: Option<bool>,
    /// `default=go1.21`: every setting defaults as in that Go release.
    pub default: Option<GoVersion>,
}

impl GoDebug {
    /// Records one `key=value`; other keys are ignored.
    fn set(&mut self, key: &str, value: &str) {
        match key {
            "asynctimerchan" => match value {
                "1" => self.async_timer_chan = Some(true),
                "0" => self.async_timer_chan = Some(false),
                _ => {}
            },
            "default" => {
                if let Some(version) = value.strip_prefix("go").and_then(GoVersion::parse) {
                    self.default = Some(version);
                }
            }
            _ => {}
        }
    }

    /// Records a `key=value` token (spaces around `=` tolerated).
    fn set_spec(&mut self, spec: &str) {
        if let Some((key, value)) = spec.split_once('=') {
            self.set(key.trim(), value.trim());
        }
    }

    /// Settings from `other` override these where given.
    pub fn merge(&mut self, other: GoDebug) {
        self.async_timer_chan = other.async_timer_chan.or(self.async_timer_chan);
        self.default = other.default.or(self.default);
    }

    pub fn is_empty(&self) -> bool {
        *self == GoDebug::default()
    }

    /// The `//go:debug` directives of one file of a `main` package (before its package
    /// clause, as the go command requires); empty for other packages, whose directives
    /// the go command rejects.
    pub fn from_main_file(text: &str) -> GoDebug {
        let mut found = GoDebug::default();
        if memchr::memmem::find(text.as_bytes(), b"//go:debug").is_none() {
            return found;
        }
        let mut in_block_comment = false;
        for line in text.lines() {
            let line = line.trim();
            if in_block_comment {
                if let Some((_, after)) = line.split_once("*/") {
                    in_block_comment = false;
                    if !after.trim().is_empty() {
                        return GoDebug::default();
                    }
                }
                continue;
            }
            if let Some(directive) = line.strip_prefix("//go:debug") {
                if directive.starts_with([' ', '\t']) {
                    found.set_spec(directive);
                }
            } else if line.is_empty() || line.starts_with("//") {
                continue;
            } else if let Some(comment) = line.strip_prefix("/*") {
                in_block_comment = !comment.contains("*/");
            } else if let Some(clause) = line.strip_prefix("package") {
                let name = clause
                    .split(|c: char| c.is_whitespace() || c == ';' || c == '/')
                    .find(|word| !word.is_empty());
                return if name == Some("main") {
                    found
                } else {
                    GoDebug::default()
                };
            } else {
                break;
            }
        }
        GoDebug::default()
    }
}

/// The facts of one go.mod file that lifelint uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    /// The `go` directive, if the file has one.
    pub go: Option<GoVersion>,
    /// The `godebug` lines and blocks.
    pub godebug: GoDebug,
    /// The `module` path: import paths under it name directories under `dir`.
    pub module: Option<String>,
    /// The directory that holds the go.mod (set by `GoModCache::nearest`).
    pub dir: Option<PathBuf>,
    /// Why the file cannot be trusted, when it cannot: not UTF-8, no `module` line, or
    /// a `go` line whose version does not parse. Version-gated rules are then silent in
    /// its module, and the run says so once.
    pub malformed: Option<String>,
}

impl GoMod {
    /// Reads the `go` directive and `godebug` settings of a go.mod file, ignoring `//`
    /// comments and every other directive and block.
    pub fn parse(text: &str) -> GoMod {
        let mut module = GoMod::default();
        // The verb of the `( ... )` block being read, if any.
        let mut block: Option<String> = None;
        for line in text.lines() {
            let line = match line.find("//") {
                Some(at) => &line[..at],
                None => line,
            };
            let mut words = line.split_whitespace();
            let Some(first) = words.next() else {
                continue;
            };
            if let Some(verb) = &block {
                if first.starts_with(')') {
                    block = None;
                } else if verb == "godebug" {
                    module.godebug.set_spec(line);
                }
                continue;
            }
            let rest = line.trim_start()[first.len()..].trim();
            match first {
                "module" => {
                    let path = rest.trim_matches('"').trim();
                    if !path.is_empty() && !path.starts_with('(') {
                        module.module = Some(path.to_string());
                    }
                }
                "go" => match words.next().and_then(GoVersion::parse) {
                    Some(version) => module.go = Some(version),
                    None => {
                        module.malformed.get_or_insert_with(|| {
                            format!(
                                "its `go` line does not name a Go version: `{}`",
                                line.trim()
                            )
                        });
                    }
                },
                "godebug" => {
                    if let Some(inside) = rest.strip_prefix('(') {
                        // `godebug (` opens a block; `godebug ( k=v )` closes it at once.
                        match inside.split_once(')') {
                            Some((specs, _)) => specs
                                .split_whitespace()
                                .for_each(|spec| module.godebug.set_spec(spec)),
                            None => {
                                inside
                                    .split_whitespace()
                                    .for_each(|spec| module.godebug.set_spec(spec));
                                block = Some("godebug".into());
                            }
                        }
                    } else {
                        module.godebug.set_spec(rest);
                    }
                }
                verb if rest.starts_with('(') && !rest.contains(')') => {
                    block = Some(verb.to_string());
                }
                _ => {}
            }
        }
        module
    }
}

/// Whether the timers of a package leak when nothing stops them, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TimerSemantics {
    /// No go.mod and no `--go-version`: nothing is known, so the timer rules stay silent.
    #[default]
    Unknown,
    /// Go 1.23 semantics: unreferenced timers and tickers are garbage collected.
    Collected,
    /// Pre-1.23 semantics: a timer lives until it fires, a ticker until it is stopped.
    Leaky(LeakReason),
}

/// What decided that a package's timers leak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakReason {
    /// The module's `go` directive.
    GoDirective(GoVersion),
    /// A go.mod without a `go` directive (the go command assumes 1.16).
    NoGoDirective,
    /// `godebug asynctimerchan=1` in go.mod.
    GoModAsyncTimerChan,
    /// `godebug default=goX.Y` in go.mod.
    GoModDefault(GoVersion),
    /// `//go:debug asynctimerchan=1` in the package.
    DirectiveAsyncTimerChan,
    /// `//go:debug default=goX.Y` in the package.
    DirectiveDefault(GoVersion),
    /// `--go-version`, for code without a go.mod.
    Flag(GoVersion),
}

impl fmt::Display for LeakReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeakReason::GoDirective(version) => write!(f, "go.mod says go {version}"),
            LeakReason::NoGoDirective => write!(f, "go.mod has no go directive, so Go 1.16"),
            LeakReason::GoModAsyncTimerChan => write!(f, "go.mod sets asynctimerchan=1"),
            LeakReason::GoModDefault(version) => {
                write!(f, "go.mod sets godebug default=go{version}")
            }
            LeakReason::DirectiveAsyncTimerChan => {
                write!(f, "//go:debug asynctimerchan=1 in this package")
            }
            LeakReason::DirectiveDefault(version) => {
                write!(f, "//go:debug default=go{version} in this package")
            }
            LeakReason::Flag(version) => write!(f, "--go-version {version}"),
        }
    }
}

impl TimerSemantics {
    /// Combines, as the go command does, the `//go:debug` directives of the package
    /// (strongest), the go.mod `godebug` settings, and the go.mod `go` directive. Without a
    /// go.mod only the directives and `flag` (`--go-version`) can tell.
    pub fn resolve(go_mod: Option<&GoMod>, directives: GoDebug, flag: Option<GoVersion>) -> Self {
        // A go.mod that cannot be trusted tells nothing, and nothing else may stand in.
        if go_mod.is_some_and(|m| m.malformed.is_some()) {
            return TimerSemantics::Unknown;
        }
        let verdict = |leaks: bool, reason: LeakReason| {
            if leaks {
                TimerSemantics::Leaky(reason)
            } else {
                TimerSemantics::Collected
            }
        };
        let by_version = |version: GoVersion, reason: LeakReason| {
            verdict(version < GoVersion::TIMERS_COLLECTED, reason)
        };
        let module = go_mod.map(|m| m.godebug).unwrap_or_default();
        if let Some(leaks) = directives.async_timer_chan {
            return verdict(leaks, LeakReason::DirectiveAsyncTimerChan);
        }
        if let Some(leaks) = module.async_timer_chan {
            return verdict(leaks, LeakReason::GoModAsyncTimerChan);
        }
        if let Some(version) = directives.default {
            return by_version(version, LeakReason::DirectiveDefault(version));
        }
        if let Some(version) = module.default {
            return by_version(version, LeakReason::GoModDefault(version));
        }
        match (go_mod, flag) {
            (
                Some(GoMod {
                    go: Some(version), ..
                }),
                _,
            ) => by_version(*version, LeakReason::GoDirective(*version)),
            (Some(_), _) => by_version(GoVersion::MISSING_DIRECTIVE, LeakReason::NoGoDirective),
            (None, Some(version)) => by_version(version, LeakReason::Flag(version)),
            (None, None) => TimerSemantics::Unknown,
        }
    }

    /// Why timers leak here, or `None` when they do not (or nobody knows).
    pub fn leak_reason(self) -> Option<LeakReason> {
        match self {
            TimerSemantics::Leaky(reason) => Some(reason),
            _ => None,
        }
    }
}

/// A `go.work` file: its directory and the module directories it `use`s (absolute,
/// lexically cleaned). Only `use` matters to lifelint: which modules resolve each
/// other's import paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoWork {
    pub dir: PathBuf,
    pub uses: Vec<PathBuf>,
}

impl GoWork {
    /// Parses the text of the `go.work` in `dir`: `use ./a`, `use ( ./a ./b )`, quoted
    /// or not, comments ignored.
    pub fn parse(text: &str, dir: &Path) -> GoWork {
        let mut uses = Vec::new();
        let mut in_use_block = false;
        for line in text.lines() {
            let line = match line.find("//") {
                Some(at) => &line[..at],
                None => line,
            };
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let spec = if in_use_block {
                if line.starts_with(')') {
                    in_use_block = false;
                    continue;
                }
                line
            } else if let Some(rest) = line.strip_prefix("use") {
                let rest = rest.trim();
                if let Some(inside) = rest.strip_prefix('(') {
                    in_use_block = true;
                    inside.trim()
                } else if line.len() > 3 && !line[3..].starts_with(char::is_whitespace) {
                    continue;
                } else {
                    rest
                }
            } else {
                continue;
            };
            let path = spec
                .trim_end_matches(')')
                .trim()
                .trim_matches('"')
                .trim_matches('`');
            if !path.is_empty() {
                uses.push(clean_absolute(&dir.join(path)));
            }
        }
        GoWork {
            dir: dir.to_path_buf(),
            uses,
        }
    }

    /// The `go.work` in `dir` or the nearest directory above it, as the go command
    /// finds it (the `GOWORK` variable is not consulted: a check does not depend on the
    /// shell it runs in). `None` when there is none or it cannot be read.
    pub fn nearest(dir: &Path) -> Option<GoWork> {
        let start = clean_absolute(dir);
        let mut current = Some(start.as_path());
        while let Some(here) = current {
            let candidate = here.join("go.work");
            if candidate.is_file() {
                let text = std::fs::read_to_string(&candidate).ok()?;
                return Some(GoWork::parse(&text, here));
            }
            current = here.parent();
        }
        None
    }
}

/// The nearest go.mod at or above each directory asked about, shared by a whole run.
#[derive(Debug, Default)]
pub struct GoModCache {
    /// Directory (absolute, lexically cleaned) -> the go.mod that governs it.
    dirs: Mutex<HashMap<PathBuf, Option<Arc<GoMod>>>>,
    /// How many go.mod files were read (for tests of the cache).
    reads: AtomicUsize,
    /// Malformed go.mod files already reported, so each is reported once per run.
    reported: Mutex<std::collections::HashSet<PathBuf>>,
}

impl GoModCache {
    /// The go.mod in `dir` or the nearest directory above it. Every directory visited is
    /// remembered with the answer, so the next lookup from any of them costs one map probe.
    pub fn nearest(&self, dir: &Path) -> Option<Arc<GoMod>> {
        let start = clean_absolute(dir);
        // One lock for the whole lookup: a miss costs a few probes, and two packages of
        // one module then never read its go.mod twice.
        let mut dirs = self
            .dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut visited = Vec::new();
        let mut current = Some(start.as_path());
        let found = loop {
            let Some(here) = current else {
                break None;
            };
            if let Some(known) = dirs.get(here) {
                break known.clone();
            }
            visited.push(here.to_path_buf());
            let candidate = here.join("go.mod");
            if candidate.is_file() {
                // A go.mod that is there but unreadable still governs its directory
                // (the go command would stop at it too): it is not skipped for a parent's.
                self.reads.fetch_add(1, Ordering::Relaxed);
                let mut go_mod = match std::fs::read(&candidate) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => GoMod::parse(&text),
                        Err(_) => GoMod {
                            malformed: Some("it is not UTF-8 text".into()),
                            ..GoMod::default()
                        },
                    },
                    Err(error) => GoMod {
                        malformed: Some(format!("it cannot be read: {error}")),
                        ..GoMod::default()
                    },
                };
                if go_mod.malformed.is_none() && go_mod.module.is_none() {
                    go_mod.malformed = Some("it has no `module` line".into());
                }
                go_mod.dir = Some(here.to_path_buf());
                break Some(Arc::new(go_mod));
            }
            current = here.parent();
        };
        for dir in visited {
            dirs.insert(dir, found.clone());
        }
        found
    }

    /// Forgets every go.mod found so far (they are read again on the next lookup).
    pub fn clear(&self) {
        self.dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    /// True the first time it is asked about a malformed `go_mod` in this run: the
    /// caller reports it then, and not again for the module's other packages.
    pub fn first_report_of(&self, go_mod: &GoMod) -> bool {
        go_mod.malformed.is_some()
            && go_mod.dir.as_ref().is_some_and(|dir| {
                self.reported
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(dir.clone())
            })
    }

    /// How many go.mod files this cache has read.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }
}

/// `dir` made absolute against the working directory, with `.` and `..` resolved
/// lexically (as Go's `filepath.Clean` does), so that walking up follows the path as written.
fn clean_absolute(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(GoVersion::parse("1.22"), Some(GoVersion::new(1, 22, 0)));
        assert_eq!(GoVersion::parse("1.21.3"), Some(GoVersion::new(1, 21, 3)));
        assert_eq!(GoVersion::parse("go1.23"), Some(GoVersion::new(1, 23, 0)));
        assert_eq!(GoVersion::parse("1.23rc1"), Some(GoVersion::new(1, 23, 0)));
        assert_eq!(GoVersion::parse("1"), Some(GoVersion::new(1, 0, 0)));
        for bad in ["", "go", "x1.2", "1.x", "1..2", "1.2.3.4", "1.2-3"] {
            assert_eq!(GoVersion::parse(bad), None, "{bad:?}");
        }
        assert!(GoVersion::new(1, 22, 9) < GoVersion::TIMERS_COLLECTED);
        assert!(GoVersion::new(1, 9, 0) < GoVersion::new(1, 10, 0));
        assert!(GoVersion::new(1, 23, 1) > GoVersion::TIMERS_COLLECTED);
        assert_eq!(GoVersion::new(1, 22, 0).to_string(), "1.22");
        assert_eq!(GoVersion::new(1, 21, 3).to_string(), "1.21.3");
        assert!("1.x".parse::<GoVersion>().unwrap_err().contains("1.x"));
    }

    #[test]
    fn go_mod_directives_and_godebug_forms() {
        let module = GoMod::parse(
            "module example.com/m // go 1.99 in a comment\n\n\
             go 1.21.3\n\
             toolchain go1.23.0\n\
             require (\n\tgo 1.99\n\tgodebug asynctimerchan=0\n)\n\
             godebug asynctimerchan=1\n",
        );
        assert_eq!(module.go, Some(GoVersion::new(1, 21, 3)));
        assert_eq!(module.godebug.async_timer_chan, Some(true));

        let block = GoMod::parse(
            "module m\ngo 1.23\ngodebug (\n\tdefault=go1.21 // old defaults\n\tasynctimerchan=0\n)\n",
        );
        assert_eq!(block.go, Some(GoVersion::new(1, 23, 0)));
        assert_eq!(block.godebug.async_timer_chan, Some(false));
        assert_eq!(block.godebug.default, Some(GoVersion::new(1, 21, 0)));

        let inline = GoMod::parse("module m\ngo 1.23\ngodebug ( asynctimerchan=1 )\n");
        assert_eq!(inline.godebug.async_timer_chan, Some(true));

        let bare = GoMod::parse("module m\n");
        assert_eq!(
            bare,
            GoMod {
                module: Some("m".into()),
                ..GoMod::default()
            }
        );
        let quoted = GoMod::parse("// c\nmodule \"example.com/a b\" // why\n");
        assert_eq!(quoted.module.as_deref(), Some("example.com/a b"));
    }

    #[test]
    fn go_debug_directives_count_only_in_main_before_the_clause() {
        let main = "// Command x.\n//go:debug asynctimerchan=1\n\n/* a\nblock */\npackage main\n";
        assert_eq!(GoDebug::from_main_file(main).async_timer_chan, Some(true));
        let library = "//go:debug asynctimerchan=1\npackage lib\n";
        assert!(GoDebug::from_main_file(library).is_empty());
        let late = "package main\n//go:debug asynctimerchan=1\n";
        assert!(GoDebug::from_main_file(late).is_empty());
        let default = "//go:debug default=go1.22\npackage main // the command\n";
        assert_eq!(
            GoDebug::from_main_file(default).default,
            Some(GoVersion::new(1, 22, 0))
        );
        assert!(GoDebug::from_main_file("//go:debugx=1\npackage main\n").is_empty());
    }

    #[test]
    fn semantics_follow_the_go_command_precedence() {
        let module = |text: &str| GoMod::parse(text);
        let old = module("go 1.22\n");
        let new = module("go 1.23\n");
        let none = GoDebug::default();
        let v = |s: &str| GoVersion::parse(s).unwrap();
        assert_eq!(
            TimerSemantics::resolve(Some(&old), none, None),
            TimerSemantics::Leaky(LeakReason::GoDirective(v("1.22")))
        );
        assert_eq!(
            TimerSemantics::resolve(Some(&new), none, Some(v("1.19"))),
            TimerSemantics::Collected,
            "go.mod wins over the flag"
        );
        assert_eq!(
            TimerSemantics::resolve(Some(&module("module m\n")), none, None),
            TimerSemantics::Leaky(LeakReason::NoGoDirective)
        );
        assert_eq!(
            TimerSemantics::resolve(
                Some(&module("go 1.23\ngodebug asynctimerchan=1\n")),
                none,
                None
            ),
            TimerSemantics::Leaky(LeakReason::GoModAsyncTimerChan)
        );
        assert_eq!(
            TimerSemantics::resolve(
                Some(&module("go 1.22\ngodebug asynctimerchan=0\n")),
                none,
                None
            ),
            TimerSemantics::Collected
        );
        assert_eq!(
            TimerSemantics::resolve(
                Some(&module("go 1.23\ngodebug default=go1.21\n")),
                none,
                None
            ),
            TimerSemantics::Leaky(LeakReason::GoModDefault(v("1.21")))
        );
        let directive = GoDebug {
            async_timer_chan: Some(true),
            default: None,
        };
        let gomod_says_new = module("go 1.23\ngodebug asynctimerchan=0\n");
        assert_eq!(
            TimerSemantics::resolve(Some(&gomod_says_new), directive, None),
            TimerSemantics::Leaky(LeakReason::DirectiveAsyncTimerChan),
            "//go:debug overrides go.mod"
        );
        assert_eq!(
            TimerSemantics::resolve(None, none, None),
            TimerSemantics::Unknown
        );
        assert_eq!(
            TimerSemantics::resolve(None, none, Some(v("1.22"))),
            TimerSemantics::Leaky(LeakReason::Flag(v("1.22")))
        );
        assert_eq!(
            TimerSemantics::resolve(None, none, Some(v("1.23"))),
            TimerSemantics::Collected
        );
    }

    #[test]
    fn cache_reads_each_go_mod_once_and_finds_the_nearest() {
        let root = tempfile::tempdir().unwrap();
        let module = root.path().join("module");
        let deep = module.join("a/b/c");
        let nested = module.join("a/inner");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(module.join("go.mod"), "module m\n\ngo 1.22\n").unwrap();
        std::fs::write(nested.join("go.mod"), "module m/inner\n\ngo 1.23\n").unwrap();
        let cache = GoModCache::default();
        let found = cache.nearest(&deep).unwrap();
        assert_eq!(found.go, Some(GoVersion::new(1, 22, 0)));
        assert_eq!(cache.reads(), 1);
        // Every directory on the way up is now known: no further read, same answer.
        for dir in [module.join("a/b"), module.join("a"), module.clone()] {
            assert!(Arc::ptr_eq(&cache.nearest(&dir).unwrap(), &found));
        }
        assert!(Arc::ptr_eq(
            &cache.nearest(&deep.join("../../b/c/.")).unwrap(),
            &found
        ));
        assert_eq!(cache.reads(), 1);
        assert_eq!(
            cache.nearest(&nested).unwrap().go,
            Some(GoVersion::new(1, 23, 0))
        );
        assert_eq!(cache.reads(), 2);
        assert!(cache.nearest(root.path()).is_none());
        assert_eq!(cache.reads(), 2);
    }
}
