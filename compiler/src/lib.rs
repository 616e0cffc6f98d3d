//! zonec's compiler library. The pipeline, each stage a module:
//!
//! text —[`syntax`]→ syntax tree —[`model`]→ resolved model
//! —[`analysis`]→ effective policy, proofs, lints.
//!
//! Every stage collects every problem it finds as a [`Diagnostic`]; none of
//! them panics on input. [`compile`] runs the front end over a set of files.

pub mod analysis;
pub mod date;
#[cfg(test)]
mod deep_tests;
pub mod diagnostic;
pub mod escape;
pub mod format;
pub mod model;
pub mod render;
pub mod source;
pub mod span;
pub mod syntax;
pub mod synth;
#[cfg(test)]
mod testdata;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use source::Sources;
pub use span::{FileId, Span};
pub use syntax::ast::Date;

/// The result of reading a policy: the model (possibly partial when there are
/// errors) and every diagnostic of parsing and resolution, sorted.
#[derive(Debug)]
pub struct Frontend {
    pub files: Vec<syntax::ast::File>,
    pub model: model::Model,
    pub diagnostics: Vec<Diagnostic>,
}

impl Frontend {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse and resolve every file in `sources` as one policy.
pub fn compile(sources: &Sources, options: &model::ResolveOptions) -> Frontend {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for (id, file) in sources.iter() {
        let (tree, diags) = syntax::parse(id, &file.text);
        diagnostics.extend(diags);
        files.push(tree);
    }
    let (model, diags) = model::resolve(&files, options);
    // A file whose every item failed to parse is not "empty": its syntax
    // errors already say what is wrong.
    let syntax_failed = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(
        diags
            .into_iter()
            .filter(|d| !(syntax_failed && d.code == Code::EmptyPolicy)),
    );
    diagnostic::sort(&mut diagnostics);
    Frontend {
        files,
        model,
        diagnostics,
    }
}
