//! `pprof-withlabels-unapplied`: the context `pprof.WithLabels` returns is
//! dropped, assigned to `_`, or kept in a variable that is never used
//! afterwards, so its labels never reach `pprof.SetGoroutineLabels` nor the work
//! that should carry them.
//!
//! Any use of the context counts: passing it anywhere (logging included),
//! returning it, storing it, calling a method on it, capturing it in a closure.
//! Only reassigning the variable, or `_ = v`, does not.

use super::{CallRole, Lost, follow, is_pprof_call};
use crate::rules::prelude::*;

pub struct WithlabelsUnapplied;

static META: RuleMeta = RuleMeta {
    id: "pprof-withlabels-unapplied",
    family: Family::Pprof,
    // Nothing breaks at run time: the profiles just lack the labels.
    severity: Severity::Warning,
    summary: "context from `pprof.WithLabels` neither passed to `pprof.SetGoroutineLabels` nor used",
    page: include_str!("../../../rules/pprof-withlabels-unapplied.md"),
    needs_import: Some("runtime/pprof"),
    triggers: &[],
    package_needs: None,
    text_test: None,
    opt_in: false,
};

impl Rule for WithlabelsUnapplied {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[kinds::CALL_EXPRESSION]
    }

    fn check_node(&self, call: Node<'_>, checker: &mut Checker<'_>) {
        if !is_pprof_call(call, "WithLabels", checker) {
            return;
        }
        // Every call that receives the context uses it.
        let Some(loss) = follow(call, checker, &|_, _| CallRole::HandsOff) else {
            return;
        };
        let message = match &loss.how {
            Lost::Dropped => {
                "context returned by pprof.WithLabels is dropped: its labels are never applied".to_string()
            }
            Lost::Blank => {
                "context returned by pprof.WithLabels is assigned to `_`: its labels are never applied".to_string()
            }
            // Not produced here (every call counts as a use), but worded all the same.
            Lost::Logged => {
                "context returned by pprof.WithLabels is only logged: its labels are never applied".to_string()
            }
            Lost::Kept(name) => format!(
                "context returned by pprof.WithLabels is kept in `{name}`, which is never used afterwards: its labels are never applied"
            ),
        };
        let diagnostic = checker.report(call, message);
        for (range, note) in loss.related {
            diagnostic.related(range, note);
        }
    }
}
