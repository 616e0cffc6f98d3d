//! nftables strings: comments on rules, set elements and objects, and the
//! text of `log prefix`. nft reads `"..."` with no escape sequences at all:
//! a `"` ends the string, a newline ends the command (the rest of a reason
//! would be parsed as a new rule), a `#` outside a string starts a comment,
//! and control or bidirectional characters make the ruleset read differently
//! to a reviewer than to nft.
//!
//! Rule: since nothing can be escaped, dangerous characters are replaced:
//! `"` becomes `'`, `\` becomes `/`, every control, invisible and
//! whitespace character becomes a space; runs of spaces collapse, the text
//! is trimmed and cut to the byte budget nft allows (ending in `...` when
//! cut). What is left is inert inside double quotes.

use super::chars::is_unsafe;
use super::line::{cut_marked, fold};

/// The longest comment nft accepts on a set element, rule or object, in bytes.
pub const COMMENT_MAX: usize = 128;

/// `text` made safe for the inside of an nft `"..."` string, at most
/// `max_bytes` bytes.
pub fn string(text: &str, max_bytes: usize) -> String {
    let replaced: String = text
        .chars()
        .map(|c| match c {
            '"' => '\'',
            '\\' => '/',
            c if is_unsafe(c) => ' ',
            c => c,
        })
        .collect();
    cut_marked(&fold(&replaced, |_| true), max_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_newlines_cannot_escape() {
        let hostile = "x\" accept; }\n table inet evil {\r\n\\\"\u{0}\u{1b}[31m";
        let safe = string(hostile, 200);
        assert!(!safe.contains(['"', '\\']));
        assert!(!safe.chars().any(char::is_control));
        assert_eq!(safe, "x' accept; } table inet evil { /' [31m");
    }

    #[test]
    fn bidi_overrides_and_separators_become_spaces() {
        let s = string(
            "a\u{202E}b\u{2028}c\u{2066}d\u{200B}e\u{FEFF}f\u{E0041}",
            100,
        );
        assert_eq!(s, "a b c d e f");
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let s = string(&"é".repeat(100), 20);
        assert!(s.len() <= 20);
        assert_eq!(s, format!("{}...", "é".repeat(8)));
        assert_eq!(string("short", 20), "short");
    }

    #[test]
    fn letters_survive() {
        assert_eq!(
            string("Behandlung für Zürich", 100),
            "Behandlung für Zürich"
        );
    }
}
