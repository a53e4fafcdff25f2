//! The fixture harness: one trial per rule in `rules::ALL` (run one with
//! `cargo test --test fixtures -- ctx-cancel`). Each trial checks
//! `testdata/<id>/` with every rule enabled and compares the findings with the
//! `// want "id" ["id"...]` comments: every wanted line must be reported, and
//! nothing else may be. It then checks the harness invariants (fixtures parse,
//! spans lie in their file, messages follow the convention, neither the
//! prefilter nor checking the package one file at a time changes anything). Every fix the rule offers is applied and the package checked
//! again: the result must parse and the finding must be gone, with no new one.
//! The rendered text, followed by each fix as a diff, is snapshotted in
//! `tests/snapshots/<id>.snap`, so a reviewer sees exactly what users see.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use lifelint::engine::parse::parse;
use lifelint::model::kinds;
use lifelint::rules;
use lifelint::{Report, Settings};

fn main() {
    let args = Arguments::from_args();
    let trials = rules::ALL
        .iter()
        .map(|rule| {
            let id = rule.meta().id;
            Trial::test(id, move || check_rule(id))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn check_rule(id: &'static str) -> Result<(), Failed> {
    let dir = PathBuf::from("testdata").join(id);
    if !dir.is_dir() {
        return Err(format!("{} does not exist", dir.display()).into());
    }
    let pattern = format!("testdata/{id}/...");
    let report = lifelint::check(std::slice::from_ref(&pattern), &Settings::default());
    if !report.problems.is_empty() {
        return Err(format!("input problems: {:?}", report.problems).into());
    }
    let wanted = wanted_findings(&dir)?;
    if !wanted.values().flatten().any(|rule| rule == id) {
        return Err(format!("no `// want \"{id}\"` in {}", dir.display()).into());
    }
    compare(&report, &wanted)?;
    check_invariants(&report)?;
    let unfiltered = lifelint::check(
        std::slice::from_ref(&pattern),
        &Settings {
            prefilter: false,
            ..Settings::default()
        },
    );
    if unfiltered.diagnostics != report.diagnostics {
        return Err("the prefilter changed the findings (compare with --no-prefilter)".into());
    }
    // Every package checked one file at a time, its facts gathered in a first pass.
    let streamed = lifelint::check(
        &[pattern],
        &Settings {
            stream_above: 0,
            ..Settings::default()
        },
    );
    if streamed.diagnostics != report.diagnostics || streamed.problems != report.problems {
        return Err("checking one file at a time changed the findings (stream_above: 0)".into());
    }
    let mut text = Vec::new();
    lifelint::output::render(lifelint::output::Format::Text, &report, &mut text, false)?;
    let mut text = String::from_utf8(text)?;
    text.push_str(&check_fixes(id, &report)?);
    std::panic::catch_unwind(|| {
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(id, text);
        });
    })
    .map_err(|_| {
        Failed::from(format!(
            "snapshot tests/snapshots/{id}.snap differs; review with `cargo insta review`"
        ))
    })
}

/// `(path, line) -> rule ids` from every `// want "..."` in the fixtures, also inside other comments.
fn wanted_findings(dir: &Path) -> Result<BTreeMap<(String, usize), Vec<String>>, Failed> {
    let mut wanted = BTreeMap::new();
    for path in go_files(dir) {
        let text = std::fs::read_to_string(&path)?;
        let tree = parse(&text).ok_or("tree-sitter gave up")?;
        let root = tree.root_node();
        if root.has_error() {
            return Err(format!(
                "{} does not parse cleanly: fixtures must be valid Go",
                path.display()
            )
            .into());
        }
        let display = path.to_string_lossy().replace('\\', "/");
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            if node.kind() == kinds::COMMENT {
                let comment = &text[node.byte_range()];
                if let Some((_, rest)) = comment.split_once("// want ") {
                    let ids = quoted_strings(rest);
                    if ids.is_empty() {
                        return Err(format!("{display}: `// want` without a quoted rule id").into());
                    }
                    let line = node.start_position().row + 1;
                    wanted
                        .entry((display.clone(), line))
                        .or_insert_with(Vec::new)
                        .extend(ids);
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break;
                }
            }
            if cursor.node() == root {
                break;
            }
        }
    }
    Ok(wanted)
}

fn quoted_strings(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix('"') {
        let Some(end) = after.find('"') else { break };
        ids.push(after[..end].to_string());
        rest = after[end + 1..].trim_start();
    }
    ids
}

