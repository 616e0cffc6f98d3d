//! Cisco IOS/IOS-XE free text: interface `description` lines and comment
//! lines (`!`) of the VLAN configuration. IOS reads a description to the end
//! of its line, so a newline in a reason would make the rest (`exit`, `end`,
//! `no shutdown`, ...) a command of its own when the file is pasted; a `?`
//! anywhere on a pasted line opens the CLI's context help instead of being
//! typed; and the console shows control and bidirectional characters raw.
//!
//! Rule: one line of printable ASCII without `?`. Every other character
//! (and any run of whitespace) becomes a single space; the text is trimmed
//! and cut to the byte budget.
//!
//! Names (VLAN names, access lists, object groups) are one word: letters,
//! digits, `-`, `_` and `.`, any other run of characters one `-` ([`name`]),
//! so a name can neither end the command nor open the help.

use super::line::{cut, fold, squeeze};

/// `text` as one line fit for an IOS description or comment, at most `max`
/// bytes.
pub fn text(text: &str, max: usize) -> String {
    cut(&fold(text, |c| c.is_ascii_graphic() && c != '?'), max)
}

/// `text` as an IOS name of at most `max` bytes: letters, digits, `-`, `_`
/// and `.`, every other run of characters one `-` (empty when nothing is left).
pub fn name(text: &str, max: usize) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    squeeze(text, keep, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_cannot_start_a_command() {
        assert_eq!(
            text("a\nexit\nend\r\nno shutdown", 100),
            "a exit end no shutdown"
        );
        assert_eq!(text("a\nb?  c\u{202E}d\u{0}é", 100), "a b c d");
        assert_eq!(text("abcdef", 3), "abc");
    }

    #[test]
    fn a_name_is_one_safe_word() {
        assert_eq!(name("Guest Wi-Fi (patients)?", 32), "Guest-Wi-Fi-patients");
        assert_eq!(name("a\nend\r\nexit", 32), "a-end-exit");
        assert_eq!(name("ab cd", 3), "ab");
        assert_eq!(name("日本", 32), "");
    }
}
