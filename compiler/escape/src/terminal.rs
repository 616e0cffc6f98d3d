//! Text for a terminal. A policy must not be able to move the cursor, clear
//! the screen, ring the bell, overwrite a line with `\r` or reorder what a
//! reviewer reads: every control and invisible character is shown as a
//! Rust-style escape (`\u{1b}`, `\u{202e}`), so it is visible and inert.
//! Everything zonec prints to a terminal that contains policy text (human
//! diagnostics, `explain`, `which`, `matrix`, `diff`) goes through [`escape`].

use super::chars::{backslash_quoted, is_unsafe, push_visible};
use std::borrow::Cow;

/// `text` with every control and invisible character written as
/// `\u{XX}` (lowercase hex); borrowed when nothing needed escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but newlines are kept as line breaks: for multi-line
/// text such as a source excerpt or a rendered report.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_visible(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// `text` as a double-quoted string in the policy language's own spelling:
/// `"` and `\` escaped with a backslash, every control and invisible
/// character (newline included) as `\u{..}`. A quoted reason can then
/// neither end its quotes nor start a line of its own, so it cannot pass
/// for zonec's own words.
pub fn quote(text: &str) -> String {
    backslash_quoted(text, push_visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_become_visible() {
        assert_eq!(
            escape("ok\u{1b}[2J\rALL CHECKS PASSED\u{7}"),
            "ok\\u{1b}[2J\\u{d}ALL CHECKS PASSED\\u{7}"
        );
        assert_eq!(escape("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(escape("nul\u{0}"), "nul\\u{0}");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Behandlung für Zürich"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_text_cannot_end_its_quotes_or_its_line() {
        assert_eq!(
            quote("x\"\nany path: none\\"),
            "\"x\\\"\\u{a}any path: none\\\\\""
        );
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(escape_lines("a\nb\u{1b}c\n"), "a\nb\\u{1b}c\n");
        assert_eq!(escape("a\nb"), "a\\u{a}b");
    }
}
