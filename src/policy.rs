//! Loading a policy for the commands that need a valid one (graph, diff,
//! report): read the files, parse and resolve, and on any error print every
//! diagnostic and give up with exit code 2 before anything is written.

use crate::exit::Exit;
use crate::input;
use crate::output;
use std::path::PathBuf;
use zonec_compiler::model::{Model, ResolveOptions};
use zonec_compiler::{diagnostic, Date, Diagnostic, Sources};

/// A policy that parsed and resolved without errors.
pub struct Loaded {
    pub sources: Sources,
    pub model: Model,
    /// Warnings of parsing and resolution (there are no errors).
    pub warnings: Vec<Diagnostic>,
}

/// Read and resolve `files` as one policy, or print why not.
pub fn load(files: &[PathBuf], today: Date) -> Result<Loaded, Exit> {
    let (sources, mut diags) = input::read(files);
    if diags.is_empty() {
        let frontend = zonec_compiler::compile(&sources, &ResolveOptions { today });
        diags.extend(frontend.diagnostics);
        if !diags.iter().any(Diagnostic::is_error) {
            return Ok(Loaded {
                sources,
                model: frontend.model,
                warnings: diags,
            });
        }
    }
    diagnostic::sort(&mut diags);
    output::eprint_diagnostics(&diags, &sources);
    Err(Exit::Invalid)
}

/// Print one span-less error (an unwritable output, say) and return exit 2.
pub fn fail(diag: Diagnostic) -> Exit {
    output::eprint_diagnostics(&[diag], &Sources::new());
    Exit::Invalid
}
