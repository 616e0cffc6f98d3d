//! Character classes that are unsafe in every output language: control
//! characters, and the invisible and bidirectional formatting characters of
//! the "Trojan Source" attacks (CVE-2021-42574), which make text read
//! differently to a person than to a parser. Every escaping in
//! [`super`] builds on this one list, so the outputs cannot drift apart.

use std::fmt::Write;

/// Zero-width, bidirectional and other invisible formatting characters:
/// soft hyphen, Arabic letter mark, Mongolian vowel separator, the
/// zero-width and directional marks, line and paragraph separators, the
/// embeddings, overrides and isolates, word joiner and invisible operators,
/// the byte-order mark and the interlinear annotation characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// A character that must never reach an output as itself: a C0 or C1
/// control character (tab and newline included: callers that keep line
/// structure handle `\n` before asking) or an invisible formatting
/// character.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Append `c` as itself when it is safe, else as a visible, inert
/// Rust-style escape (`\u{1b}`, `\u{202e}`, lowercase hex): the spelling
/// every human-facing output uses for characters a reader could not see.
pub fn push_visible(out: &mut String, c: char) {
    if is_unsafe(c) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

/// `text` in double quotes with `"` and `\` escaped by a backslash, every
/// other character written by `other`: the shape of the quoted strings of
/// the policy language, the terminal and DOT.
pub fn backslash_quoted(text: &str, other: impl Fn(&mut String, char)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => other(&mut out, c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trojan_source_characters_are_invisible() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{FEFF}',
        ] {
            assert!(is_invisible(c), "{:?}", c);
        }
    }

    #[test]
    fn controls_are_unsafe_and_letters_are_not() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\r', '\n', '\t', '\u{7f}', '\u{9b}',
        ] {
            assert!(is_unsafe(c), "{:?}", c);
        }
        for c in ['a', 'é', 'ß', '中', ' ', '"', '$'] {
            assert!(!is_unsafe(c), "{:?}", c);
        }
    }

    #[test]
    fn unsafe_characters_are_pushed_as_escapes() {
        let mut out = String::new();
        for c in "a\u{1b}\u{202e}é".chars() {
            push_visible(&mut out, c);
        }
        assert_eq!(out, "a\\u{1b}\\u{202e}é");
    }
}
