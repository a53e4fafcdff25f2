//! Function facts that depend on other functions' facts. A function whose signature
//! returns a span and whose body calls a span starter is a starter itself (a wrapper of
//! a wrapper); a function that hands its WaitGroup to a function that settles it
//! settles it too. A package's summary keeps such functions pending, with the calls
//! their fact depends on, and a query resolves them through the package's own table
//! and the tables of the module packages it imports (`Lookup`): the least fixed point
//! of the call graph, computed on demand. A cycle with no base yields nothing, and
//! chains through imported packages are followed `MAX_IMPORT_DEPTH` packages deep.

use std::collections::HashMap;
use std::sync::Arc;

use super::summaries::{PackageFacts, StarterFact, WgSettle};

/// How many imported packages deep a chain of pending facts is followed.
const MAX_IMPORT_DEPTH: usize = 4;

/// A function a body calls, as a key of a summary table: one of the same package (a
/// function `name`, or a method `Type.name` called on the function's own receiver), or
/// a function of an imported package.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallTarget {
    Own(String),
    Imported { path: String, name: String },
}

/// The summaries of the packages a package imports, by import path (`None` outside
/// the module, or when the engine made no module summaries).
pub type Lookup<'l> = &'l dyn Fn(&str) -> Option<Arc<PackageFacts>>;

/// The calls a pending WaitGroup fact depends on: each callee with the index of the
/// argument the WaitGroup is.
pub type Handovers = Vec<(CallTarget, usize)>;

/// A package's span starters: by function name or `Type.method`, those known from their
/// bodies, and those whose span comes from a call they make.
#[derive(Debug, Default)]
pub struct Starters {
    known: HashMap<String, StarterFact>,
    pending: HashMap<String, (StarterFact, Vec<CallTarget>)>,
}

impl Starters {
    /// A function whose body calls a modelled start.
    pub fn insert(&mut self, key: String, fact: StarterFact) {
        self.pending.remove(&key);
        self.known.insert(key, fact);
    }

    /// A function with a starter's signature that is a starter when one of `calls` is.
    pub fn insert_pending(&mut self, key: String, fact: StarterFact, calls: Vec<CallTarget>) {
        if !self.known.contains_key(&key) {
            self.pending.insert(key, (fact, calls));
        }
    }

    /// Adds what later files of the package found, as adding them after would have.
    pub fn absorb(&mut self, later: Starters) {
        for (key, fact) in later.known {
            self.insert(key, fact);
        }
        for (key, (fact, calls)) in later.pending {
            self.insert_pending(key, fact, calls);
        }
    }

    /// Every key that may be a starter (the cheap test before `get`).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.known
            .keys()
            .chain(self.pending.keys())
            .map(String::as_str)
    }

    /// Whether nothing in the package may be a starter.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty() && self.pending.is_empty()
    }

    /// The starter `key`, resolving pending ones through `lookup`.
    pub fn get(&self, key: &str, lookup: Lookup<'_>) -> Option<StarterFact> {
        self.resolve(key, lookup, 0, &mut Vec::new())
    }

    fn resolve(
        &self,
        key: &str,
        lookup: Lookup<'_>,
        depth: usize,
        visiting: &mut Vec<String>,
    ) -> Option<StarterFact> {
        if let Some(fact) = self.known.get(key) {
            return Some(*fact);
        }
        let (fact, calls) = self.pending.get(key)?;
        if visiting.iter().any(|k| k == key) {
            return None;
        }
        visiting.push(key.to_string());
        let starts = calls.iter().any(|call| match call {
            CallTarget::Own(name) => self.resolve(name, lookup, depth, visiting).is_some(),
            // A modelled SDK start (`spanlogger.New`), or a starter of a module package.
            CallTarget::Imported { path, name } => {
                super::sdks::function_api(path, name).is_some()
                    || depth < MAX_IMPORT_DEPTH
                        && lookup(path).is_some_and(|facts| {
                            facts
                                .starters
                                .resolve(name, lookup, depth + 1, &mut Vec::new())
                                .is_some()
                        })
            }
        });
        visiting.pop();
        starts.then_some(*fact)
    }
}

/// What a package's functions and methods do with a `*sync.WaitGroup` parameter, by
/// (function name or `Type.method`, parameter index): known from the body, or known
/// once every function the parameter is handed to settles it on every path.
#[derive(Debug, Default)]
pub struct WgSettlers {
    known: HashMap<(String, usize), WgSettle>,
    /// The answer when each call (callee, argument index) settles the WaitGroup on every
    /// path, and those calls.
    pending: HashMap<(String, usize), (WgSettle, Handovers)>,
}

impl WgSettlers {
    pub fn insert(&mut self, key: (String, usize), settle: WgSettle) {
        self.known.insert(key, settle);
    }

    /// `settle` holds when every call of `calls` settles the WaitGroup on every path.
    pub fn insert_pending(&mut self, key: (String, usize), settle: WgSettle, calls: Handovers) {
        self.pending.insert(key, (settle, calls));
    }

