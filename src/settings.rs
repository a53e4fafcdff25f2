//! What a run is asked to do: which rules are on, whether generated files are
//! read, how many threads, the prefilter switch, and what `lifelint.toml` adds
//! (severity overrides, excluded paths, extra helper names). Selectors given on
//! the command line or in the file (`ctx`, `ctx-cancel-discarded`) are parsed
//! here, once, at the edge.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use globset::GlobSet;

use crate::model::gomod::GoVersion;
use crate::rules::{self, Family, RuleMeta, Severity};

/// A set of rules, by index in `rules::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleSet(u64);

impl RuleSet {
    pub fn all() -> Self {
        assert!(rules::ALL.len() <= 64, "RuleSet holds at most 64 rules");
        RuleSet(if rules::ALL.len() == 64 {
            u64::MAX
        } else {
            (1 << rules::ALL.len()) - 1
        })
    }

    /// The rules that run when nothing is selected: every rule but the opt-in ones.
    pub fn defaults() -> Self {
        let mut set = RuleSet::empty();
        for (i, rule) in rules::ALL.iter().enumerate() {
            if !rule.meta().opt_in {
                set.insert(i);
            }
        }
        set
    }

    pub fn empty() -> Self {
        RuleSet(0)
    }

    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    pub fn remove(&mut self, index: usize) {
        self.0 &= !(1 << index);
    }

    pub fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersect(self, other: RuleSet) -> RuleSet {
        RuleSet(self.0 & other.0)
    }

    pub fn union(self, other: RuleSet) -> RuleSet {
        RuleSet(self.0 | other.0)
    }

    /// Indices in ascending order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |i| self.0 & (1 << i) != 0)
    }
}

/// A rule id or a family name from `--enable`/`--disable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSelector {
    Rule(usize),
    Family(Family),
}

impl RuleSelector {
    pub fn parse(text: &str) -> Result<RuleSelector, String> {
        if let Some((index, _)) = rules::by_id(text) {
            return Ok(RuleSelector::Rule(index));
        }
        if let Some(family) = Family::from_name(text) {
            return Ok(RuleSelector::Family(family));
        }
        Err(format!(
            "unknown rule or family `{text}` (see `lifelint rules`; families: {})",
            Family::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// What enabling this selects: a rule named by id, or the default rules of a family
    /// (an opt-in rule must be named by id).
    pub fn enables(self) -> RuleSet {
        match self {
            RuleSelector::Rule(_) => self.rules(),
            RuleSelector::Family(_) => self.rules().intersect(RuleSet::defaults()),
        }
    }

    pub fn rules(self) -> RuleSet {
        let mut set = RuleSet::empty();
        match self {
            RuleSelector::Rule(index) => set.insert(index),
            RuleSelector::Family(family) => {
                for (i, rule) in rules::ALL.iter().enumerate() {
                    if rule.meta().family == family {
                        set.insert(i);
                    }
                }
            }
        }
        set
    }
}

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The rules to run. `Settings::default()` (the library's default) runs every rule,
    /// opt-in ones included; the command line and the Language Server start from
    /// `RuleSet::defaults()`.
    pub enabled: RuleSet,
    pub include_generated: bool,
    /// Skip parsing files that cannot hold a finding of any enabled rule.
    pub prefilter: bool,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    /// The Go version assumed for code with no go.mod above it (`--go-version`); without
    /// it, the timer rules that depend on the version stay silent there.
    pub go_version: Option<GoVersion>,
    /// Per-rule severities from `lifelint.toml` `[severity]`, by rule id; rules not
    /// named keep their default. Applied to each `Diagnostic::severity` after checking.
    pub severity_overrides: BTreeMap<&'static str, Severity>,
    /// Files removed from the walk before they are read (`exclude` in `lifelint.toml`).
    pub exclude: Option<Exclude>,
    /// Extra span-starting functions (`[span] start`), as `pkg.Func`. Parsed and
    /// validated; span rules treat them as starts returning `(ctx, span)`.
    pub extra_span_starts: Vec<String>,
    /// Extra span-ending functions (`[span] end`), as `pkg.Func`.
    pub extra_span_ends: Vec<String>,
    /// Extra functions returning a cancel func (`[ctx] cancel`), as `pkg.Func`.
    pub extra_cancels: Vec<String>,
    /// Where `engine::check` keeps and replays per-package results (`cache`); `None`
    /// (the library's default) checks everything afresh.
    pub cache_dir: Option<PathBuf>,
    /// A package that would parse more bytes of source than this is checked one file at a
    /// time, its trees never all alive at once (`engine::BIG_PARSE_BYTES` by default;
    /// tests lower it). It changes memory and time, never a finding.
    pub stream_above: usize,
}

/// Path globs, relative to `root` (the directory of the config file), whose files are
/// not checked. A file is excluded when its path or the path of one of its ancestor
/// directories below `root` matches.
#[derive(Debug, Clone)]
pub struct Exclude {
    pub root: PathBuf,
    pub globs: GlobSet,
}

impl Exclude {
    /// Whether `path` (absolute, or relative to the current directory) is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            match std::env::current_dir() {
                Ok(cwd) => cwd.join(path),
                Err(_) => return false,
            }
        };
        let absolute = normalize(&absolute);
        let relative = match absolute.strip_prefix(&self.root) {
            Ok(relative) => relative.to_path_buf(),
            // The walk may reach the file through a symbolic link.
            Err(_) => match absolute
                .canonicalize()
                .ok()
                .and_then(|real| real.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            {
                Some(relative) => relative,
                None => return false,
            },
        };
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| self.globs.is_match(p))
    }
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: RuleSet::all(),
            include_generated: false,
            prefilter: true,
            jobs: None,
            max_file_bytes: 4 * 1024 * 1024,
            go_version: None,
            severity_overrides: BTreeMap::new(),
            exclude: None,
            extra_span_starts: Vec::new(),
            extra_span_ends: Vec::new(),
            extra_cancels: Vec::new(),
            cache_dir: None,
            stream_above: crate::engine::BIG_PARSE_BYTES,
        }
    }
}

