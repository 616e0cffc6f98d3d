//! Shaping free text into one line of a byte or character budget, shared by
//! the outputs whose strings must stay on one line (nft, IOS, Junos,
//! systemd-networkd, the cloud descriptions). Each language module decides
//! which characters it keeps; this module only folds the rest into spaces
//! and cuts on a character boundary, so no cut can split a UTF-8 sequence.

/// `text` with every character outside `keep`, and all whitespace, folded
/// into single spaces, trimmed at both ends.
pub fn fold(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if !keep(c) || c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `text` as a configuration name: every run of characters outside `keep`
/// becomes one `-`, leading and trailing `-` dropped, cut to `max` bytes
/// (the switch languages' names: VLANs, access lists, object groups).
pub fn squeeze(text: &str, keep: impl Fn(char) -> bool, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    cut(&out, max).trim_end_matches('-').to_string()
}

/// At most `max` bytes of `text`, cut on a character boundary, trailing
/// spaces dropped.
pub fn cut(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default().trim_end().to_string()
}

/// `text` if it fits in `max` bytes, else its head ending in `...`, the
/// whole at most `max` bytes.
pub fn cut_marked(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    format!("{}...", cut(text, max.saturating_sub(3)))
}

/// At most `max` characters (not bytes: the cloud APIs count characters),
/// with `...` when cut.
pub fn cut_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max.saturating_sub(3)).collect();
    format!("{}...", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_collapses_and_trims() {
        assert_eq!(fold("  a \t\t b\n\nc  ", |_| true), "a b c");
        assert_eq!(fold("a?b", |c| c != '?'), "a b");
        assert_eq!(fold("", |_| true), "");
    }

    #[test]
    fn cuts_respect_character_boundaries() {
        assert_eq!(cut("Zürich", 2), "Z");
        assert_eq!(cut("ab cd", 3), "ab");
        let marked = cut_marked(&"é".repeat(100), 20);
        assert_eq!(marked, format!("{}...", "é".repeat(8)));
        assert_eq!(cut_marked("short", 20), "short");
        assert_eq!(cut_chars(&"x".repeat(300), 255).chars().count(), 255);
        assert_eq!(cut_chars("é".repeat(10).as_str(), 10), "é".repeat(10));
    }
}