    /// Adds what later files of the package found, as adding them after would have.
    pub fn absorb(&mut self, later: WgSettlers) {
        self.known.extend(later.known);
        self.pending.extend(later.pending);
    }

    /// What the function `key` does with its parameter `index`, if known.
    pub fn get(&self, key: &str, index: usize, lookup: Lookup<'_>) -> Option<WgSettle> {
        self.resolve(key, index, lookup, 0, &mut Vec::new())
    }

    fn resolve(
        &self,
        key: &str,
        index: usize,
        lookup: Lookup<'_>,
        depth: usize,
        visiting: &mut Vec<(String, usize)>,
    ) -> Option<WgSettle> {
        let entry = (key.to_string(), index);
        if let Some(settle) = self.known.get(&entry) {
            return Some(*settle);
        }
        let (settle, calls) = self.pending.get(&entry)?;
        if visiting.contains(&entry) {
            return None;
        }
        visiting.push(entry);
        let every = calls.iter().all(|(call, argument)| {
            let answer = match call {
                CallTarget::Own(name) => self.resolve(name, *argument, lookup, depth, visiting),
                CallTarget::Imported { path, name } => (depth < MAX_IMPORT_DEPTH)
                    .then(|| lookup(path))
                    .flatten()
                    .and_then(|facts| {
                        facts.wg_settlers.resolve(
                            name,
                            *argument,
                            lookup,
                            depth + 1,
                            &mut Vec::new(),
                        )
                    }),
            };
            answer == Some(WgSettle::Every)
        });
        visiting.pop();
        every.then_some(*settle)
    }

    /// Every known or pending entry, for tests.
    #[cfg(test)]
    pub fn resolved_all(&self, lookup: Lookup<'_>) -> Vec<(String, usize, WgSettle)> {
        let mut out: Vec<(String, usize, WgSettle)> = self
            .known
            .keys()
            .chain(self.pending.keys())
            .filter_map(|(key, index)| Some((key.clone(), *index, self.get(key, *index, lookup)?)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPAN: StarterFact = StarterFact {
        results: 2,
        span_index: 1,
        ender: "End",
    };

    #[test]
    fn a_pending_starter_is_one_when_a_call_reaches_a_known_starter() {
        let mut starters = Starters::default();
        starters.insert("open".into(), SPAN);
        starters.insert_pending("begin".into(), SPAN, vec![CallTarget::Own("open".into())]);
        starters.insert_pending("outer".into(), SPAN, vec![CallTarget::Own("begin".into())]);
        // A cycle with no known base is not a starter.
        starters.insert_pending("a".into(), SPAN, vec![CallTarget::Own("b".into())]);
        starters.insert_pending("b".into(), SPAN, vec![CallTarget::Own("a".into())]);
        let none: Lookup<'_> = &|_| None;
        assert_eq!(starters.get("outer", none), Some(SPAN));
        assert_eq!(starters.get("a", none), None);
        // Through an imported package.
        let mut imported = PackageFacts::default();
        imported.starters.insert("Start".into(), SPAN);
        let imported = Arc::new(imported);
        let lookup: Lookup<'_> = &|path| (path == "m/tracing").then(|| Arc::clone(&imported));
        starters.insert_pending(
            "viaImport".into(),
            SPAN,
            vec![CallTarget::Imported {
                path: "m/tracing".into(),
                name: "Start".into(),
            }],
        );
        assert_eq!(starters.get("viaImport", lookup), Some(SPAN));
        assert_eq!(starters.get("viaImport", none), None);
        // A modelled SDK start outside the module is a start of its own.
        starters.insert_pending(
            "logged".into(),
            SPAN,
            vec![CallTarget::Imported {
                path: "github.com/grafana/dskit/spanlogger".into(),
                name: "New".into(),
            }],
        );
        assert_eq!(starters.get("logged", none), Some(SPAN));
    }

    #[test]
    fn a_pending_settler_holds_when_every_callee_settles_on_every_path() {
        let mut settlers = WgSettlers::default();
        settlers.insert(("finish".into(), 0), WgSettle::Every);
        settlers.insert(("maybe".into(), 0), WgSettle::SomePaths);
        let own = |name: &str| (CallTarget::Own(name.into()), 0);
        settlers.insert_pending(("run".into(), 1), WgSettle::SomePaths, vec![own("finish")]);
        settlers.insert_pending(
            ("mixed".into(), 0),
            WgSettle::Every,
            vec![own("finish"), own("maybe")],
        );
        settlers.insert_pending(("loop".into(), 0), WgSettle::Every, vec![own("loop")]);
        let none: Lookup<'_> = &|_| None;
        assert_eq!(settlers.get("run", 1, none), Some(WgSettle::SomePaths));
        assert_eq!(settlers.get("mixed", 0, none), None);
        assert_eq!(settlers.get("loop", 0, none), None);
        assert_eq!(settlers.get("run", 0, none), None);
    }
}
