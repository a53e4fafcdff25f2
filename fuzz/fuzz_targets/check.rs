//! Fuzzes the whole pipeline on one in-memory Go file: prefilter, tree-sitter
//! parse, index, every rule and `//nolint` suppression (`check_files`), then
//! renders the report in every output format. Inputs whose first byte is odd
//! run with the prefilter off (and generated files included), so every rule
//! sees them even without trigger strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lifelint::Settings;
use lifelint::engine::{InMemoryFile, check_files};
use lifelint::output::{self, Format};

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
    let report = check_files(
        vec![InMemoryFile {
            path: "fuzz.go".into(),
            text,
            reported: true,
        }],
        &settings,
    );
    for format in [Format::Text, Format::Json, Format::Sarif, Format::Github] {
        let mut buf = Vec::new();
        output::render(format, &report, &mut buf, false).expect("writing to a Vec cannot fail");
    }
});
