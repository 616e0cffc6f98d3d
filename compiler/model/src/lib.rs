//! The resolved model: names → typed ids, prefixes, port sets, and the
//! longest-prefix-match address table built from the zones. [`compile`]
//! runs the front end (parse, then resolve) over a set of files.
//!
//! The model is the boundary of the syntax: everything below it (analysis,
//! targets, views) reads the model and never the syntax tree, so whatever
//! a later stage needs to know about the text, resolution records here
//! (the spans of every item, and which names the selectors mention).

pub mod governance;
pub mod ids;
pub mod lookup;
pub mod lpm;
pub mod policy;
pub mod ports;
mod resolve;

pub use ids::{InvariantId, LabelId, RuleId, ServiceId, ZoneId};
pub use lpm::{AddressTable, EffectiveSpace};
pub use policy::*;
pub use ports::{PortSet, Proto};
pub use resolve::{resolve, AskedNames, ResolveOptions};

use zonec_base::diagnostic::{self, Code, Diagnostic};
use zonec_base::Sources;

/// The result of reading a policy: the model (possibly partial when there are
/// errors) and every diagnostic of parsing and resolution, sorted.
#[derive(Debug)]
pub struct Frontend {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

impl Frontend {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse and resolve every file in `sources` as one policy.
pub fn compile(sources: &Sources, options: &ResolveOptions) -> Frontend {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for (id, file) in sources.iter() {
        let (tree, diags) = zonec_syntax::parse(id, &file.text);
        diagnostics.extend(diags);
        files.push(tree);
    }
    let (model, diags) = resolve(&files, options);
    // A file whose every item failed to parse is not "empty": its syntax
    // errors already say what is wrong.
    let syntax_failed = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(
        diags
            .into_iter()
            .filter(|d| !(syntax_failed && d.code == Code::EmptyPolicy)),
    );
    diagnostic::sort(&mut diagnostics);
    Frontend { model, diagnostics }
}

#[cfg(test)]
mod testdata {
    /// The language contract's "A first look" example, verbatim.
    pub const FIRST_LOOK: &str = include_str!("../../testdata/first_look.zones");
}
