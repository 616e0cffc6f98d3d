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

/// The longest comment nft accepts on a set element, rule or object, in bytes.
pub const COMMENT_MAX: usize = 128;

/// `text` made safe for the inside of an nft `"..."` string, at most
/// `max_bytes` bytes.
pub fn string(text: &str, max_bytes: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_bytes.saturating_add(4)));
    push_string(&mut out, text, max_bytes);
    out
}

/// Append [`string`]`(text, max_bytes)` to `out`, without a string of its
/// own: a ruleset has one comment per map element.
///
/// One pass that stops once the budget is exceeded, since the text after
/// the budget is never shown; the cut then follows
/// [`cut_marked`](super::line::cut_marked) exactly.
pub fn push_string(out: &mut String, text: &str, max_bytes: usize) {
    let start = out.len();
    let mut pending_space = false;
    let mut rest = text;
    while !rest.is_empty() && out.len() - start <= max_bytes {
        // A run of ASCII that stays as it is goes in as one slice, at most
        // one byte past the budget (enough to know the text is cut).
        let room = max_bytes + 1 - (out.len() - start);
        let run = rest
            .bytes()
            .take(room)
            .take_while(|&b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
            .count();
        if let (Some(plain), Some(after)) = (rest.get(..run), rest.get(run..)) {
            if run > 0 {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push_str(plain);
                rest = after;
                continue;
            }
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        let c = match c {
            '"' => '\'',
            '\\' => '/',
            // Space and the ASCII controls, without the Unicode tables.
            c if c.is_ascii() || c.is_whitespace() || is_unsafe(c) => {
                pending_space = out.len() > start;
                continue;
            }
            c => c,
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    if out.len() - start <= max_bytes {
        return;
    }
    let mut end = start + max_bytes.saturating_sub(3);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    let kept = out.trim_end_matches(char::is_whitespace).len().max(start);
    out.truncate(kept);
    out.push_str("...");
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

    /// The one-pass version against the definition: replace, fold, cut.
    #[test]
    fn agrees_with_replace_fold_and_cut() {
        let reference = |text: &str, max: usize| {
            let replaced: String = text
                .chars()
                .map(|c| match c {
                    '"' => '\'',
                    '\\' => '/',
                    c if is_unsafe(c) => ' ',
                    c => c,
                })
                .collect();
            super::super::line::cut_marked(&super::super::line::fold(&replaced, |_| true), max)
        };
        let pieces = [
            "a", " ", "\t", "\n", "\"", "\\", "é", "\u{202e}", "\u{200b}", "\u{a0}", "\u{2028}",
            "\u{1b}", "Zürich", "  x  ", "#", ";", "}", "\u{feff}",
        ];
        for max in [0, 1, 3, 4, 5, 9, 16, 128] {
            for a in pieces {
                for b in pieces {
                    for c in pieces {
                        let text = format!("{a}{b}{c}{a}{c}{b}{a}");
                        let expected = reference(&text, max);
                        assert_eq!(string(&text, max), expected, "{text:?} {max}");
                        let mut appended = String::from("x ");
                        push_string(&mut appended, &text, max);
                        assert_eq!(appended, format!("x {expected}"), "{text:?} {max}");
                    }
                }
            }
        }
    }

    #[test]
    fn letters_survive() {
        assert_eq!(
            string("Behandlung für Zürich", 100),
            "Behandlung für Zürich"
        );
    }
}
