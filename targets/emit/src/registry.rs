//! Every target `zonec build` can emit, behind one interface, so the CLI
//! needs no change when a target is added: add a variant to [`Target`], its
//! name, and its arm in [`Target::emit`].

use crate::cloud::{self, CloudOptions};
use crate::nftables::{self, NftOptions};
use crate::vlan;
use crate::Artifact;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::Diagnostic;
use zonec_model::{AddressTable, CloudProvider, Model};

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
    pub cloud: CloudOptions,
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
    /// AWS security groups (Terraform JSON and CloudFormation).
    Aws,
    /// Azure network and application security groups (Terraform JSON).
    Azure,
    /// GCP VPC firewall rules (Terraform JSON).
    Gcp,
}

impl Target {
    /// Every target, in the order they are built.
    pub const ALL: &'static [Target] = &[
        Target::Nftables,
        Target::Vlan,
        Target::Aws,
        Target::Azure,
        Target::Gcp,
    ];

    /// What a policy needs when no target is named: the router's ruleset
    /// always, VLAN configs when a zone has a VLAN, and each cloud in which
    /// a zone is placed.
    pub fn needed_by(model: &Model) -> Vec<Target> {
        let placed = |p: CloudProvider| {
            model
                .zones
                .iter()
                .any(|z| z.cloud.iter().any(|c| c.provider == p))
        };
        Target::ALL
            .iter()
            .copied()
            .filter(|t| match t {
                Target::Nftables => true,
                Target::Vlan => model.zones.iter().any(|z| z.vlan.is_some()),
                Target::Aws => placed(CloudProvider::Aws),
                Target::Azure => placed(CloudProvider::Azure),
                Target::Gcp => placed(CloudProvider::Gcp),
            })
            .collect()
    }

    /// The name on the command line and the output subdirectory.
    pub fn name(self) -> &'static str {
        match self {
            Target::Nftables => "nftables",
            Target::Vlan => "vlan",
            Target::Aws => "aws",
            Target::Azure => "azure",
            Target::Gcp => "gcp",
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
            Target::Aws => "AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)",
            Target::Azure => "Azure NSGs and ASGs (cloud/azure.tf.json)",
            Target::Gcp => "GCP firewall rules (cloud/gcp.tf.json)",
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
            Target::Vlan => split(vlan::emit(input.model, &options.vlan).into()),
            Target::Aws => split(cloud::aws(*input, &options.cloud).into()),
            Target::Azure => split(cloud::azure(*input).into()),
            Target::Gcp => split(cloud::gcp(*input).into()),
        }
    }
}

/// Files and diagnostics from one emitter.
pub struct Output {
    pub artifacts: Vec<Artifact>,
    pub diagnostics: Vec<Diagnostic>,
}

impl From<vlan::Output> for Output {
    fn from(o: vlan::Output) -> Output {
        Output {
            artifacts: o.artifacts,
            diagnostics: o.diagnostics,
        }
    }
}

impl From<cloud::Emitted> for Output {
    fn from(o: cloud::Emitted) -> Output {
        Output {
            artifacts: o.artifacts,
            diagnostics: o.diagnostics,
        }
    }
}

/// `Ok` with warnings, or `Err` with every diagnostic when any is an error.
fn split(out: Output) -> Result<Emitted, Vec<Diagnostic>> {
    if out.diagnostics.iter().any(Diagnostic::is_error) {
        Err(out.diagnostics)
    } else {
        Ok((out.artifacts, out.diagnostics))
    }
}
