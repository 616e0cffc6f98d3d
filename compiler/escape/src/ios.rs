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

use super::line::{cut, fold};

/// `text` as one line fit for an IOS description or comment, at most `max`
/// bytes.
pub fn text(text: &str, max: usize) -> String {
    cut(&fold(text, |c| c.is_ascii_graphic() && c != '?'), max)
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
}
