//! `//nolint` directives, golangci-lint style, applied after every rule has
//! run on a file. A directive at the end of a line covers that line; one on a
//! line of its own covers the next line, and when a node (a declaration, a
//! statement) starts there at the comment's column, that node's whole range, as
//! golangci-lint does. `//nolint` alone covers every rule; a list names rule
//! ids, family names or `lifelint`; names of other linters are ignored. Unused
//! and unknown lifelint names become `nolint-unused` / `nolint-unknown` findings.

use std::ops::{Range, RangeInclusive};
use std::sync::Arc;

use tree_sitter::Node;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Edit, Fix};
use crate::model::{SourceFile, kinds, syntax};
use crate::rules::lint::{nolint_unknown, nolint_unused};
use crate::rules::{self, Family, RuleMeta};
use crate::settings::RuleSet;

/// One `//nolint` comment.
#[derive(Debug)]
pub struct Directive {
    /// The comment's bytes.
    comment: Range<usize>,
    /// 0-based lines covered.
    lines: RangeInclusive<usize>,
    /// `None` for a bare `//nolint`.
    names: Option<Vec<Name>>,
}

#[derive(Debug)]
struct Name {
    text: String,
    span: Range<usize>,
    used: bool,
}

/// What a directive name stands for.
enum Meaning {
    /// `//nolint:all`: every linter, as a bare `//nolint`.
    All,
    Everything,
    Family(Family),
    Rule(usize),
    UnknownLifelint,
    Foreign,
}

fn meaning(name: &str) -> Meaning {
    // golangci-lint compares names without case.
    let name = name.to_ascii_lowercase();
    let name = name.as_str();
    if name == "all" {
        Meaning::All
    } else if name == "lifelint" {
        Meaning::Everything
    } else if let Some(family) = Family::from_name(name) {
        Meaning::Family(family)
    } else if let Some((index, _)) = rules::by_id(name) {
        Meaning::Rule(index)
    } else if nolint_unknown::looks_like_lifelint(name) {
        Meaning::UnknownLifelint
    } else {
        Meaning::Foreign
    }
}

impl Meaning {
    fn covers(&self, rule: &RuleMeta) -> bool {
        match self {
            // `//nolint:lifelint` does not hide what is wrong with the directive itself.
            Meaning::All => true,
            Meaning::Everything => rule.family != Family::Lint,
            Meaning::Family(family) => rule.family == *family,
            Meaning::Rule(index) => rules::ALL[*index].meta().id == rule.id,
            Meaning::UnknownLifelint | Meaning::Foreign => false,
        }
    }

    /// Whether any rule this name covers ran (so that "unused" can be judged).
    fn judgeable(&self, enabled: RuleSet) -> bool {
        enabled.iter().any(|i| self.covers(rules::ALL[i].meta()))
    }

    /// Names about the hygiene rules themselves are judged last.
    fn is_about_hygiene(&self) -> bool {
        match self {
            Meaning::Family(family) => *family == Family::Lint,
            Meaning::Rule(index) => rules::ALL[*index].meta().family == Family::Lint,
            _ => false,
        }
    }
}

/// Reads the directives among a file's comments.
pub fn directives(comments: &[Node<'_>], file: &SourceFile) -> Vec<Directive> {
    comments
        .iter()
        .filter_map(|comment| parse_directive(*comment, file))
        .collect()
}

fn parse_directive(comment: Node<'_>, file: &SourceFile) -> Option<Directive> {
    let text = syntax::text(comment, &file.text);
    let body = text.strip_prefix("//")?;
    let trimmed = body.trim_start();
    // `nolint`, in any case, as golangci-lint reads it.
    let keyword = trimmed.get(..6)?;
    if !keyword.eq_ignore_ascii_case("nolint") {
        return None;
    }
    let rest = &trimmed[6..];
    let list_start = comment.start_byte() + 2 + (body.len() - trimmed.len()) + "nolint".len();
    let names = if let Some(list) = rest.strip_prefix(':') {
        // `name[,name...]` with spaces allowed around names and commas; whatever
        // follows (`// reason`) is not part of the list.
        let mut names = Vec::new();
        let bytes = list.as_bytes();
        let mut i = 0;
        loop {
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_'))
            {
                i += 1;
            }
            if i == start {
                break;
            }
            let offset = list_start + 1 + start;
            names.push(Name {
                text: list[start..i].to_string(),
                span: offset..offset + (i - start),
                used: false,
            });
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b',' {
                i = j + 1;
            } else {
                break;
            }
        }
        (!names.is_empty()).then_some(names)
    } else if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        None
    } else {
        // `//nolintfoo` is not a directive.
        return None;
    };
    Some(Directive {
        comment: comment.byte_range(),
        lines: covered_lines(comment, file),
        names,
    })
}

fn covered_lines(comment: Node<'_>, file: &SourceFile) -> RangeInclusive<usize> {
    let line = comment.start_position().row;
    if !file.starts_line(comment.start_byte()) {
        return line..=line;
    }
    // Skip comments on the following lines (a doc comment under the directive).
    let mut next = comment.next_sibling();
    let mut expected_row = line + 1;
    while let Some(node) = next {
        if node.kind() != kinds::COMMENT || node.start_position().row != expected_row {
            break;
        }
        expected_row = node.end_position().row + 1;
        next = node.next_sibling();
    }
    match next {
        // Above `package`: the whole file, as golangci-lint does.
        Some(node)
            if node.kind() == "package_clause" && node.start_position().row == expected_row =>
        {
            0..=usize::MAX
        }
        Some(node)
            if node.start_position().row == expected_row
                && node.start_position().column == comment.start_position().column =>
        {
            line..=node.end_position().row
        }
        _ => line..=line + 1,
    }
}

