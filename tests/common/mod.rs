//! What the command-line tests share.

/// The result cache of every lifelint these tests start: under cargo's temporary
/// directory for integration tests, never the user's cache. Entries are keyed by the
/// executable, so a rebuilt lifelint never replays an older build's results, and runs
/// that check the same tree twice replay from it.
#[allow(dead_code, reason = "tests/cache.rs gives each test its own cache")]
pub const CACHE_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/lifelint-cache");

/// A finished lifelint's standard output, as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A finished lifelint's standard error, as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
