//! The package model every rule queries instead of re-deriving: parsed files
//! with their import tables, the package-level index across the files of one
//! directory, per-declaration scope tables, the shared path helper, and what the
//! module's go.mod says about timers.

pub mod fields;
pub mod fixpoint;
pub mod gomod;
pub mod imports;
pub mod kinds;
pub mod known;
pub mod paths;
pub mod resolve;
pub mod scope;
pub mod sdks;
pub mod source;
pub mod summaries;
pub mod syntax;
pub mod types;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use tree_sitter::Tree;

pub use imports::Imports;
pub use source::SourceFile;
pub use types::{PackageIndex, Ty};

/// One parsed Go file.
pub struct GoFile {
    pub source: Arc<SourceFile>,
    pub tree: Tree,
    pub imports: Imports,
    /// Whether findings in this file are reported (false for files loaded only so
    /// that the package index sees their declarations).
    pub reported: bool,
    /// The rules the prefilter lets run on this file.
    pub rules: crate::settings::RuleSet,
}

impl GoFile {
    pub fn text(&self) -> &str {
        &self.source.text
    }
}

/// One directory's parsed files and what they declare together.
pub struct Package {
    /// Every parsed file; none for a package checked one file at a time (`streamed`).
    pub files: Vec<GoFile>,
    pub index: PackageIndex,
    /// Whether unstopped timers leak here, from go.mod, `//go:debug` and `--go-version`
    /// (set by the engine once per package; `Unknown` until then).
    pub timers: gomod::TimerSemantics,
    /// Facts the rules derive once per package and share (the span family's starter
    /// functions), computed on first use (beforehand for a streamed package).
    pub derived: DerivedFacts,
    /// The other packages of the module, summarised on demand (set by the engine), and
    /// the directories this package's check consulted.
    pub module: Option<summaries::ModuleView>,
}

/// Per-package facts the rules share, each the merge of what every parsed file of the
/// package contributes (see `rules::facts`, which says how each is found): computed on
/// first use from the package's trees, or all at once, one file at a time, for a
/// package checked without holding all its trees (`Package::streamed`).
#[derive(Default)]
pub struct DerivedFacts {
    pub span_starters: OnceLock<summaries::Starters>,
    /// The package's functions and methods that give their context to a goroutine.
    pub detachers: OnceLock<HashSet<String>>,
    /// The package's functions that only read a span they are given: (name, parameter index).
    pub span_readers: OnceLock<HashSet<(String, usize)>>,
    /// The package's functions that return a derived context with its cancel function.
    pub cancelers: OnceLock<HashSet<String>>,
    /// What the package's functions and methods do with a WaitGroup they are given.
    pub wg_settlers: OnceLock<summaries::WgSettlers>,
    /// The package's functions and methods that wait for a WaitGroup they are given.
    pub wg_waiters: OnceLock<summaries::WgWaiters>,
    /// The callees of the package's `go` statements written `go name(` (false) or
    /// `go x.name(` (true, a method): (name, method).
    pub go_started: OnceLock<HashSet<(String, bool)>>,
    /// The fields `f` on which the package calls `x.f.Done()` outside every goroutine literal.
    pub wg_done_fields: OnceLock<HashSet<String>>,
    /// The package's methods, as `Type.method`.
    pub methods: OnceLock<HashSet<String>>,
    /// For each parameter of the package's functions (false) and methods (true) of one
    /// name, whether every declaration of that name only reads the context it is given
    /// there (`ctx.Done()`, `ctx.Value(k)`, logging): (method, name) -> by position.
    pub context_readers: OnceLock<HashMap<(bool, String), Vec<bool>>>,
    /// The package's functions and methods that start a span and return a context.
    pub context_span_starters: OnceLock<HashSet<String>>,
}

impl Package {
    /// Builds the package index over the given files.
    pub fn new(files: Vec<GoFile>) -> Self {
        let mut index = PackageIndex::default();
        for file in &files {
            index.add_file(file.tree.root_node(), file.text(), &file.imports);
        }
        Package {
            derived: DerivedFacts::default(),
            files,
            index,
            timers: gomod::TimerSemantics::Unknown,
            module: None,
        }
    }

    /// A package whose files are checked one at a time, without their trees all alive
    /// at once: its index and every derived fact were gathered beforehand, file by file.
    pub fn streamed(index: PackageIndex, derived: DerivedFacts) -> Self {
        Package {
            files: Vec::new(),
            index,
            timers: gomod::TimerSemantics::Unknown,
            derived,
            module: None,
        }
    }
}
