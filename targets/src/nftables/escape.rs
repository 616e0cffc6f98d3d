//! Making policy text safe to print inside the ruleset. Reasons, tickets and
//! names come from the spec, and the spec is not trusted to be well-behaved:
//! a `"` would end an nft string early, a newline would end a `#` comment and
//! start a rule, and bidirectional-override characters would make the file
//! read differently to a reviewer than to `nft`. nft strings have no escape
//! sequences, so the only safe course is to replace such characters.

/// The longest comment nft accepts on a set element, rule or object, in bytes.
pub(crate) const NFT_COMMENT_MAX: usize = 128;

/// `text` with every character that could change the meaning of the file
/// replaced (`"` → `'`, `\` → `/`, control and invisible formatting
/// characters → space), runs of whitespace collapsed, trimmed, and cut to at
/// most `max_bytes` bytes on a character boundary (ending in `...` when cut).
pub(crate) fn sanitize(text: &str, max_bytes: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_bytes));
    let mut pending_space = false;
    for c in text.chars().map(replacement) {
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    truncate(out, max_bytes)
}

/// What a character is printed as: itself if harmless, else a stand-in.
fn replacement(c: char) -> char {
    match c {
        '"' => '\'',
        '\\' => '/',
        c if c.is_whitespace() || c.is_control() || is_invisible(c) => ' ',
        c => c,
    }
}

/// Zero-width and bidirectional formatting characters (the "Trojan Source"
/// set), line and paragraph separators, and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

fn truncate(mut text: String, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text;
    }
    const ELLIPSIS: &str = "...";
    let mut cut = max_bytes.saturating_sub(ELLIPSIS.len());
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push_str(ELLIPSIS);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_newlines_cannot_escape() {
        let hostile = "x\" accept; }\n table inet evil {\r\n\\\"\u{0}\u{1b}[31m";
        let safe = sanitize(hostile, 200);
        assert!(!safe.contains('"'));
        assert!(!safe.contains('\\'));
        assert!(!safe.chars().any(char::is_control));
        assert_eq!(safe, "x' accept; } table inet evil { /' [31m");
    }

    #[test]
    fn bidi_overrides_and_separators_become_spaces() {
        let s = sanitize("a\u{202E}b\u{2028}c\u{2066}d\u{200B}e\u{FEFF}", 100);
        assert_eq!(s, "a b c d e");
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let s = sanitize(&"é".repeat(100), 20);
        assert!(s.len() <= 20);
        assert!(s.ends_with("..."));
        assert_eq!(s, format!("{}...", "é".repeat(8)));
        assert_eq!(sanitize("short", 20), "short");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(sanitize("  a \t\t b\n\nc  ", 100), "a b c");
        assert_eq!(sanitize("", 10), "");
    }

    #[test]
    fn utf8_letters_survive() {
        assert_eq!(
            sanitize("Behandlung für Zürich", 100),
            "Behandlung für Zürich"
        );
    }
}