/// Applies directives to a file's findings and adds the hygiene findings.
pub fn apply(
    mut directives: Vec<Directive>,
    findings: Vec<Diagnostic>,
    file: &Arc<SourceFile>,
    enabled: RuleSet,
) -> Vec<Diagnostic> {
    if directives.is_empty() {
        return findings;
    }
    let mut kept = filter(&mut directives, findings, file);
    let hygiene = hygiene_findings(&mut directives, file, enabled, false);
    kept.extend(filter(&mut directives, hygiene, file));
    kept.extend(hygiene_findings(&mut directives, file, enabled, true));
    kept
}

fn filter(
    directives: &mut [Directive],
    findings: Vec<Diagnostic>,
    file: &SourceFile,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter(|finding| {
            let line = file.line_index(finding.span.start);
            let mut suppressed = false;
            for directive in directives.iter_mut().filter(|d| d.lines.contains(&line)) {
                match &mut directive.names {
                    None => suppressed = true,
                    Some(names) => {
                        for name in names.iter_mut() {
                            if meaning(&name.text).covers(finding.rule) {
                                name.used = true;
                                suppressed = true;
                            }
                        }
                    }
                }
            }
            !suppressed
        })
        .collect()
}

/// The fix of an unused name: the name and a comma next to it leave the list; the
/// last name takes the whole comment with it (its line too, when alone on it).
fn unused_name_removal(
    directive: &Directive,
    names: &[Name],
    index: usize,
    file: &SourceFile,
) -> Fix {
    let name = &names[index];
    let span = if names.len() > 1 {
        match names.get(index + 1) {
            // `a,b` -> `b`: up to the next name.
            Some(next) => name.span.start..next.span.start,
            // `a,b` -> `a`: from the end of the previous name.
            None => names[index - 1].span.end..name.span.end,
        }
    } else if file.starts_line(directive.comment.start) {
        let start = file.text[..directive.comment.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = file.text[directive.comment.end..]
            .find('\n')
            .map_or(file.text.len(), |i| directive.comment.end + i + 1);
        start..end
    } else {
        let before = file.text[..directive.comment.start].trim_end_matches([' ', '\t']);
        before.len()..directive.comment.end
    };
    let title = if names.len() > 1 {
        format!("Remove `{}` from the directive", name.text)
    } else {
        "Remove the `//nolint` directive".to_string()
    };
    Fix {
        title,
        edits: vec![Edit {
            span,
            text: String::new(),
        }],
        safe: true,
    }
}

/// Findings for unknown names and unused names; `about_hygiene` picks which names are judged.
fn hygiene_findings(
    directives: &mut [Directive],
    file: &Arc<SourceFile>,
    enabled: RuleSet,
    about_hygiene: bool,
) -> Vec<Diagnostic> {
    let unused_on =
        enabled.contains(rules::by_id(nolint_unused::META.id).map_or(usize::MAX, |(i, _)| i));
    let unknown_on =
        enabled.contains(rules::by_id(nolint_unknown::META.id).map_or(usize::MAX, |(i, _)| i));
    let catalog: Vec<&str> = rules::ALL.iter().map(|r| r.meta().id).collect();
    let mut out = Vec::new();
    for directive in directives.iter() {
        let Some(names) = &directive.names else {
            continue;
        };
        for (index, name) in names.iter().enumerate() {
            let meaning = meaning(&name.text);
            let (meta, message) = match meaning {
                Meaning::UnknownLifelint if unknown_on && !about_hygiene => (
                    &nolint_unknown::META,
                    nolint_unknown::message(&name.text, &catalog),
                ),
                Meaning::Everything | Meaning::Family(_) | Meaning::Rule(_)
                    if unused_on
                        && !name.used
                        && meaning.is_about_hygiene() == about_hygiene
                        && meaning.judgeable(enabled) =>
                {
                    (&nolint_unused::META, nolint_unused::message(&name.text))
                }
                _ => continue,
            };
            let fix = (meta.id == nolint_unused::META.id)
                .then(|| unused_name_removal(directive, names, index, file));
            out.push(Diagnostic {
                rule: meta,
                severity: meta.severity,
                file: Arc::clone(file),
                span: name.span.clone(),
                message,
                related: Vec::new(),
                function: None,
                fix,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::{find_all, parse};

    fn lines_of(src: &str) -> Vec<(RangeInclusive<usize>, Option<Vec<String>>)> {
        let tree = parse(src);
        let file = SourceFile::new("a.go".into(), "a.go".into(), src.to_string());
        let comments = find_all(tree.root_node(), kinds::COMMENT);
        directives(&comments, &file)
            .into_iter()
            .map(|d| {
                (
                    d.lines,
                    d.names.map(|n| n.into_iter().map(|n| n.text).collect()),
                )
            })
            .collect()
    }

    #[test]
    fn directive_forms_and_ranges() {
        let src = "package p

//nolint:ctx,errcheck // reason
// Doc comment.
func f() {
\tx := 1 //nolint
\t// nolint:wg-copied
\t_ = x
\t//nolintx
}
";
        let got = lines_of(src);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].0,
            2..=9,
            "covers the whole declaration under its doc comment"
        );
        assert_eq!(
            got[0].1.as_deref(),
            Some(&["ctx".to_string(), "errcheck".to_string()][..])
        );
        assert_eq!(got[1], (5..=5, None));
        assert_eq!(got[2].0, 6..=7);
    }
}
