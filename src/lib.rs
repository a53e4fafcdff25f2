//! lifelint finds the lifecycle bugs that make Go services leak goroutines and
//! lose their observability, from the syntax alone (tree-sitter, no Go toolchain).
//!
//! One run flows one way:
//! 1. **walk** (`engine::walk`): go-style patterns to files, grouped by directory;
//! 2. **parse** (`engine::parse`): a byte prefilter (`engine::prefilter`) picks the
//!    files any rule could fire in, and each is parsed once by its worker's parser;
//! 3. **index** (`model`): imports, package-level types and variables, scopes;
//! 4. **check** (`engine::dispatch`, `rules`): one cursor walk per file calls the
//!    rules registered for each node kind; `engine::suppress` applies `//nolint`;
//! 5. **report** (`output`): text, concise, JSON, SARIF, GitHub annotations, Checkstyle,
//!    GitLab Code Quality, rdjson or JUnit, sorted; or per-rule `--statistics`.

pub mod cache;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod gitdiff;
pub mod lsp;
pub mod model;
pub mod output;
pub mod rules;
pub mod settings;

pub use diagnostic::{Diagnostic, Report};
pub use engine::check;
pub use settings::Settings;

/// The version printed by `--version` and written into SARIF.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
