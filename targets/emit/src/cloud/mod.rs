//! Cloud targets: AWS security groups (Terraform JSON and CloudFormation),
//! Azure network and application security groups (Terraform JSON) and GCP
//! VPC firewall rules (Terraform JSON), each enforcing exactly the effective
//! policy for the zones placed in that cloud.
//!
//! The work is split in two: `plan` turns the model and effective policy
//! into cloud-neutral *edges* (a placed zone, a peer, a direction, the
//! allowed ports), and each provider module turns edges into resources in
//! its own vocabulary, failing with `cloud-inexpressible` where the
//! vocabulary cannot say the allowed set exactly. Every function here is
//! pure: it returns artifacts and diagnostics, and the CLI writes files.
//!
//! **Architecture invariant:** a flow from zone A to zone B is enforced at
//! B's ingress when B is placed in the cloud and at A's egress when A is;
//! each enforcement point alone allows exactly the effective ports, never a
//! superset, so the pair is exact whichever ends are deployed.

mod aws;
mod azure;
mod describe;
mod gcp;
mod json;
pub mod names;
mod networks;
mod plan;
mod ports;
mod quota;
mod space;

use crate::registry::TargetSpec;
use crate::{Artifact, Emitted, Input, Options};
use zonec_base::{Code, Diagnostic};
use zonec_model::{CloudProvider, Model, ZoneId};

pub use aws::NO_EGRESS_DESCRIPTION as AWS_NO_EGRESS_DESCRIPTION;
pub use quota::AWS_DEFAULT_RULES_PER_SG;

/// Settings of the cloud targets that the command line can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudOptions {
    /// AWS "inbound or outbound rules per security group" quota (60 by default).
    pub aws_rules_per_sg: u32,
}

impl Default for CloudOptions {
    fn default() -> Self {
        CloudOptions {
            aws_rules_per_sg: AWS_DEFAULT_RULES_PER_SG,
        }
    }
}

/// The rows of the cloud targets in the list of targets.
pub(crate) const AWS: TargetSpec = TargetSpec {
    name: "aws",
    about: "AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)",
    needed_by: |model| placed(model, CloudProvider::Aws),
    emit: aws,
};

pub(crate) const AZURE: TargetSpec = TargetSpec {
    name: "azure",
    about: "Azure NSGs and ASGs (cloud/azure.tf.json)",
    needed_by: |model| placed(model, CloudProvider::Azure),
    emit: azure,
};

pub(crate) const GCP: TargetSpec = TargetSpec {
    name: "gcp",
    about: "GCP firewall rules (cloud/gcp.tf.json)",
    needed_by: |model| placed(model, CloudProvider::Gcp),
    emit: gcp,
};

/// Whether a zone of `model` is placed in `provider`.
fn placed(model: &Model, provider: CloudProvider) -> bool {
    model
        .zones
        .iter()
        .any(|z| z.cloud.iter().any(|c| c.provider == provider))
}

/// `cloud/aws.tf.json` and `cloud/aws.cfn.json`.
fn aws(input: &Input, options: &Options) -> Emitted {
    emit(input, CloudProvider::Aws, |p, d| {
        aws::emit(p, &options.cloud, d)
    })
}

/// `cloud/azure.tf.json`.
fn azure(input: &Input, _: &Options) -> Emitted {
    emit(input, CloudProvider::Azure, azure::emit)
}

/// `cloud/gcp.tf.json`.
fn gcp(input: &Input, _: &Options) -> Emitted {
    emit(input, CloudProvider::Gcp, gcp::emit)
}

/// One cloud's files and every diagnostic, sorted.
fn emit(
    input: &Input,
    provider: CloudProvider,
    body: impl FnOnce(&plan::Plan, &mut Vec<Diagnostic>) -> Vec<Artifact>,
) -> Emitted {
    let plan = plan::Plan::new(input.model, input.effective, input.addresses, provider);
    let (artifacts, mut diagnostics) = if plan.networks.is_empty() {
        (Vec::new(), vec![nothing_placed(provider)])
    } else {
        let mut diagnostics = Vec::new();
        networks::check(&plan, &mut diagnostics);
        (body(&plan, &mut diagnostics), diagnostics)
    };
    diagnostics.extend(crate::router::ignored(input.model, target_name(provider)));
    let model = input.model;
    let placed =
        |z: zonec_model::ZoneId| model.zone(z).cloud.iter().any(|c| c.provider == provider);
    diagnostics.extend(crate::staged::ignored(model, target_name(provider), placed));
    zonec_base::diagnostic::sort(&mut diagnostics);
    Emitted {
        artifacts,
        diagnostics,
    }
}

fn nothing_placed(provider: CloudProvider) -> Diagnostic {
    let name = provider_name(provider);
    Diagnostic::warning(
        Code::NoCloudZones,
        format!(
            "no zone is placed in {name}, so target `{}` writes nothing",
            target_name(provider)
        ),
    )
    .with_help(format!(
        "place a zone with `{} \"NETWORK\"` to enforce its flows in {name}",
        provider.field()
    ))
}

/// `cloud-inexpressible` for the flow `src -> dst`: the message names the
/// flow and the vocabulary, labels point at the rules that shape the
/// allowed set, and `help` says why and what to change.
fn inexpressible(
    plan: &plan::Plan,
    (src, dst): (ZoneId, ZoneId),
    vocabulary: &str,
    help: String,
) -> Diagnostic {
    let model = plan.model;
    let (a, b) = (&model.zone(src).name, &model.zone(dst).name);
    let mut diag = Diagnostic::error(
        Code::CloudInexpressible,
        format!("the flow `{a}` -> `{b}` cannot be expressed exactly in {vocabulary}"),
    );
    if let Some(flow) = plan.effective.flow(src, dst) {
        for grant in flow.grants.iter().filter(|g| !g.ports.is_empty()) {
            let label = format!("allows `{}`", grant.ports);
            diag = diag.with_label(model.rule(grant.rule).head_span, label);
        }
        for (rule, ports) in &flow.denies {
            diag = diag.with_label(model.rule(*rule).head_span, format!("denies `{ports}`"));
        }
    }
    diag.with_help(help)
}

/// The provider as people write it.
fn provider_name(provider: CloudProvider) -> &'static str {
    match provider {
        CloudProvider::Aws => "AWS",
        CloudProvider::Azure => "Azure",
        CloudProvider::Gcp => "GCP",
    }
}

/// The provider as `--target` names it.
fn target_name(provider: CloudProvider) -> &'static str {
    match provider {
        CloudProvider::Aws => AWS.name,
        CloudProvider::Azure => AZURE.name,
        CloudProvider::Gcp => GCP.name,
    }
}
