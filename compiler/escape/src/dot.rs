//! Graphviz DOT (`zonec graph --format dot`). In a double-quoted DOT string
//! `"` ends the string (the rest would be parsed as attributes or new
//! edges) and `\` starts an escape; in labels Graphviz also expands
//! `\N`, `\G`, `\E`, `\T`, `\H`, `\L` (node, graph and edge names) and
//! `\l`/`\r`/`\n` (line breaks). Control and bidirectional characters would
//! reach the drawn label.
//!
//! Rule: `"` becomes `\"`, `\` becomes `\\` (so no Graphviz escape can
//! start), a newline becomes `\n` (a line break in the label, which is how
//! zonec separates a zone from its labels), and every other control and
//! invisible character is written as visible text (`\\u{1b}` after the
//! doubling, which Graphviz draws as `\u{1b}`).

use super::chars::{backslash_quoted, push_visible};

/// `text` as a DOT double-quoted string, quotes included.
pub fn quote(text: &str) -> String {
    backslash_quoted(text, |out, c| {
        if c == '\n' {
            out.push_str("\\n");
        } else {
            let mut visible = String::new();
            push_visible(&mut visible, c);
            out.push_str(&visible.replace('\\', "\\\\"));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_end_early_or_expand() {
        assert_eq!(quote("a\"];x->y"), "\"a\\\"];x->y\"");
        assert_eq!(quote("\\N\\G"), "\"\\\\N\\\\G\"");
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        assert_eq!(quote("a\u{1b}"), "\"a\\\\u{1b}\"");
    }
}
