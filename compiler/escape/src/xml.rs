//! XML, for the SVG zone graph (`zonec graph`). In content and in a
//! double- or single-quoted attribute value, `<` starts a tag, `&` an
//! entity, and `"`/`'` end the attribute (`]]>` only matters inside CDATA,
//! which zonec never writes). XML 1.0 forbids most C0 control characters
//! even as character references, so a NUL or ESC in a name would make the
//! whole SVG ill-formed; bidirectional overrides would reorder the drawn
//! text.
//!
//! Rule: `&`, `<`, `>`, `"` and `'` become entity references, and every
//! control and invisible character is written as visible text (`\u{1b}`),
//! so the reader sees it and the parser gets plain characters.

use super::chars::push_visible;

/// `text` escaped for XML content and attribute values.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => push_visible(&mut out, c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_inert() {
        assert_eq!(
            text("<script>\"a\" & 'b' ]]>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39; ]]&gt;"
        );
        assert_eq!(
            text("a\u{0}\u{1b}\u{202e}\nb"),
            "a\\u{0}\\u{1b}\\u{202e}\\u{a}b"
        );
    }
}
