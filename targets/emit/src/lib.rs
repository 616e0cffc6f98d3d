//! zonec's emitters. Each module turns the resolved model and the analysis
//! results into the files of one format. Emitters are pure functions: they
//! return file contents and diagnostics, and the CLI writes the files.
//!
//! Every target is one row of `TARGETS` below and meets one contract
//! (`registry.rs`): adding a target is a module and a row here.
//!
//! **Architecture invariant:** targets never see the syntax tree, and never
//! iterate a `HashMap` (clippy forbids it): the same policy gives
//! byte-identical output.

/// One generated file: a path relative to the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub path: String,
    pub contents: String,
    /// The SHA-256 of `contents` (lowercase hex), when the emitter computed
    /// it anyway (the nftables ruleset hashes itself for its stamp), so the
    /// manifest need not read megabytes again; `None` otherwise.
    pub sha256: Option<String>,
}

pub mod cloud;
pub mod nftables;
mod registry;
mod router;
mod staged;
pub mod vlan;

use registry::TargetSpec;
pub use registry::{Emitted, Input, Options, Target};

/// Every target, in the order they are built (and listed in `--help`).
static TARGETS: &[TargetSpec] = &[
    nftables::TARGET,
    vlan::TARGET,
    cloud::AWS,
    cloud::AZURE,
    cloud::GCP,
];

#[cfg(test)]
pub(crate) mod testing;
