//! `pprof-labels-unapplied`: the `LabelSet` built by `pprof.Labels` never
//! reaches `pprof.Do` or `pprof.WithLabels`, so the labels are built and
//! silently lost.
//!
//! The set is followed from the call (`follow` in the family module):
//! dropped, assigned to `_`, only passed to logging calls, or kept in local
//! variables that go nowhere else is a finding. Reaching `Do` or `WithLabels`,
//! or leaving the function in any way the analysis cannot follow (returned,
//! stored in a field or element, passed to another function, captured and
//! handed out) is silence.

use super::{CallRole, Lost, follow, is_logging_call, is_pprof_call};
use crate::rules::prelude::*;

pub struct LabelsUnapplied;

static META: RuleMeta = RuleMeta {
    id: "pprof-labels-unapplied",
    family: Family::Pprof,
    // Nothing breaks at run time: the profiles just lack the labels.
    severity: Severity::Warning,
    summary: "result of `pprof.Labels` never reaches `pprof.Do` or `pprof.WithLabels`",
    page: include_str!("../../../rules/pprof-labels-unapplied.md"),
    needs_import: Some("runtime/pprof"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for LabelsUnapplied {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        if !is_pprof_call(call, "Labels", checker) {
            return;
        }
        let Some(loss) = follow(call, checker, &role) else {
            return;
        };
        let message = match &loss.how {
            Lost::Dropped => "result of pprof.Labels is dropped: the labels are never applied".to_string(),
            Lost::Blank => {
                "result of pprof.Labels is assigned to `_`: the labels are never applied".to_string()
            }
            Lost::Logged => {
                "labels built by pprof.Labels are only logged or printed, never applied with pprof.Do or pprof.WithLabels".to_string()
            }
            Lost::Kept(name) => format!(
                "labels built by pprof.Labels are kept in `{name}`, which never reaches pprof.Do or pprof.WithLabels"
            ),
        };
        let diagnostic = checker.report(call, message);
        for (range, note) in loss.related {
            diagnostic.related(range, note);
        }
    }
}

/// `Do` and `WithLabels` apply a label set; logging calls only print it.
fn role(call: Node<'_>, checker: &Checker<'_>) -> CallRole {
    if is_pprof_call(call, "Do", checker) || is_pprof_call(call, "WithLabels", checker) {
        CallRole::Applies
    } else if is_logging_call(call, checker) {
        CallRole::Logs
    } else {
        CallRole::HandsOff
    }
}
