//! zonec's emitters. Each module turns the resolved model and the analysis
//! results into the files of one format. Emitters are pure functions: they
//! return file contents and diagnostics, and the CLI writes the files.
//!
//! **Architecture invariant:** targets never see the syntax tree, and never
//! iterate a `HashMap` (clippy forbids it): the same policy gives
//! byte-identical output.

/// One generated file: a path relative to the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub path: String,
    pub contents: String,
}

pub mod nftables;
mod registry;
pub mod vlan;

pub use registry::{Emitted, Input, Options, Target};

pub mod cloud;
#[cfg(test)]
pub(crate) mod testing;
