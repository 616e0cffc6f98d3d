//! The targets of one run and what they say about a policy, shared by
//! `check` and `build` so that their verdicts agree: both take the same
//! `--target` and target options, pick the same targets when none is named,
//! and run each target's own checks (AWS quota, VPC ids, gateway and name
//! collisions, reserved VLANs...) the same way. `build` then writes the
//! files; `check` only reports.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use zonec_analysis::Analysis;
use zonec_base::Diagnostic;
use zonec_model::Model;
use zonec_targets::nftables::{InterfaceTemplate, NftOptions};
use zonec_targets::{cloud, vlan};
use zonec_targets::{Artifact, Input, Options, Target};

/// Which targets to run and their options (`check` and `build` alike).
#[derive(clap::Args, Debug)]
pub struct TargetArgs {
    /// Make an `allow` without a `ticket` an error (for change control that
    /// ties every allowed flow to an approved change)
    #[arg(long = "require-ticket")]
    pub require_ticket: bool,
    /// Targets to run, comma-separated [default: nftables, plus vlan and each
    /// cloud the policy places zones in]
    #[arg(long = "target", value_name = "TARGET", value_delimiter = ',', value_parser = target_parser())]
    pub targets: Vec<Target>,
    /// nftables: name of each VLAN zone's interface, with `{id}` (VLAN id) and
    /// `{zone}` (zone name), e.g. `vlan{id}`; turns on anti-spoofing
    #[arg(long = "nft-interface", value_name = "TEMPLATE", value_parser = InterfaceTemplate::parse)]
    pub nft_interface: Option<InterfaceTemplate>,
    /// nftables: write the ruleset even when the policy names `self` but lets
    /// no zone reach it (loading it cuts every new connection to the router)
    #[arg(long = "allow-lockout")]
    pub allow_lockout: bool,
    /// vlan: also give each VLAN a routed interface on the switch (IOS SVI,
    /// Junos irb) with the zone's gateway addresses, filtered by access lists
    /// proved under stateless semantics
    #[arg(long = "vlan-svi")]
    pub vlan_svi: bool,
    /// vlan: routed interfaces without any filter, for a staged migration
    /// (a warning: no invariant holds on the switch)
    #[arg(long = "vlan-svi-unfiltered", conflicts_with = "vlan_svi")]
    pub vlan_svi_unfiltered: bool,
    /// vlan: hardware ACL entries (TCAM) the switch's access lists may expand
    /// to before a warning
    #[arg(long = "acl-tcam-budget", value_name = "N", default_value_t = vlan::acl::DEFAULT_BUDGET,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub acl_tcam_budget: u32,
    /// vlan: the Linux router's interface towards the switch (the 802.1Q trunk)
    #[arg(long, value_name = "INTERFACE", default_value = vlan::DEFAULT_TRUNK, value_parser = parse_trunk)]
    pub trunk: String,
    /// aws: inbound (and outbound) rules allowed per security group, the
    /// account's quota
    #[arg(long = "aws-rules-per-sg", value_name = "N", default_value_t = cloud::AWS_DEFAULT_RULES_PER_SG,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub aws_rules_per_sg: u32,
}

/// What the targets of one run made of a valid policy.
pub struct Emitted {
    /// The targets that ran, deduplicated, in build order.
    pub targets: Vec<Target>,
    /// Their files; complete only when `diagnostics` holds no error.
    pub artifacts: Vec<Artifact>,
    /// How many of `artifacts` each target made, in `artifacts`' order.
    pub made: Vec<(Target, usize)>,
    /// Every target's warnings and errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Run every target of `args` on a policy that resolved without errors and
/// whose invariants hold, with the analysis's effective policy and address
/// table.
/// `policy_hash` is the policy's SHA-256 ([`crate::manifest::policy_hash`]),
/// which the nftables target writes into its table for `zonec verify`.
pub fn emit(args: &TargetArgs, model: &Model, analysis: &Analysis, policy_hash: &str) -> Emitted {
    let input = Input {
        model,
        effective: &analysis.effective,
        addresses: &analysis.addresses,
    };
    let options = args.options(policy_hash);
    let targets = args.targets(model);
    let mut artifacts = Vec::new();
    let mut made = Vec::new();
    let mut diagnostics = Vec::new();
    for target in &targets {
        let emitted = target.emit(&input, &options);
        made.push((*target, emitted.artifacts.len()));
        artifacts.extend(emitted.artifacts);
        diagnostics.extend(emitted.diagnostics);
    }
    Emitted {
        targets,
        artifacts,
        made,
        diagnostics,
    }
}

impl TargetArgs {
    /// The requested targets (or those the policy needs), deduplicated, in
    /// build order.
    fn targets(&self, model: &Model) -> Vec<Target> {
        let mut targets = if self.targets.is_empty() {
            Target::needed_by(model)
        } else {
            self.targets.clone()
        };
        targets.sort_unstable();
        targets.dedup();
        targets
    }

    fn options(&self, policy_hash: &str) -> Options {
        Options {
            nftables: NftOptions {
                interface_template: self.nft_interface.clone(),
                allow_lockout: self.allow_lockout,
                policy_hash: Some(policy_hash.to_string()),
            },
            vlan: vlan::Options {
                svi: self.vlan_svi || self.vlan_svi_unfiltered,
                unfiltered: self.vlan_svi_unfiltered,
                tcam_budget: self.acl_tcam_budget,
                trunk: self.trunk.clone(),
                interface: self.nft_interface.clone(),
            },
            cloud: cloud::CloudOptions {
                aws_rules_per_sg: self.aws_rules_per_sg,
            },
        }
    }
}

fn parse_trunk(name: &str) -> Result<String, String> {
    match vlan::interface_problem(name) {
        Some(problem) => Err(format!("interface name `{name}` {problem}")),
        None => Ok(name.to_string()),
    }
}

/// Accepts the name of any registered target; clap lists them in `--help`
/// and rejects anything else.
fn target_parser() -> impl TypedValueParser<Value = Target> {
    let values = Target::all().map(|t| PossibleValue::new(t.name()).help(t.about()));
    PossibleValuesParser::new(values)
        .try_map(|name| Target::from_name(&name).ok_or_else(|| format!("unknown target `{name}`")))
}
