//! What the command-line tests share.

/// The result cache of every lifelint these tests start: under cargo's temporary
/// directory for integration tests, never the user's cache. Entries are keyed by the
/// executable, so a rebuilt lifelint never replays an older build's results, and runs
/// that check the same tree twice replay from it.
pub const CACHE_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/lifelint-cache");
