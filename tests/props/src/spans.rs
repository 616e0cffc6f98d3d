//! Spans point into their text: every span of a syntax tree or a
//! diagnostic must satisfy `start <= end <= len`, on character boundaries,
//! or every consumer that slices the text with it (the renderer, `fmt`,
//! the report's source excerpts) can panic or show the wrong text.

use zonec_base::{Diagnostic, Sources, Span};
use zonec_syntax::ast;

/// Panic unless `span` lies in `text` on character boundaries.
pub fn check(span: Span, text: &str, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
}

/// Every span in a syntax tree. The tree's `Debug` output names each one
/// (`Span { file: FileId(0), start: 3, end: 7 }`), which reaches every node
/// without a walker that would have to follow each change to the tree.
pub fn check_tree(tree: &ast::File, text: &str) {
    let debug = format!("{tree:?}");
    for (start, end) in in_debug(&debug) {
        check(Span::new(tree.file, start, end), text, "syntax tree");
    }
}

/// Every label of every diagnostic, against the file it names.
pub fn check_diagnostics(diags: &[Diagnostic], sources: &Sources) {
    for d in diags {
        for label in &d.labels {
            let file = sources
                .get(label.span.file)
                .unwrap_or_else(|| panic!("{}: a label in an unknown file", d.message));
            check(label.span, &file.text, &d.message);
        }
    }
}

/// The `(start, end)` of every `Span { .. }` in a `Debug` rendering.
fn in_debug(debug: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = debug;
    while let Some(i) = rest.find("Span { file: FileId(") {
        let after = &rest[i..];
        let close = after.find(" }").unwrap_or(after.len());
        let body = &after[..close];
        let number = |key: &str| -> usize {
            let at = body.find(key).expect("a span field") + key.len();
            let digits: String = body[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().expect("a span offset")
        };
        out.push((number("start: "), number("end: ")));
        rest = &after[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_read_from_debug_output() {
        let debug = "Item { span: Span { file: FileId(0), start: 3, end: 17 }, x: Span { file: FileId(2), start: 0, end: 0 } }";
        assert_eq!(in_debug(debug), vec![(3, 17), (0, 0)]);
    }

    #[test]
    #[should_panic(expected = "splits a character")]
    fn a_span_inside_a_character_is_caught() {
        check(Span::new(zonec_base::FileId(0), 1, 2), "é", "test");
    }
}
