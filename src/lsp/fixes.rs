//! Quick fixes computed from a published diagnostic (its rule id, ranges and
//! message) and the buffer's text, without the engine: each recognises a simple
//! statement shape on the finding's line and offers nothing otherwise.
//!
//! - `ctx-cancel-not-called` on `ctx, cancel := context.WithX(...)`: add
//!   `defer cancel()` after the statement.
//! - `ctx-cancel-discarded` on `ctx, _ := context.WithX(...)`: name the `_`
//!   `cancel` and add `defer cancel()`, unless `cancel` already appears in the
//!   enclosing top-level function.
//! - `span-end-missing` on `ctx, span := start(...)` or `span := start(...)`:
//!   add `defer span.End()` (`Finish()` when the finding says `Finish`).
//!
//! `wg-add-in-goroutine` gets no fix: moving the `Add` out of the goroutine
//! needs the statement structure, not a line.

use lsp_types::{Position, Range, TextEdit};

use super::convert;

/// One quick fix: its title and edits to the buffer.
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// The quick fix for `diag` in a buffer split into `lines` (on `\n`), if any.
pub fn fix(diag: &lsp_types::Diagnostic, lines: &[&str]) -> Option<Fix> {
    let lsp_types::NumberOrString::String(id) = diag.code.as_ref()? else {
        return None;
    };
    match id.as_str() {
        "ctx-cancel-not-called" => cancel_not_called(diag, lines),
        "ctx-cancel-discarded" => cancel_discarded(diag, lines),
        "span-end-missing" => span_end_missing(diag, lines),
        _ => None,
    }
}

/// A `lhs := call` statement whose call is the diagnostic's range.
struct Statement<'a> {
    /// The left-hand names, trimmed.
    targets: Vec<&'a str>,
    /// The call's source text (possibly spanning lines).
    call: String,
    /// The leading whitespace of the statement's first line.
    indent: &'a str,
    /// The 0-based line the call ends on.
    end_line: u32,
}

fn statement<'a>(diag: &lsp_types::Diagnostic, lines: &[&'a str]) -> Option<Statement<'a>> {
    let range = diag.range;
    let first = *lines.get(range.start.line as usize)?;
    let last = *lines.get(range.end.line as usize)?;
    let start = convert::byte_column(first, range.start.character);
    let end = convert::byte_column(last, range.end.character);
    let call = if range.start.line == range.end.line {
        first.get(start..end)?.to_string()
    } else {
        let mut call = first.get(start..)?.to_string();
        for line in lines.get(range.start.line as usize + 1..range.end.line as usize)? {
            call.push('\n');
            call.push_str(line);
        }
        call.push('\n');
        call.push_str(last.get(..end)?);
        call
    };
    // Only a statement that ends with the call (a trailing comment is fine).
    let after = last.get(end..)?.trim();
    if !(after.is_empty() || after.starts_with("//")) {
        return None;
    }
    let before = first.get(..start)?.trim_end().strip_suffix(":=")?;
    // Skip a leading block comment such as `/* x */ ctx, _ := ...`.
    let before = match before.rfind("*/") {
        Some(at) => &before[at + 2..],
        None => before,
    };
    let targets: Vec<&str> = before.split(',').map(str::trim).collect();
    if !targets.iter().all(|name| is_identifier(name)) {
        return None;
    }
    let indent_len = first.len() - first.trim_start().len();
    Some(Statement {
        targets,
        call,
        indent: &first[..indent_len],
        end_line: range.end.line,
    })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// `{indent}{text}\n` inserted at the start of the line after the statement.
fn insert_after(statement: &Statement<'_>, lines: &[&str], text: &str) -> Option<TextEdit> {
    let next = statement.end_line + 1;
    let line = format!("{}{text}", statement.indent);
    if (next as usize) < lines.len() {
        let at = Position::new(next, 0);
        Some(TextEdit::new(Range::new(at, at), format!("{line}\n")))
    } else {
        // The last line has no terminator.
        let last = lines.get(statement.end_line as usize)?;
        let at = Position::new(statement.end_line, convert::utf16_len(last));
        Some(TextEdit::new(Range::new(at, at), format!("\n{line}")))
    }
}

fn is_context_call(call: &str) -> bool {
    call.trim_start().starts_with("context.With")
}

fn cancel_not_called(diag: &lsp_types::Diagnostic, lines: &[&str]) -> Option<Fix> {
    let statement = statement(diag, lines)?;
    if !is_context_call(&statement.call) {
        return None;
    }
    let [_, cancel] = statement.targets.as_slice() else {
        return None;
    };
    if *cancel == "_" {
        return None;
    }
    let text = format!("defer {cancel}()");
    let edit = insert_after(&statement, lines, &text)?;
    Some(Fix {
        title: format!("Add `{text}`"),
        edits: vec![edit],
    })
}