impl Settings {
    /// Everything in these settings that can change a finding (not the thread count, the
    /// cache's place or the excluded paths, which only choose the files), as text: the
    /// result cache keys its entries by it.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:?}|{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.enabled,
            self.include_generated,
            self.prefilter,
            self.max_file_bytes,
            self.go_version,
            self.severity_overrides,
            self.extra_span_starts,
            self.extra_span_ends,
            self.extra_cancels,
        )
    }

    /// The severity a finding of `rule` is reported with: the override, or the default.
    pub fn severity_of(&self, rule: &RuleMeta) -> Severity {
        self.severity_overrides
            .get(rule.id)
            .copied()
            .unwrap_or(rule.severity)
    }

    /// Whether the file at `path` is excluded by `lifelint.toml`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|e| e.matches(path))
    }

    /// The rule set from `--enable` (only these, when given) minus `--disable`.
    pub fn select(enable: &[String], disable: &[String]) -> Result<RuleSet, String> {
        let parse_all = |values: &[String]| -> Result<Vec<RuleSelector>, String> {
            values
                .iter()
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(RuleSelector::parse)
                .collect()
        };
        let enable = parse_all(enable)?;
        let disable = parse_all(disable)?;
        let mut set = if enable.is_empty() {
            RuleSet::defaults()
        } else {
            let mut set = RuleSet::empty();
            for selector in enable {
                for i in selector.enables().iter() {
                    set.insert(i);
                }
            }
            set
        };
        for selector in disable {
            for i in selector.rules().iter() {
                set.remove(i);
            }
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opt_in_rules_need_their_id() {
        let (index, _) = rules::by_id("timer-afterfunc-capture").unwrap();
        assert!(rules::ALL[index].meta().opt_in);
        let family = rules::ALL[index].meta().family.name().to_string();
        let id = rules::ALL[index].meta().id.to_string();
        assert!(!Settings::select(&[], &[]).unwrap().contains(index));
        assert!(
            !Settings::select(std::slice::from_ref(&family), &[])
                .unwrap()
                .contains(index)
        );
        assert!(
            Settings::select(std::slice::from_ref(&id), &[])
                .unwrap()
                .contains(index)
        );
        assert!(!Settings::select(&[id], &[family]).unwrap().contains(index));
    }

    #[test]
    fn enable_restricts_and_disable_removes() {
        let lint = Settings::select(&["lint".into()], &[]).unwrap();
        assert_eq!(lint.iter().count(), 2);
        let (discarded, _) = rules::by_id("ctx-cancel-discarded").unwrap();
        let without = Settings::select(&[], &["ctx-cancel-discarded".into()]).unwrap();
        assert!(!without.contains(discarded));
        assert_eq!(
            without.iter().count(),
            RuleSet::defaults().iter().count() - 1
        );
        assert!(
            Settings::select(&["ctx-nope".into()], &[])
                .unwrap_err()
                .contains("ctx-nope")
        );
    }
}
