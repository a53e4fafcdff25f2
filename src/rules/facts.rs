//! The package facts the rules share (the cells of `model::DerivedFacts`), and how
//! each file of the package contributes to each. A rule never reads another file's
//! tree: what it needs from the rest of its package is one of these facts, the merge,
//! in file order, of what every parsed file contributes. So a fact is found either on
//! first use, from the package's trees (`Checker::package_fact`), or up front, one
//! file at a time (`of_file` and `merge`), for a package too big to hold all its trees
//! at once: both give the same value. Each fact belongs to the family whose rules read
//! it, so a package none of whose files that family checks skips it up front.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tree_sitter::Node;

use crate::model::summaries::{self, Starters, WgSettlers};
use crate::model::{DerivedFacts, Imports};
use crate::rules::Family;

/// One package fact: who reads it, where it is kept, which files can contribute, and how.
pub struct PackageFact<T: 'static> {
    /// The family whose rules read it (no other rule may).
    pub family: Family,
    /// Its cell among a package's `DerivedFacts`.
    cell: fn(&DerivedFacts) -> &OnceLock<T>,
    cell_mut: fn(&mut DerivedFacts) -> &mut OnceLock<T>,
    /// Whether a file with this text can contribute at all (a cheap test before its
    /// tree is read).
    may_hold: fn(&str) -> bool,
    /// Adds what one file (root, text, imports) contributes, after earlier files.
    add: fn(Node<'_>, &str, &Imports, &mut T),
    /// Adds what later files contributed to what earlier ones did, as `add` would have.
    merge: fn(&mut T, T),
}

impl<T: Default> PackageFact<T> {
    /// The cell that holds this fact among `facts`.
    pub fn cell<'f>(&self, facts: &'f DerivedFacts) -> &'f OnceLock<T> {
        (self.cell)(facts)
    }

    /// What the files (root, text, imports), in order, contribute together.
    pub fn of_files<'t>(
        &self,
        files: impl IntoIterator<Item = (Node<'t>, &'t str, &'t Imports)>,
    ) -> T {
        let mut found = T::default();
        for (root, text, imports) in files {
            if (self.may_hold)(text) {
                (self.add)(root, text, imports, &mut found);
            }
        }
        found
    }
}

/// A package fact whatever its type: what filling a package's facts one file at a
/// time needs.
pub trait AnyFact: Sync {
    /// The family whose rules read the fact.
    fn family(&self) -> Family;
    /// Sets the fact in `part` (a file's own facts) to what this file contributes.
    fn contribute(&self, root: Node<'_>, text: &str, imports: &Imports, part: &DerivedFacts);
    /// Moves the fact of `later` (the facts of later files), if found, into `total`,
    /// after what `total` already holds.
    fn absorb(&self, total: &mut DerivedFacts, later: &mut DerivedFacts);
}

impl<T: Default + Send + Sync> AnyFact for PackageFact<T> {
    fn family(&self) -> Family {
        self.family
    }

    fn contribute(&self, root: Node<'_>, text: &str, imports: &Imports, part: &DerivedFacts) {
        let found = self.of_files([(root, text, imports)]);
        // A fresh `part` has no value yet; a second contribution would be a bug.
        let fresh = self.cell(part).set(found).is_ok();
        debug_assert!(fresh, "a file contributes to a fact once");
    }

