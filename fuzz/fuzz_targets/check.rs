//! Fuzzes the whole pipeline on one in-memory Go file: prefilter, tree-sitter
//! parse, index, every rule and `//nolint` suppression (`check_files`), then
//! renders the report in every output format. Inputs whose first byte is odd
//! run with the prefilter off (and generated files included), so every rule
//! sees them even without trigger strings. The check runs on a thread with
//! the 2 MiB stack of the CLI's rayon workers, so deep recursion overflows
//! here as it would in `lifelint check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lifelint::Settings;
use lifelint::engine::{InMemoryFile, check_files};
use lifelint::output::{self, Format};

/// Rust's default thread stack, which rayon's worker threads get.
const WORKER_STACK: usize = 2 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let everything = data.first().is_some_and(|b| b & 1 == 1);
    let settings = if everything {
        Settings {
            prefilter: false,
            include_generated: true,
            ..Settings::default()
        }
    } else {
        Settings::default()
    };
    let text = String::from_utf8_lossy(data).into_owned();
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let report = check_files(
                vec![InMemoryFile {
                    path: "fuzz.go".into(),
                    text,
                    reported: true,
                }],
                &settings,
            );
            for format in Format::all().iter().copied() {
                let mut buf = Vec::new();
                output::render(format, &report, &mut buf, false)
                    .expect("writing to a Vec cannot fail");
            }
        })
        .expect("spawn the check thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
});
