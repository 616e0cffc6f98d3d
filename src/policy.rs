//! Loading a policy for the commands that need a valid one (graph, diff,
//! report): read the files, parse and resolve, and on any error print every
//! diagnostic and give up with exit code 2 before anything is written.

use crate::exit::Exit;
use crate::input;
use crate::output;
use std::path::PathBuf;
use zonec_analysis::{self as analysis, Analysis};
use zonec_base::{diagnostic, Date, Diagnostic, Sources};
use zonec_model::Frontend;
use zonec_model::ResolveOptions;

/// A policy that parsed and resolved without errors.
pub struct Loaded {
    pub sources: Sources,
    /// The syntax trees and the model; its diagnostics are warnings only.
    pub frontend: Frontend,
}

impl Loaded {
    /// Effective policy, verdicts and lints.
    pub fn analyze(&self) -> Analysis {
        analysis::analyze(&self.frontend.model)
    }
}

/// Read and resolve `files` as one policy, or print why not.
pub fn load(files: &[PathBuf], today: Date) -> Result<Loaded, Exit> {
    let (sources, mut diags) = input::read(files);
    if diags.is_empty() {
        let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
        if !frontend.has_errors() {
            return Ok(Loaded { sources, frontend });
        }
        diags.extend(frontend.diagnostics);
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
