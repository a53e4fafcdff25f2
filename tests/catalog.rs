//! The catalog stays whole: every rule in `rules::ALL` has its source file, its
//! page (with the required headings), its fixtures (at least six wanted
//! findings and six silent functions) and its snapshot; nothing is orphaned;
//! summaries follow the message convention; and the README's rules table is
//! exactly `lifelint rules`. Fix a drifted README with
//! `LIFELINT_BLESS=1 cargo test --test catalog`.

use std::collections::BTreeSet;
use std::path::Path;

use lifelint::engine::parse::parse;
use lifelint::model::kinds;
use lifelint::rules::{self, RuleMeta};

const HEADINGS: &[&str] = &[
    "## What it finds",
    "## Why it is a bug",
    "## Example",
    "Use instead:",
    "## When it stays silent",
    "## Suppress",
];

fn ids() -> Vec<&'static str> {
    rules::ALL.iter().map(|r| r.meta().id).collect()
}

#[test]
fn ids_are_unique_sorted_and_well_formed() {
    let ids = ids();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        ids, sorted,
        "rules::ALL must be sorted by id, without duplicates"
    );
    for id in ids {
        let parts: Vec<&str> = id.split('-').collect();
        assert!(
            parts.len() >= 2
                && parts.iter().all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
                && parts[0].bytes().all(|b| b.is_ascii_lowercase()),
            "{id} must match ^[a-z]+(-[a-z0-9]+)+$"
        );
    }
}

/// `src/rules/<family>/<id without the family prefix, as snake_case>.rs`.
fn source_path(meta: &RuleMeta) -> String {
    let family = meta.family.name();
    let stem = meta
        .id
        .strip_prefix(&format!("{family}-"))
        .unwrap_or(meta.id)
        .replace('-', "_");
    format!("src/rules/{family}/{stem}.rs")
}

#[test]
fn every_rule_has_source_page_fixtures_and_snapshot() {
    for rule in rules::ALL {
        let meta = rule.meta();
        let id = meta.id;
        assert!(
            meta.family.id_prefixes().iter().any(|p| id.starts_with(p)),
            "{id}: id prefix does not match family {}",
            meta.family.name()
        );
        let source = source_path(meta);
        let text =
            std::fs::read_to_string(&source).unwrap_or_else(|_| panic!("{id}: missing {source}"));
        assert!(
            text.starts_with("//!"),
            "{source} must open with a module doc comment"
        );
        assert!(
            text.contains(&format!("\"{id}\"")),
            "{source} does not declare {id}"
        );

        let page_path = format!("rules/{id}.md");
        let page = std::fs::read_to_string(&page_path)
            .unwrap_or_else(|_| panic!("{id}: missing {page_path}"));
        assert_eq!(
            page, meta.page,
            "{page_path} is not the page embedded in {source}"
        );
        assert!(
            page.starts_with(&format!("# {id}\n")),
            "{page_path} must start with `# {id}`"
        );
        let mut from = 0;
        for heading in HEADINGS {
            let found = page[from..].find(heading);
            assert!(
                found.is_some(),
                "{page_path}: missing `{heading}` (or out of order)"
            );
            from += found.unwrap() + heading.len();
        }
        assert!(
            !meta.full_description().is_empty(),
            "{page_path}: empty `What it finds`"
        );

        let (wants, silent) = fixture_counts(&format!("testdata/{id}"), id);
        assert!(
            wants >= 6,
            "testdata/{id}: {wants} `// want \"{id}\"` lines, need at least 6 positives"
        );
        assert!(
            silent >= 6,
            "testdata/{id}: {silent} functions without findings, need at least 6 negatives"
        );

        let snapshot = format!("tests/snapshots/{id}.snap");
        assert!(
            Path::new(&snapshot).is_file(),
            "{id}: missing {snapshot} (run the fixtures test)"
        );
    }
}

/// Wanted findings of `id`, and functions with no wanted finding at all.
fn fixture_counts(dir: &str, id: &str) -> (usize, usize) {
    let mut wants = 0;
    let mut silent = 0;
    let mut stack = vec![Path::new(dir).to_path_buf()];
    assert!(stack[0].is_dir(), "missing {dir}/");
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "go") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let want_lines: BTreeSet<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| line.contains("// want \""))
                .map(|(i, _)| i)
                .collect();
            wants += text
                .lines()
                .filter_map(|line| line.split_once("// want ").map(|(_, ids)| ids))
                .map(|ids| ids.matches(&format!("\"{id}\"")).count())
                .sum::<usize>();
            let tree = parse(&text).unwrap();
            let root = tree.root_node();
            let mut cursor = root.walk();
            for decl in root.named_children(&mut cursor) {
                if decl.kind() == kinds::FUNCTION_DECLARATION
                    || decl.kind() == kinds::METHOD_DECLARATION
                {
                    let rows = decl.start_position().row..=decl.end_position().row;
                    if !want_lines.iter().any(|l| rows.contains(l)) {
                        silent += 1;
                    }
                }
            }
        }
    }
    (wants, silent)
}

#[test]
fn no_orphan_pages_fixtures_or_snapshots() {
    let ids: BTreeSet<String> = ids().into_iter().map(String::from).collect();
    let stems = |dir: &str, ext: Option<&str>| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| match ext {
                Some(ext) => p.extension().is_some_and(|e| e == ext),
                None => p.is_dir(),
            })
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(
        stems("rules", Some("md")),
        ids,
        "rules/*.md must match rules::ALL"
    );
    assert_eq!(
        stems("testdata", None),
        ids,
        "testdata/* must match rules::ALL"
    );
    assert_eq!(
        stems("tests/snapshots", Some("snap")),
        ids,
        "tests/snapshots/*.snap must match rules::ALL"
    );
}

#[test]
fn summaries_follow_the_message_convention() {
    for rule in rules::ALL {
        let meta = rule.meta();
        assert!(
            !meta.summary.starts_with(|c: char| c.is_uppercase()) && !meta.summary.ends_with('.'),
            "{}: summary must start lower-case and have no final period",
            meta.id
        );
        assert!(
            meta.summary.len() <= 100,
            "{}: summary longer than one line",
            meta.id
        );
    }
}

#[test]
fn readme_rules_table_is_generated() {
    const START: &str = "<!-- rules:start -->\n";
    const END: &str = "<!-- rules:end -->";
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the {START:?} … {END:?} markers");
    };
    let current = &readme[start + START.len()..end];
    let table = lifelint::cli::rules::table();
    if current != table {
        if std::env::var_os("LIFELINT_BLESS").is_some() {
            let updated = format!(
                "{}{table}{}",
                &readme[..start + START.len()],
                &readme[end..]
            );
            std::fs::write("README.md", updated).unwrap();
        } else {
            panic!(
                "the README's rules table differs from `lifelint rules`; run: LIFELINT_BLESS=1 cargo test --test catalog"
            );
        }
    }
}

/// A page has a `## Fix` section exactly when its rule offers fixes on its fixtures
/// (the fixture harness puts each fix in the rule's snapshot as `fix at ...`).
#[test]
fn pages_document_the_fixes_rules_offer() {
    for rule in rules::ALL {
        let meta = rule.meta();
        let snapshot = std::fs::read_to_string(format!("tests/snapshots/{}.snap", meta.id))
            .unwrap_or_default();
        let offers = snapshot.contains("\nfix at ");
        let documents = meta.page.contains("\n## Fix\n");
        assert_eq!(
            offers, documents,
            "{}: fixes offered on fixtures: {offers}, `## Fix` on its page: {documents}",
            meta.id
        );
    }
}
