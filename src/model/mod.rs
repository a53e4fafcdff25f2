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

use std::sync::Arc;

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
    pub files: Vec<GoFile>,
    pub index: PackageIndex,
    /// Whether unstopped timers leak here, from go.mod, `//go:debug` and `--go-version`
    /// (set by the engine once per package; `Unknown` until then).
    pub timers: gomod::TimerSemantics,
    /// Facts the rules derive once per package and share (the span family's starter
    /// functions), computed on first use.
    pub derived: DerivedFacts,
    /// The other packages of the module, summarised on demand (set by the engine), and
    /// the directories this package's check consulted.
    pub module: Option<summaries::ModuleView>,
}

/// Per-package facts the rules compute once, on first use, from every file of the
/// package (see `summaries`): its span starters and its context detachers.
#[derive(Default)]
pub struct DerivedFacts {
    pub span_starters: std::sync::OnceLock<summaries::Starters>,
    /// The package's functions and methods that give their context to a goroutine.
    pub detachers: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The package's functions that only read a span they are given: (name, parameter index).
    pub span_readers: std::sync::OnceLock<std::collections::HashSet<(String, usize)>>,
    /// The package's functions that return a derived context with its cancel function.
    pub cancelers: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// What the package's functions and methods do with a WaitGroup they are given.
    pub wg_settlers: std::sync::OnceLock<summaries::WgSettlers>,
    /// The package's functions and methods that wait for a WaitGroup they are given.
    pub wg_waiters: std::sync::OnceLock<summaries::WgWaiters>,
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
}
