//! Every target `zonec build` can emit, behind one interface, so the CLI
//! needs no change when a target is added: add a variant to [`Target`], its
//! name, and its arm in [`Target::emit`].

use crate::nftables::{self, NftOptions};
use crate::vlan;
use crate::Artifact;
use zonec_compiler::analysis::effective::EffectivePolicy;
use zonec_compiler::model::{AddressTable, Model};
use zonec_compiler::Diagnostic;

/// What every target reads: the resolved model and what analysis derived.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    pub addresses: &'a AddressTable,
}

/// Target-specific options, one field per target that has any.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub nftables: NftOptions,
    pub vlan: vlan::Options,
}

/// A target's files and its warnings.
pub type Emitted = (Vec<Artifact>, Vec<Diagnostic>);

/// A configuration format zonec emits.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// An nftables ruleset for a Linux router.
    Nftables,
    /// Switch VLANs (IOS, Junos) and the router's VLAN interfaces (networkd).
    Vlan,
}

impl Target {
    /// Every target, in the order they are built.
    pub const ALL: &'static [Target] = &[Target::Nftables, Target::Vlan];

    /// The name on the command line and the output subdirectory.
    pub fn name(self) -> &'static str {
        match self {
            Target::Nftables => "nftables",
            Target::Vlan => "vlan",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// One line for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            Target::Nftables => "nftables ruleset for a Linux router (nftables/zonec.nft)",
            Target::Vlan => "switch VLANs and the router's VLAN interfaces (vlan/: IOS, Junos, systemd-networkd)",
        }
    }

    /// The target's files with its warnings, or every reason (errors and
    /// warnings) it cannot write them.
    pub fn emit(self, input: &Input, options: &Options) -> Result<Emitted, Vec<Diagnostic>> {
        match self {
            Target::Nftables => nftables::emit(
                input.model,
                input.effective,
                input.addresses,
                &options.nftables,
            )
            .map(|artifacts| (artifacts, Vec::new())),
            Target::Vlan => {
                let out = vlan::emit(input.model, &options.vlan);
                if out.diagnostics.iter().any(Diagnostic::is_error) {
                    Err(out.diagnostics)
                } else {
                    Ok((out.artifacts, out.diagnostics))
                }
            }
        }
    }
}
