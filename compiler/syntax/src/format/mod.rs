//! `zonec fmt`'s formatter: a syntax tree plus its comments → the one
//! canonical layout of a `.zones` file. Pure (text in, text out); the CLI
//! refuses files with syntax errors before calling it, and writes the result.
//!
//! The layout (documented for users in `docs/fmt.md`):
//! - one item per line, in source order (nothing is reordered);
//! - a block stays on one line, `head { f1; f2 }`, when it has at most
//!   [`ONE_LINE_MAX_FIELDS`] fields, no comment inside, and the line is at most
//!   [`ONE_LINE_MAX_WIDTH`] characters; otherwise `{` ends the head line, each field
//!   gets its own line indented by two spaces, and `}` closes alone;
//! - a line longer than [`MAX_WIDTH`] is broken after a list comma, filling
//!   each line as far as it goes; continuation lines are indented two levels
//!   deeper than the line they continue;
//! - single spaces between tokens, `, ` between list entries, strings
//!   re-escaped, one-port ranges (`tcp/80-80`) written as one port;
//! - blank lines between items (and between fields) kept, at most one;
//! - comments kept where they were: alone on their line before what follows,
//!   or at the end of the line of the item or field they follow.

mod printer;
mod text;

use crate::ast;

/// Indentation of one block level.
pub const INDENT: &str = "  ";
/// A block with more fields than this is always written one field per line.
pub const ONE_LINE_MAX_FIELDS: usize = 3;
/// The longest line a one-line block may make.
pub const ONE_LINE_MAX_WIDTH: usize = 80;
/// Lines longer than this are broken after a list comma.
pub const MAX_WIDTH: usize = 100;

/// Format one parsed file. `text` is the source `file` was parsed from (for
/// blank lines and the positions of comments). The tree should be free of
/// syntax errors: items the parser skipped are not in it, and would be lost.
pub fn format(file: &ast::File, text: &str) -> String {
    let mut items: Vec<&ast::Item> = file.items.iter().collect();
    items.sort_by_key(|i| i.span.start);
    let mut printer = printer::Printer::new(text, &file.comments);
    for (i, item) in items.iter().enumerate() {
        let limit = items
            .get(i + 1)
            .map_or(usize::MAX, |next| next.span.start as usize);
        printer.item(&text::item_doc(&item.kind, item.span), limit);
    }
    printer.finish()
}