fn cancel_discarded(diag: &lsp_types::Diagnostic, lines: &[&str]) -> Option<Fix> {
    let statement = statement(diag, lines)?;
    if !is_context_call(&statement.call) {
        return None;
    }
    let [_, "_"] = statement.targets.as_slice() else {
        return None;
    };
    let blank = diag.related_information.as_ref()?.first()?.location.range;
    let blank_line = *lines.get(blank.start.line as usize)?;
    if blank.start.line != blank.end.line
        || blank_line.get(
            convert::byte_column(blank_line, blank.start.character)
                ..convert::byte_column(blank_line, blank.end.character),
        ) != Some("_")
    {
        return None;
    }
    if mentions_word(&enclosing_function(lines, diag.range.start.line), "cancel") {
        return None;
    }
    let defer = insert_after(&statement, lines, "defer cancel()")?;
    Some(Fix {
        title: "Keep the cancel function and add `defer cancel()`".to_string(),
        edits: vec![TextEdit::new(blank, "cancel".to_string()), defer],
    })
}

fn span_end_missing(diag: &lsp_types::Diagnostic, lines: &[&str]) -> Option<Fix> {
    let statement = statement(diag, lines)?;
    let span = match statement.targets.as_slice() {
        [span] | [_, span] => *span,
        _ => return None,
    };
    if span == "_" {
        return None;
    }
    let finish = diag.message.contains("Finish")
        || diag
            .related_information
            .iter()
            .flatten()
            .any(|related| related.message.contains("Finish"));
    let ender = if finish { "Finish" } else { "End" };
    let text = format!("defer {span}.{ender}()");
    let edit = insert_after(&statement, lines, &text)?;
    Some(Fix {
        title: format!("Add `{text}`"),
        edits: vec![edit],
    })
}

/// The text of the top-level declaration holding `line`: from the nearest
/// line at or above it starting with `func` to the next line that is `}`.
fn enclosing_function(lines: &[&str], line: u32) -> String {
    let line = (line as usize).min(lines.len().saturating_sub(1));
    let start = (0..=line)
        .rev()
        .find(|&i| lines[i].starts_with("func"))
        .unwrap_or(0);
    let end = (line..lines.len())
        .find(|&i| lines[i].trim_end() == "}")
        .unwrap_or(lines.len().saturating_sub(1));
    lines[start..=end.max(start)].join("\n")
}

/// Whether `word` occurs in `text` as a whole identifier.
fn mentions_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_ident)
            && !text[at + word.len()..].chars().next().is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Diagnostic, DiagnosticRelatedInformation, Location, NumberOrString, Uri};
    use std::str::FromStr;

    fn diag(id: &str, line: u32, start: u32, end: u32, message: &str) -> Diagnostic {
        Diagnostic {
            range: Range::new(Position::new(line, start), Position::new(line, end)),
            code: Some(NumberOrString::String(id.to_string())),
            message: message.to_string(),
            ..Diagnostic::default()
        }
    }

    fn span_of(line: &str, needle: &str) -> (u32, u32) {
        let at = line.find(needle).unwrap();
        (at as u32, line.len() as u32)
    }

    #[test]
    fn not_called_uses_the_cancel_name_and_indentation() {
        let text = "func f() {\n\t\tc, stop := context.WithCancel(p)\n\t_ = c\n}\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let (start, end) = span_of(lines[1], "context.");
        let fix = fix(&diag("ctx-cancel-not-called", 1, start, end, "x"), &lines).unwrap();
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(fix.edits[0].new_text, "\t\tdefer stop()\n");
        assert_eq!(fix.edits[0].range.start, Position::new(2, 0));
    }

    #[test]
    fn discarded_names_the_blank_unless_cancel_is_taken() {
        let text = "func f() {\n\tc, _ := context.WithCancel(p)\n\t_ = c\n}\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let (start, end) = span_of(lines[1], "context.");
        let mut d = diag("ctx-cancel-discarded", 1, start, end, "x");
        let blank = lines[1].find('_').unwrap() as u32;
        d.related_information = Some(vec![DiagnosticRelatedInformation {
            location: Location::new(
                Uri::from_str("file:///x.go").unwrap(),
                Range::new(Position::new(1, blank), Position::new(1, blank + 1)),
            ),
            message: "here".to_string(),
        }]);
        let fix = fix(&d, &lines).unwrap();
        assert_eq!(fix.edits[0].new_text, "cancel");
        assert_eq!(fix.edits[1].new_text, "\tdefer cancel()\n");

        let taken = text.replace("_ = c", "cancel := 1; _ = c");
        let lines: Vec<&str> = taken.split('\n').collect();
        assert!(super::fix(&d, &lines).is_none());
    }

    #[test]
    fn span_end_or_finish() {
        let text = "func f() {\n\tctx, span := tracer.Start(ctx, \"x\")\n}";
        let lines: Vec<&str> = text.split('\n').collect();
        let (start, end) = span_of(lines[1], "tracer.");
        let fix = fix(
            &diag("span-end-missing", 1, start, end, "never ended"),
            &lines,
        )
        .unwrap();
        assert_eq!(fix.edits[0].new_text, "\tdefer span.End()\n");
        let d = diag("span-end-missing", 1, start, end, "(call `Finish`)");
        assert_eq!(
            super::fix(&d, &lines).unwrap().edits[0].new_text,
            "\tdefer span.Finish()\n"
        );
        // Not a simple statement: nothing.
        let text = "func f() {\n\tx.span = tracer.Start(ctx, \"x\")\n}";
        let lines: Vec<&str> = text.split('\n').collect();
        let (start, end) = span_of(lines[1], "tracer.");
        assert!(super::fix(&diag("span-end-missing", 1, start, end, "x"), &lines).is_none());
    }
}
