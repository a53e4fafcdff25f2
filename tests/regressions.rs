//! Inputs the fuzzer found (`fuzz/regressions/`): each is checked, with the
//! prefilter on and off, on a thread with the 2 MiB stack that rayon's workers
//! get, and must neither panic nor overflow the stack.

use lifelint::Settings;
use lifelint::engine::{InMemoryFile, check_files};

const WORKER_STACK: usize = 2 * 1024 * 1024;

#[test]
fn fuzz_regressions_check_cleanly() {
    let mut paths: Vec<_> = std::fs::read_dir("fuzz/regressions")
        .expect("fuzz/regressions exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for prefilter in [true, false] {
            let text = text.clone();
            let settings = Settings {
                prefilter,
                include_generated: true,
                ..Settings::default()
            };
            let report = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn(move || {
                    let report = check_files(
                        vec![InMemoryFile {
                            path: "regression.go".into(),
                            text,
                            reported: true,
                        }],
                        &settings,
                    );
                    report.diagnostics.len()
                })
                .unwrap()
                .join();
            assert!(
                report.is_ok(),
                "{} panicked (prefilter {prefilter})",
                path.display()
            );
        }
    }
}
