//! The `lint` family: hygiene of `//nolint` directives. These rules have no
//! hooks of their own; `engine::suppress` applies the directives after every
//! other rule has run and asks these modules to word what it found.

pub mod nolint_unknown;
pub mod nolint_unused;
