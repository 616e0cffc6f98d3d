//! `zonec fmt` keeps the meaning: the formatted text parses, resolves to
//! the same model with the same diagnostics (spans aside), keeps every
//! comment in order, and formats to itself.

use crate::today;
use zonec_base::{Diagnostic, FileId};
use zonec_model::{resolve, ResolveOptions};
use zonec_syntax::{self as syntax, format};

/// The `fmt_roundtrip` property: for any bytes whose text parses without
/// syntax errors (what `zonec fmt` accepts), [`check`].
pub fn roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if syntax_errors(&text).is_empty() {
        check("input", &text);
    }
}

/// Every formatting property for one text that parses; `name` says which
/// in the panic message.
pub fn check(name: &str, text: &str) {
    let once = fmt_text(text);
    let errors = syntax_errors(&once);
    assert!(
        errors.is_empty(),
        "{name}: formatted text has syntax errors {errors:?}:\n{once}"
    );
    assert_eq!(
        meaning(text),
        meaning(&once),
        "{name}: formatting changed the meaning:\n{once}"
    );
    assert_eq!(
        comments(text),
        comments(&once),
        "{name}: formatting lost or reordered comments"
    );
    let twice = fmt_text(&once);
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
}

/// The model and diagnostics of one file, as text without spans: what must
/// not change when the file is formatted.
pub fn meaning(text: &str) -> String {
    let (tree, _) = syntax::parse(FileId(0), text);
    let (model, diags) = resolve(&[tree], &ResolveOptions { today: today() });
    let diags: Vec<(String, String)> = diags
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    strip_spans(&format!("{model:?}\n{diags:?}"))
}

/// Remove every `Span { file: FileId(..), start: .., end: .. }`.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span { file: FileId(") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let close = after.find(" }").map_or(after.len(), |j| j + 2);
        out.push_str("Span");
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// The syntax errors of a text.
pub fn syntax_errors(text: &str) -> Vec<Diagnostic> {
    let (_, diags) = syntax::parse(FileId(0), text);
    diags.into_iter().filter(Diagnostic::is_error).collect()
}

/// What `zonec fmt` writes for a text.
pub fn fmt_text(text: &str) -> String {
    let (tree, _) = syntax::parse(FileId(0), text);
    format::format(&tree, text)
}

/// The comments of a text, in order.
pub fn comments(text: &str) -> Vec<String> {
    let (tree, _) = syntax::parse(FileId(0), text);
    tree.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}
