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

/// A file whose function has a parameter and a local of a type nested `depth` deep
/// in one type constructor, plus code that makes every rule family look at it.
fn nested_type_file(open: &str, close: &str, depth: usize) -> String {
    let ty = format!("{}int{}", open.repeat(depth), close.repeat(depth));
    format!(
        "package p\n\nimport (\n\t\"context\"\n\t\"sync\"\n)\n\nvar wg sync.WaitGroup\n\nvar g {ty}\n\n\
         func f(ctx context.Context, p {ty}) {{\n\tvar x {ty}\n\twg.Add(1)\n\t\
         go func() {{ defer wg.Done(); _, _ = x, p }}()\n\tc, _ := context.WithCancel(ctx)\n\t_ = c\n}}\n"
    )
}

#[test]
fn types_nested_100_000_deep_check_cleanly() {
    // Every type constructor, nested far deeper than any bound: the check must neither
    // overflow a worker's stack nor panic.
    let shapes: &[(&str, &str, &str)] = &[
        ("pointer", "*", ""),
        ("slice", "[]", ""),
        ("array", "[1]", ""),
        ("map", "map[string]", ""),
        ("chan", "chan ", ""),
        ("func", "func() ", ""),
        ("parenthesised", "(", ")"),
    ];
    for (name, open, close) in shapes {
        let text = nested_type_file(open, close, 100_000);
        let settings = Settings {
            include_generated: true,
            max_file_bytes: u64::MAX,
            ..Settings::default()
        };
        let outcome = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn(move || {
                check_files(
                    vec![InMemoryFile {
                        path: "deep.go".into(),
                        text,
                        reported: true,
                    }],
                    &settings,
                )
                .diagnostics
                .len()
            })
            .unwrap()
            .join();
        assert!(
            outcome.is_ok(),
            "{name} nested 100,000 deep crashed the check"
        );
    }
}

/// Go the grammar does not know yet (`new(expr)`, a leading empty statement) is read
/// through the parser's same-length recovery; newer syntax it knows (generic type
/// aliases, range over integers and functions, `min`/`max`/`clear`) parses as is.
/// Every file of `tests/data/modern` must parse without an error node, and each
/// `// want "rule"` line there must be reported.
#[test]
fn modern_go_parses_and_its_findings_are_reported() {
    let dir = "tests/data/modern";
    let mut wanted = std::collections::BTreeSet::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let tree = lifelint::engine::parse::parse(&text).unwrap();
        assert!(
            !tree.root_node().has_error(),
            "{} still has a syntax error after recovery",
            path.display()
        );
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("// want \"") {
                let rule = line[at + 9..].trim_end_matches('"').to_string();
                wanted.insert((
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    i + 1,
                    rule,
                ));
            }
        }
    }
    let report = lifelint::check(&[format!("{dir}/...")], &Settings::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let found: std::collections::BTreeSet<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let name = std::path::Path::new(&d.file.display)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                d.file.line_index(d.span.start) + 1,
                d.rule.id.to_string(),
            )
        })
        .collect();
    assert_eq!(found, wanted);
}
