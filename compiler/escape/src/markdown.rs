//! GitHub-flavoured Markdown, for `zonec diff --format markdown` (posted as
//! a pull-request comment). Every value from a policy is written as inline
//! code inside a table cell. Inside a code span Markdown is not
//! interpreted, but a backtick ends the span, a `|` ends the table cell
//! (GFM splits cells before it reads code spans, so it must be `\|`), and
//! a newline ends the table row; `<script>` inside a code span is shown,
//! not run. Bidirectional overrides would reorder the comment as rendered.
//!
//! Rule: [`code`] writes `` `text` `` with every backtick replaced by `'`,
//! every `|` as `\|`, and every control and invisible character (newline
//! included) as visible text (`\u{a}`).

use super::chars::push_visible;

/// `text` as inline code that is safe inside a GFM table cell.
pub fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
            c => push_visible(&mut out, c),
        }
    }
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_spans_cannot_end_early() {
        assert_eq!(code("a|b`c"), "`a\\|b'c`");
        assert_eq!(code("a\n| x |"), "`a\\u{a}\\| x \\|`");
        assert_eq!(code("<script>"), "`<script>`");
    }
}
