//! XML escaping for the Checkstyle and JUnit reports. Both are flat, fixed
//! shapes written line by line, so escaping is all an XML library would add:
//! the five markup characters, line breaks and tabs in attributes (which XML
//! parsers would otherwise normalise to spaces), and the control characters
//! XML 1.0 forbids even as references, replaced with U+FFFD.

/// `text` escaped for an attribute value in double quotes.
pub fn attribute(text: &str) -> String {
    escape(text, true)
}

/// `text` escaped for element content (line breaks kept as they are).
pub fn content(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_breaks_and_forbidden_characters() {
        assert_eq!(
            super::attribute("a<b & \"c\" 'd'>\n\te\r"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;&#9;e&#13;"
        );
        assert_eq!(super::content("x\ny\u{1}\u{ffff}"), "x\ny\u{fffd}\u{fffd}");
    }
}
