//! Shell scripts (bash, POSIX sh): the flush script of the nftables
//! target (`nftables/flush-revoked.sh`). In a shell script every character
//! can change what runs: `$(`, a backquote, `;` or a newline in a word run
//! commands, a `'` ends a single-quoted word, a `#` starts a comment only
//! at the start of a word, a line equal to a here-document's delimiter ends
//! it, and control or bidirectional characters make the script read
//! differently to a reviewer than to bash.
//!
//! Rules (one per place policy text can go):
//!
//! - [`quote`]: a single-quoted word. Nothing is special inside `'...'`
//!   but `'` itself, written `'\''`; the text is first folded to one line
//!   (every control, invisible and whitespace character becomes a space),
//!   so a word never spans lines.
//! - [`comment`]: the text after `# `, folded to one line, so it cannot
//!   end the comment.
//! - [`token`]: a data field read by awk from a quoted here-document:
//!   printable ASCII but `%`, kept; every other byte (spaces, controls,
//!   non-ASCII, `%`) written `%XX`. A token is never empty and has no
//!   whitespace, so it is one awk field and no data line can equal the
//!   delimiter.

use super::chars::is_unsafe;
use super::line::fold;
use std::fmt::Write;

/// `text` as one single-quoted shell word that means exactly the folded
/// text.
pub fn quote(text: &str) -> String {
    let one_line = comment(text);
    format!("'{}'", one_line.replace('\'', "'\\''"))
}

/// `text` folded to one line, for after `# ` in a shell comment.
pub fn comment(text: &str) -> String {
    fold(text, |c| !is_unsafe(c))
}

/// `text` as one whitespace-free field of printable ASCII (`%XX` for every
/// other byte and for `%`); `%` alone for empty text.
pub fn token(text: &str) -> String {
    if text.is_empty() {
        return "%".to_string();
    }
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_graphic() && b != b'%' {
            out.push(char::from(b));
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_cannot_end_the_word_or_the_line() {
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("a\nb; rm -rf /"), "'a b; rm -rf /'");
        assert_eq!(quote("$(reboot) `id` \\"), "'$(reboot) `id` \\'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("x\u{202e}y\u{1b}[2J"), "'x y [2J'");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nrm -rf /\r\n"), "a rm -rf /");
        assert!(!comment("\u{2028}x\u{85}y").contains(['\n', '\u{2028}', '\u{85}']));
    }

    #[test]
    fn tokens_are_one_printable_field() {
        assert_eq!(token("guest-wifi"), "guest-wifi");
        assert_eq!(token("a b"), "a%20b");
        assert_eq!(token("100%"), "100%25");
        assert_eq!(token("Zürich"), "Z%C3%BCrich");
        assert_eq!(token("x\nZONEC_DATA"), "x%0AZONEC_DATA");
        assert_eq!(token(""), "%");
    }
}
