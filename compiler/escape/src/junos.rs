//! Junos `set` commands: `description "..."` values and `#` comment lines.
//! Inside a Junos double-quoted string `\` escapes the next character and
//! `"` ends the string, after which the rest of the line is read as more of
//! the command; a newline ends the command, so a reason could append
//! `set system ...` lines when the file is loaded with `load set`.
//!
//! Rule: one line without control or invisible characters, without `"` and
//! `\` (and without `%`, so the same text is also a safe systemd-networkd
//! value); every other character is kept, runs of whitespace and removed
//! characters become one space, and the text is cut to the byte budget.
//!
//! Names (VLANs, filters, prefix lists, terms, counters) are one word that
//! Juniper documents for every object: a letter first, then letters,
//! digits, `-` and `.`; any other run of characters becomes one `-`, and a
//! name that would start otherwise gets a `v` in front ([`name`]).

use super::chars::is_unsafe;
use super::line::{cut, fold, squeeze};

/// `text` as one line fit for a double-quoted Junos string or a `#`
/// comment, at most `max` bytes.
pub fn string(text: &str, max: usize) -> String {
    cut(&fold(text, keep), max)
}

/// Whether `c` is kept in Junos and systemd-networkd text.
pub(super) fn keep(c: char) -> bool {
    !is_unsafe(c) && !matches!(c, '"' | '\\' | '%')
}

/// `text` as a Junos name of at most `max` bytes: a letter first, then
/// letters, digits, `-` and `.` (`_` and every other run of characters
/// become one `-`); `fallback` stands in when nothing of `text` is left.
pub fn name(text: &str, fallback: &str, max: usize) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.');
    let mut out = squeeze(text, keep, max);
    if out.is_empty() {
        out = squeeze(fallback, keep, max);
    }
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else {
        cut(&format!("v{out}"), max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_newlines_cannot_end_the_string() {
        assert_eq!(string("say \"hi\" \\ 100%\r\n", 100), "say hi 100");
        assert_eq!(
            string("a\"\nset system root-authentication", 100),
            "a set system root-authentication"
        );
        assert_eq!(string("Zürich\u{202e}", 100), "Zürich");
        assert_eq!(string("Zürich", 2), "Z");
    }

    #[test]
    fn a_name_starts_with_a_letter() {
        assert_eq!(name("clinical_ws", "x", 64), "clinical-ws");
        assert_eq!(name("900 GUEST", "x", 64), "v900-GUEST");
        assert_eq!(name("\"; set system", "x", 64), "set-system");
        assert_eq!(name("日本", "japan_office", 64), "japan-office");
    }
}
