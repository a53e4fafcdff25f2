//! `lifelint.toml`: found from the current directory upward (stopping at the
//! repository root, a directory holding `.git`) or named by `--config`, parsed
//! strictly (an unknown key is an error naming the key and the file), validated
//! whole at load time, then applied to `Settings` under the command-line flags.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSetBuilder};
use serde::Deserialize;

use crate::rules::Severity;
use crate::settings::{Exclude, RuleSelector, RuleSet, Settings, normalize};

/// The file name looked for.
pub const FILE_NAME: &str = "lifelint.toml";

/// The file as written. Every table denies unknown keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    enable: Vec<String>,
    /// Which findings make the exit status 1: "error", "warning", "note" or "never".
    #[serde(default, rename = "fail-on")]
    fail_on: Option<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    span: RawSpan,
    #[serde(default)]
    ctx: RawCtx,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    #[serde(default)]
    start: Vec<String>,
    #[serde(default)]
    end: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCtx {
    #[serde(default)]
    cancel: Vec<String>,
}

/// A loaded and validated `lifelint.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as found or given.
    pub path: PathBuf,
    /// `enable`, parsed (empty: every rule).
    enable: Vec<RuleSelector>,
    disable: Vec<RuleSelector>,
    severity: BTreeMap<&'static str, Severity>,
    exclude: Option<Exclude>,
    span_starts: Vec<String>,
    span_ends: Vec<String>,
    cancels: Vec<String>,
    /// `fail-on`, when the file sets it.
    pub fail_on: Option<FailOn>,
}

/// The `lifelint.toml` that applies in `start`: in it or in a parent, not above the
/// first directory holding `.git`.
pub fn find(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Loads the config named by `--config`, else the one found from the current directory.
/// `Ok(None)`: no file applies. Errors are one line naming the file.
pub fn load(explicit: Option<&Path>) -> Result<Option<Config>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let path = match explicit {
        Some(path) => cwd.join(path),
        None => match find(&cwd) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let shown = shown_path(&path, &cwd);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{shown}: {}", crate::engine::walk::io_message(&e)))?;
    let dir = path
        .parent()
        .map(|p| p.canonicalize().unwrap_or_else(|_| normalize(p)))
        .unwrap_or_else(|| cwd.clone());
    parse(&text, &shown, &dir).map(Some)
}

/// Parses and validates the text of a config whose globs are relative to `dir`;
/// `shown` names the file in errors.
pub fn parse(text: &str, shown: &str, dir: &Path) -> Result<Config, String> {
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let message = error.message().split_whitespace().collect::<Vec<_>>();
        let at = error
            .span()
            .map(|span| {
                let (line, column) = line_column(text, span.start);
                format!(":{line}:{column}")
            })
            .unwrap_or_default();
        format!("{shown}{at}: {}", message.join(" "))
    })?;
    let selectors = |key: &str, values: &[String]| -> Result<Vec<RuleSelector>, String> {
        values
            .iter()
            .map(|v| RuleSelector::parse(v.trim()).map_err(|e| format!("{shown}: `{key}`: {e}")))
            .collect()
    };
    let fail_on = raw
        .fail_on
        .as_deref()
        .map(|v| FailOn::parse(v).map_err(|e| format!("{shown}: `fail-on`: {e}")))
        .transpose()?;
    let enable = selectors("enable", &raw.enable)?;
    let disable = selectors("disable", &raw.disable)?;
    let severity = severities(&raw.severity).map_err(|e| format!("{shown}: [severity]: {e}"))?;
    let exclude = if raw.exclude.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for pattern in &raw.exclude {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{shown}: `exclude`: bad glob `{pattern}`: {}", e.kind()))?;
            builder.add(glob);
        }
        let globs = builder
            .build()
            .map_err(|e| format!("{shown}: `exclude`: {e}"))?;
        Some(Exclude {
            root: dir.to_path_buf(),
            globs,
        })
    };
    let names = |key: &str, values: Vec<String>| -> Result<Vec<String>, String> {
        for value in &values {
            if !is_qualified_name(value) {
                return Err(format!(
                    "{shown}: `{key}`: `{value}` is not a qualified function name like `mypkg.StartSpan`"
                ));
            }
        }
        Ok(values)
    };
    Ok(Config {
        fail_on,
        path: PathBuf::from(shown),
        enable,
        disable,
        severity,
        exclude,
        span_starts: names("span.start", raw.span.start)?,
        span_ends: names("span.end", raw.span.end)?,
        cancels: names("ctx.cancel", raw.ctx.cancel)?,
    })
}

impl Config {
    /// The rules to run: the file's `enable` (every rule when empty) minus its `disable`;
    /// then, from the command line, `--enable` (when given) replaces that selection and
    /// `--disable` removes from the result.
    pub fn select(&self, cli_enable: &[String], cli_disable: &[String]) -> Result<RuleSet, String> {
        let cli_enable_given = cli_enable
            .iter()
            .any(|v| v.split(',').any(|part| !part.trim().is_empty()));
        if cli_enable_given {
            return Settings::select(cli_enable, cli_disable);
        }
        let mut set = if self.enable.is_empty() {
            RuleSet::defaults()
        } else {
            let mut set = RuleSet::empty();
            for selector in &self.enable {
                selector.enables().iter().for_each(|i| set.insert(i));
            }
            set
        };
        for selector in &self.disable {
            selector.rules().iter().for_each(|i| set.remove(i));
        }
        let cli = Settings::select(&[], cli_disable)?;
        Ok(set.intersect(cli))
    }