    fn absorb(&self, total: &mut DerivedFacts, later: &mut DerivedFacts) {
        let Some(later) = (self.cell_mut)(later).take() else {
            return;
        };
        let total = (self.cell_mut)(total);
        match total.get_mut() {
            Some(earlier) => (self.merge)(earlier, later),
            None => {
                let _ = total.set(later);
            }
        }
    }
}

/// Every package fact: what one file contributes to each, or what a streamed package
/// gathers before its first file is checked.
pub static ALL: &[&dyn AnyFact] = &[
    &SPAN_STARTERS,
    &DETACHERS,
    &SPAN_READERS,
    &CANCELERS,
    &WG_SETTLERS,
    &WG_WAITERS,
    &GO_STARTED,
    &WG_DONE_FIELDS,
    &METHODS,
    &CONTEXT_READERS,
    &CONTEXT_SPAN_STARTERS,
];

/// What one file contributes to every package fact that the rules of `families` read
/// (the others stay unset: no rule that runs asks for them).
pub fn of_file(root: Node<'_>, text: &str, imports: &Imports, families: &[Family]) -> DerivedFacts {
    let part = DerivedFacts::default();
    for fact in ALL.iter().filter(|fact| families.contains(&fact.family())) {
        fact.contribute(root, text, imports, &part);
    }
    part
}

/// The facts of a package from those of its files, in file order.
pub fn merge(parts: impl IntoIterator<Item = DerivedFacts>) -> DerivedFacts {
    let mut total = DerivedFacts::default();
    for mut part in parts {
        for fact in ALL {
            fact.absorb(&mut total, &mut part);
        }
    }
    total
}

/// The package's span starters (`summaries::add_starters`).
pub static SPAN_STARTERS: PackageFact<Starters> = PackageFact {
    family: Family::Span,
    cell: |facts| &facts.span_starters,
    cell_mut: |facts| &mut facts.span_starters,
    may_hold: |_| true,
    add: summaries::add_starters,
    merge: Starters::absorb,
};

/// The package's context detachers (`summaries::add_detachers`).
pub static DETACHERS: PackageFact<HashSet<String>> = PackageFact {
    family: Family::Ctx,
    cell: |facts| &facts.detachers,
    cell_mut: |facts| &mut facts.detachers,
    may_hold: |_| true,
    add: summaries::add_detachers,
    merge: extend,
};

/// The package's span readers (`summaries::add_span_readers`).
pub static SPAN_READERS: PackageFact<HashSet<(String, usize)>> = PackageFact {
    family: Family::Span,
    cell: |facts| &facts.span_readers,
    cell_mut: |facts| &mut facts.span_readers,
    may_hold: |_| true,
    add: summaries::add_span_readers,
    merge: extend,
};

/// The package's functions that return a derived context and its cancel
/// (`summaries::add_cancelers`).
pub static CANCELERS: PackageFact<HashSet<String>> = PackageFact {
    family: Family::Ctx,
    cell: |facts| &facts.cancelers,
    cell_mut: |facts| &mut facts.cancelers,
    may_hold: |text| text.contains("CancelFunc") || text.contains("CancelCauseFunc"),
    add: summaries::add_cancelers,
    merge: extend,
};

/// What the package's functions do with a WaitGroup they are given
/// (`summaries::add_wg_settlers`).
pub static WG_SETTLERS: PackageFact<WgSettlers> = PackageFact {
    family: Family::Wg,
    cell: |facts| &facts.wg_settlers,
    cell_mut: |facts| &mut facts.wg_settlers,
    may_hold: |text| text.contains("WaitGroup"),
    add: summaries::add_wg_settlers,
    merge: WgSettlers::absorb,
};

/// The package's functions and methods that wait for a WaitGroup they are given
/// (`summaries::add_wg_waiters`).
pub static WG_WAITERS: PackageFact<summaries::WgWaiters> = PackageFact {
    family: Family::Wg,
    cell: |facts| &facts.wg_waiters,
    cell_mut: |facts| &mut facts.wg_waiters,
    may_hold: |text| text.contains("WaitGroup"),
    add: summaries::add_wg_waiters,
    merge: extend,
};

/// The functions and methods the package starts with `go` (`wg-done-not-deferred`).
pub static GO_STARTED: PackageFact<HashSet<(String, bool)>> = PackageFact {
    family: Family::Wg,
    cell: |facts| &facts.go_started,
    cell_mut: |facts| &mut facts.go_started,
    may_hold: |text| text.contains("go "),
    add: super::wg::done_not_deferred::add_go_started,
    merge: extend,
};

/// The WaitGroup fields the package calls `Done` on outside goroutines (`wg-done-missing`).
pub static WG_DONE_FIELDS: PackageFact<HashSet<String>> = PackageFact {
    family: Family::Wg,
    cell: |facts| &facts.wg_done_fields,
    cell_mut: |facts| &mut facts.wg_done_fields,
    may_hold: |text| text.contains(".Done("),
    add: super::wg::done_missing::add_done_fields,
    merge: extend,
};

/// The package's methods (the wg family's promoted `Done` and `Wait`).
pub static METHODS: PackageFact<HashSet<String>> = PackageFact {
    family: Family::Wg,
    cell: |facts| &facts.methods,
    cell_mut: |facts| &mut facts.methods,
    may_hold: |_| true,
    add: super::wg::add_methods,
    merge: extend,
};

/// The package's functions that only read the context they are given
/// (`ctx-cancel-premature`).
pub static CONTEXT_READERS: PackageFact<HashMap<(bool, String), Vec<bool>>> = PackageFact {
    family: Family::Ctx,
    cell: |facts| &facts.context_readers,
    cell_mut: |facts| &mut facts.context_readers,
    may_hold: |_| true,
    add: super::ctx::cancel_premature::add_context_readers,
    merge: super::ctx::cancel_premature::merge_context_readers,
};

/// The package's functions that start a span and return a context (`span-end-foreign`).
pub static CONTEXT_SPAN_STARTERS: PackageFact<HashSet<String>> = PackageFact {
    family: Family::Span,
    cell: |facts| &facts.context_span_starters,
    cell_mut: |facts| &mut facts.context_span_starters,
    may_hold: |_| true,
    add: super::span::end_foreign::add_context_span_starters,
    merge: extend,
};

/// The merge of sets and maps: a later file's entry replaces an earlier one of the same
/// key, as inserting it after them would.
fn extend<T: Extend<I> + IntoIterator<Item = I>, I>(total: &mut T, later: T) {
    total.extend(later);
}
