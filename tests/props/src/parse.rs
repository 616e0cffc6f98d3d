//! Any bytes parse: the parser returns a tree and diagnostics, never
//! panics, and every span it hands out lies in the text.

use crate::spans;
use zonec_base::{FileId, Sources};
use zonec_syntax as syntax;

/// The `parse` property. Bytes that are not UTF-8 are read lossily (the CLI
/// refuses them before parsing; the parser must not care).
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (tree, diags) = syntax::parse(FileId(0), &text);
    spans::check_tree(&tree, &text);
    let mut sources = Sources::new();
    sources.add("fuzz.zones", text.into_owned());
    spans::check_diagnostics(&diags, &sources);
}