    /// Copies severities, excludes and helper names into `settings`.
    pub fn apply(&self, settings: &mut Settings) {
        settings.severity_overrides = self.severity.clone();
        settings.exclude = self.exclude.clone();
        settings.extra_span_starts = self.span_starts.clone();
        settings.extra_span_ends = self.span_ends.clone();
        settings.extra_cancels = self.cancels.clone();
    }
}

/// Which findings make `lifelint check` exit 1 (`--fail-on`, `fail-on`): those at
/// this severity or above, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any finding (the default): notes, warnings and errors.
    #[default]
    Note,
    Warning,
    Error,
    Never,
}

impl FailOn {
    pub fn parse(value: &str) -> Result<FailOn, String> {
        match value {
            "note" => Ok(FailOn::Note),
            "warning" => Ok(FailOn::Warning),
            "error" => Ok(FailOn::Error),
            "never" => Ok(FailOn::Never),
            other => Err(format!(
                "expected \"error\", \"warning\", \"note\" or \"never\", not \"{other}\""
            )),
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => matches!(severity, Severity::Error | Severity::Warning),
            FailOn::Note => true,
        }
    }
}

/// `[severity]`: keys are rule ids or family names (a rule id wins over its family);
/// values are `error`, `warning` or `note`.
fn severities(
    table: &BTreeMap<String, String>,
) -> Result<BTreeMap<&'static str, Severity>, String> {
    let mut by_family = BTreeMap::new();
    let mut by_rule = BTreeMap::new();
    for (key, value) in table {
        let severity = match value.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "note" => Severity::Note,
            other => {
                return Err(format!(
                    "`{key}`: severity must be \"error\", \"warning\" or \"note\", not \"{other}\""
                ));
            }
        };
        match RuleSelector::parse(key)? {
            RuleSelector::Rule(index) => {
                by_rule.insert(index, severity);
            }
            family @ RuleSelector::Family(_) => {
                for index in family.rules().iter() {
                    by_family.insert(index, severity);
                }
            }
        }
    }
    by_family.extend(by_rule);
    Ok(by_family
        .into_iter()
        .map(|(index, severity)| (crate::rules::ALL[index].meta().id, severity))
        .collect())
}

/// `pkg.Func`, `path/to/pkg.Func` or `pkg.Type.Method`: dot-separated, last part an identifier.
fn is_qualified_name(name: &str) -> bool {
    let Some((package, function)) = name.rsplit_once('.') else {
        return false;
    };
    let identifier = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    };
    !package.is_empty() && !package.contains(char::is_whitespace) && identifier(function)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The path relative to the current directory when below it, else as is.
fn shown_path(path: &Path, cwd: &Path) -> String {
    let path = normalize(path);
    let shown = path.strip_prefix(cwd).unwrap_or(&path);
    crate::engine::walk::display_path(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, String> {
        parse(text, "lifelint.toml", Path::new("/repo"))
    }

    #[test]
    fn unknown_keys_are_named() {
        let error = parsed("enable = []\nenabel = [\"ctx\"]\n").unwrap_err();
        assert!(error.starts_with("lifelint.toml:2:1: "), "{error}");
        assert!(error.contains("enabel"), "{error}");
        let error = parsed("[span]\nbegin = [\"a.B\"]\n").unwrap_err();
        assert!(error.contains("begin"), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn validates_values() {
        assert!(
            parsed("enable = [\"ctx-nope\"]")
                .unwrap_err()
                .contains("ctx-nope")
        );
        assert!(
            parsed("[severity]\nctx-cancel-discarded = \"fatal\"")
                .unwrap_err()
                .contains("fatal")
        );
        assert!(parsed("exclude = [\"a/[\"]").unwrap_err().contains("a/["));
        assert!(
            parsed("[ctx]\ncancel = [\"nodot\"]")
                .unwrap_err()
                .contains("nodot")
        );
        assert!(parsed("[span]\nstart = [\"mypkg.StartSpan\"]").is_ok());
    }

    #[test]
    fn rule_severity_wins_over_family() {
        let config =
            parsed("[severity]\nctx = \"note\"\nctx-cancel-discarded = \"error\"\n").unwrap();
        assert_eq!(config.severity["ctx-cancel-discarded"], Severity::Error);
        assert_eq!(config.severity["ctx-cancel-not-called"], Severity::Note);
    }

    #[test]
    fn command_line_enable_replaces_and_disable_removes() {
        let config = parsed("disable = [\"ctx\"]").unwrap();
        let (discarded, _) = crate::rules::by_id("ctx-cancel-discarded").unwrap();
        assert!(!config.select(&[], &[]).unwrap().contains(discarded));
        let cli = config
            .select(&["ctx-cancel-discarded".into()], &[])
            .unwrap();
        assert_eq!(cli.iter().collect::<Vec<_>>(), vec![discarded]);
        let config = parsed("enable = [\"ctx\"]").unwrap();
        let set = config
            .select(&[], &["ctx-cancel-discarded".into()])
            .unwrap();
        assert!(!set.contains(discarded));
        assert_eq!(set.iter().count(), 5);
    }

    #[test]
    fn excludes_relative_to_the_config_directory() {
        let config =
            parsed("exclude = [\"vendor2/**\", \"**/*_gen.go\", \"third_party\"]").unwrap();
        let exclude = config.exclude.unwrap();
        assert!(exclude.matches(Path::new("/repo/vendor2/x/a.go")));
        assert!(exclude.matches(Path::new("/repo/a_gen.go")));
        assert!(exclude.matches(Path::new("/repo/deep/er/b_gen.go")));
        assert!(exclude.matches(Path::new("/repo/third_party/x/c.go")));
        assert!(!exclude.matches(Path::new("/repo/sub/vendor2/a.go")));
        assert!(!exclude.matches(Path::new("/repo/a.go")));
        assert!(!exclude.matches(Path::new("/elsewhere/a_gen.go")));
    }
}
