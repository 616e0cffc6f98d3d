//! Text for a terminal. A policy must not be able to move the cursor, clear
//! the screen, ring the bell, overwrite a line with `\r` or reorder what a
//! reviewer reads: every control and invisible character is shown as a
//! Rust-style escape (`\u{1b}`, `\u{202e}`), so it is visible and inert.
//! Everything zonec prints to a terminal that contains policy text (human
//! diagnostics, `explain`, `matrix`, `diff`) goes through [`escape`].

use super::chars::is_unsafe;
use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control and invisible character written as
/// `\u{XX}` (lowercase hex); borrowed when nothing needed escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push(&mut out, c);
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
            push(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push(out: &mut String, c: char) {
    if is_unsafe(c) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
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
    fn lines_keep_their_breaks() {
        assert_eq!(escape_lines("a\nb\u{1b}c\n"), "a\nb\\u{1b}c\n");
        assert_eq!(escape("a\nb"), "a\\u{a}b");
    }
}
