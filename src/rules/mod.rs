//! The rule contract and the one registry. A rule is a unit struct with a
//! static `RuleMeta` (id, family, severity, summary, its page) and up to two
//! hooks: `check_node` for the node kinds it names, and `check_function` for each
//! function declaration, method and literal. The engine calls them during its
//! single walk of each file; rules never walk files themselves.

pub mod checker;
pub mod ctx;
pub mod facts;
pub mod fixes;
pub mod leak;
pub mod lint;
pub mod locals;
pub mod logging;
pub mod pprof;
pub mod span;
pub mod timer;
pub mod wg;

use tree_sitter::Node;

pub use checker::Checker;

/// Where the rules' pages are published (SARIF `helpUri`, LSP `codeDescription`).
pub const PAGES_URL: &str = "https://github.com/lifelint/lifelint/blob/main/rules";

/// A rule family: a prefix of its ids, a name for `--enable`/`--disable` and `//nolint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Ctx,
    Span,
    Wg,
    Pprof,
    Timer,
    Leak,
    Lint,
}

impl Family {
    pub const ALL: &[Family] = &[
        Family::Ctx,
        Family::Span,
        Family::Wg,
        Family::Pprof,
        Family::Timer,
        Family::Leak,
        Family::Lint,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Ctx => "ctx",
            Family::Span => "span",
            Family::Wg => "wg",
            Family::Pprof => "pprof",
            Family::Timer => "timer",
            Family::Leak => "leak",
            Family::Lint => "lint",
        }
    }

    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Prefixes of rule ids in this family (`trace-` belongs to `span`, `nolint-` to `lint`).
    pub fn id_prefixes(self) -> &'static [&'static str] {
        match self {
            Family::Ctx => &["ctx-"],
            Family::Span => &["span-", "trace-"],
            Family::Wg => &["wg-"],
            Family::Pprof => &["pprof-"],
            Family::Timer => &["timer-"],
            Family::Leak => &["leak-"],
            Family::Lint => &["nolint-"],
        }
    }
}

/// Default severity of a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Facts about a rule that never change; `rules`, `explain`, SARIF and the README use them.
#[derive(Debug)]
pub struct RuleMeta {
    /// `family-what`, lower-case, e.g. `ctx-cancel-discarded`.
    pub id: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// One line, lower-case, no final period.
    pub summary: &'static str,
    /// The rule's page, `rules/<id>.md`, embedded at compile time.
    pub page: &'static str,
    /// The rule can only fire in files that import this path: files whose bytes do not
    /// contain it in quotes are not parsed for this rule.
    pub needs_import: Option<&'static str>,
    /// Other byte strings of which a file must contain one for the rule to fire.
    pub triggers: &'static [&'static str],
    /// Text that some file of the package must contain for the rule to fire anywhere
    /// in it: the name of the type its checks resolve receivers to (`WaitGroup`), which
    /// the package must spell to declare anything of that type. When no file of the
    /// package has it, no file is parsed for this rule.
    pub package_needs: Option<&'static str>,
    /// A test of the file's bytes the rule also needs, beyond one trigger: the `leak`
    /// family needs a goroutine literal beside the `make(chan`.
    pub text_test: Option<fn(&[u8]) -> bool>,
    /// Left out of the default rule set: it runs only when named by id with `--enable`
    /// or in `lifelint.toml`'s `enable` (a family name does not bring it in). Rules whose
    /// findings on real code are not at least 90 % correct live here until fixed.
    pub opt_in: bool,
}

impl RuleMeta {
    /// The rule's name in CamelCase (SARIF `name`): `CtxCancelDiscarded`.
    pub fn camel_name(&self) -> String {
        self.id
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The URL of the rule's page.
    pub fn page_url(&self) -> String {
        format!("{PAGES_URL}/{}.md", self.id)
    }

    /// The first paragraph under `## What it finds`, joined into one line.
    pub fn full_description(&self) -> String {
        let after = self
            .page
            .split_once("## What it finds")
            .map_or("", |(_, rest)| rest);
        after
            .trim_start()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A lint rule. Hooks default to doing nothing; a rule implements what it needs.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Node kinds (names from `model::kinds`) for which `check_node` is called.
    fn node_kinds(&self) -> &'static [&'static str] {
        &[]
    }

    fn check_node(&self, _node: Node<'_>, _checker: &mut Checker<'_>) {}

    /// Whether `check_function` should be called.
    fn checks_functions(&self) -> bool {
        false
    }

    /// Called once per function declaration, method and function literal.
    fn check_function(&self, _function: Node<'_>, _checker: &mut Checker<'_>) {}
}

/// Every rule, sorted by id. Adding a rule means adding one line here.
pub static ALL: &[&dyn Rule] = &[
    &ctx::background_in_scope::BackgroundInScope,
    &ctx::cancel_discarded::CancelDiscarded,
    &ctx::cancel_not_called::CancelNotCalled,
    &ctx::cancel_premature::CancelPremature,
    &ctx::select_busy_default::SelectBusyDefault,
    &ctx::select_missing_done::SelectMissingDone,
    &leak::double_send::DoubleSend,
    &leak::ncast::Ncast,
    &leak::range_unclosed::RangeUnclosed,
    &leak::receive_nosender::ReceiveNosender,
    &leak::send_abandoned::SendAbandoned,
    &lint::nolint_unknown::NolintUnknown,
    &lint::nolint_unused::NolintUnused,
    &pprof::labels_odd_args::LabelsOddArgs,
    &pprof::labels_unapplied::LabelsUnapplied,
    &pprof::withlabels_unapplied::WithlabelsUnapplied,
    &span::discarded::Discarded,
    &span::end_deferred_in_loop::EndDeferredInLoop,
    &span::end_foreign::EndForeign,
    &span::end_missing::EndMissing,
    &timer::after_in_loop::AfterInLoop,
    &timer::afterfunc_capture::AfterfuncCapture,
    &timer::tick_leak::TickLeak,
    &span::trace_start_outside_main::TraceStartOutsideMain,
    &wg::add_in_goroutine::AddInGoroutine,
    &wg::add_mismatch::AddMismatch,
    &wg::add_nonpositive::AddNonpositive,
    &wg::copied::Copied,
    &wg::done_missing::DoneMissing,
    &wg::done_not_deferred::DoneNotDeferred,
    &wg::wait_in_goroutine::WaitInGoroutine,
];

/// The index in `ALL` and the rule with this id.
pub fn by_id(id: &str) -> Option<(usize, &'static dyn Rule)> {
    ALL.iter()
        .copied()
        .enumerate()
        .find(|(_, r)| r.meta().id == id)
}

/// What rule files need, in one `use`.
pub mod prelude {
    pub use super::{Checker, Family, Rule, RuleMeta, Severity};
    pub use crate::model::fields::Fields;
    pub use crate::model::{kinds, syntax};
    pub use tree_sitter::Node;
}