fn go_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = files_below(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    files.sort();
    files
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

fn compare(report: &Report, wanted: &BTreeMap<(String, usize), Vec<String>>) -> Result<(), Failed> {
    let mut got: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for d in &report.diagnostics {
        let line = d.file.line_of(d.span.start);
        got.entry((d.file.display.clone(), line))
            .or_default()
            .push(d.rule.id.to_string());
    }
    let mut errors = Vec::new();
    let keys: std::collections::BTreeSet<_> = got.keys().chain(wanted.keys()).cloned().collect();
    for key in keys {
        let mut expected = wanted.get(&key).cloned().unwrap_or_default();
        let mut actual = got.get(&key).cloned().unwrap_or_default();
        expected.sort();
        actual.sort();
        for id in &actual {
            if let Some(i) = expected.iter().position(|e| e == id) {
                expected.remove(i);
            } else {
                errors.push(format!("{}:{}: unexpected {id}", key.0, key.1));
            }
        }
        for id in expected {
            errors.push(format!("{}:{}: wanted {id}, not reported", key.0, key.1));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n").into())
    }
}

/// Applies each fix of rule `id` on its own and checks the file's package again: the
/// fixed file must parse, lose exactly one finding of `id`, and gain no finding of any
/// rule. Returns the fixes as diffs, for the snapshot.
fn check_fixes(id: &str, report: &Report) -> Result<String, Failed> {
    let mut out = String::new();
    // Each package's findings before any fix, checked once.
    let mut before: BTreeMap<PathBuf, Report> = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| d.rule.id == id) {
        let Some(fix) = &d.fix else { continue };
        let file = &d.file;
        let here = format!(
            "{}:{}: {}",
            file.display,
            file.line_of(d.span.start),
            fix.title
        );
        let mut spans: Vec<_> = fix.edits.iter().map(|e| e.span.clone()).collect();
        spans.sort_by_key(|s| (s.start, s.end));
        if fix.edits.is_empty()
            || spans.windows(2).any(|w| w[0].end > w[1].start)
            || spans.iter().any(|s| {
                s.end > file.text.len()
                    || !file.text.is_char_boundary(s.start)
                    || !file.text.is_char_boundary(s.end)
            })
        {
            return Err(format!("{here}: edits empty, overlapping or outside the file").into());
        }
        let fixed = fix.apply(&file.text);
        let count = |report: &Report, rule: Option<&str>| {
            report
                .diagnostics
                .iter()
                .filter(|o| o.file.path == file.path && rule.is_none_or(|r| o.rule.id == r))
                .count()
        };
        let dir = file.path.parent().unwrap_or(Path::new("."));
        let after = check_package(dir, Some((&file.path, &fixed)));
        if !after.problems.is_empty() {
            return Err(
                format!("{here}: the fixed file has problems: {:?}", after.problems).into(),
            );
        }
        let before_package = before
            .entry(dir.to_path_buf())
            .or_insert_with(|| check_package(dir, None));
        let (rule_before, rule_after) = (count(before_package, Some(id)), count(&after, Some(id)));
        let (all_before, all_after) = (count(before_package, None), count(&after, None));
        if rule_after + 1 != rule_before || all_after + 1 > all_before {
            return Err(format!(
                "{here}: {id} findings {rule_before} -> {rule_after}, all findings {all_before} -> {all_after}: the fix must remove its finding and add none"
            )
            .into());
        }
        out.push_str(&format!(
            "\nfix at {here}\n{}",
            line_diff(&file.text, &fixed)
        ));
    }
    Ok(out)
}

/// The findings of the package in `dir` (its own `.go` files, not subdirectories'),
/// with one file's text replaced when `replace` says so.
fn check_package(dir: &Path, replace: Option<(&Path, &str)>) -> Report {
    let files = go_files(dir)
        .into_iter()
        .filter(|path| path.parent() == Some(dir))
        .map(|path| {
            let text = match replace {
                Some((replaced, text)) if replaced == path => text.to_string(),
                _ => std::fs::read_to_string(&path).expect("fixture readable"),
            };
            lifelint::engine::InMemoryFile {
                path,
                text,
                reported: true,
            }
        })
        .collect();
    lifelint::engine::check_files(files, &Settings::default())
}

/// The lines that differ between two texts, with one line of context each side.
fn line_diff(before: &str, after: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    let context_start = prefix.saturating_sub(1);
    for line in &old[context_start..prefix] {
        out.push_str(&format!("  {line}\n"));
    }
    for line in &old[prefix..old.len() - suffix] {
        out.push_str(&format!("- {line}\n"));
    }
    for line in &new[prefix..new.len() - suffix] {
        out.push_str(&format!("+ {line}\n"));
    }
    if let Some(line) = old.get(old.len() - suffix) {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// Invariants every finding must hold, whatever the rule.
fn check_invariants(report: &Report) -> Result<(), Failed> {
    for d in &report.diagnostics {
        let here = format!(
            "{}:{}: {}",
            d.file.display,
            d.file.line_of(d.span.start),
            d.rule.id
        );
        let len = d.file.text.len();
        if d.span.start > d.span.end
            || d.span.end > len
            || d.related.iter().any(|r| r.span.end > len)
        {
            return Err(format!("{here}: span outside its file").into());
        }
        let message = &d.message;
        if message.starts_with(|c: char| c.is_uppercase()) || message.ends_with('.') {
            return Err(format!(
                "{here}: message must start lower-case and have no final period: {message}"
            )
            .into());
        }
        if message.contains(" line ") {
            return Err(format!("{here}: messages never name line numbers: {message}").into());
        }
    }
    Ok(())
}
