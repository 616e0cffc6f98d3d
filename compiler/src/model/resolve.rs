//! Placeholder until resolution lands.

use super::policy::Model;
use crate::diagnostic::Diagnostic;
use crate::syntax::ast;

/// What resolution needs besides the syntax trees.
#[derive(Clone, Debug)]
pub struct ResolveOptions {
    /// "Today", for `expires` checks.
    pub today: ast::Date,
}

/// Syntax trees of every file of one policy → model + diagnostics.
pub fn resolve(_files: &[ast::File], _options: &ResolveOptions) -> (Model, Vec<Diagnostic>) {
    (Model::default(), Vec::new())
}
