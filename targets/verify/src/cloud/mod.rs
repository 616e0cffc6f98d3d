//! `zonec verify` for the clouds: the security groups, NSGs and firewall
//! rules a cloud runs, read from the provider's own describe output
//! (`aws.rs`, `azure.rs`, `gcp.rs`), evaluated under that cloud's rule
//! semantics (`rule.rs`) for every pair of atoms with an end in a zone
//! placed there, and compared with the effective policy (`check.rs`).
//! Zones map to groups, ASGs and tags as the emitters define them, and
//! zonec's own rules are known by the names and descriptions the emitters
//! give them (`marks.rs`): any other rule inside a group zonec manages is
//! `unmanaged`. Each reader refuses by name what it cannot evaluate.

mod aws;
mod azure;
mod check;
mod gcp;
mod json;
mod marks;
mod rule;

use crate::{Policy, Report, Unsupported};
use std::collections::BTreeMap;
use zonec_model::{CloudProvider, ZoneId};

pub use check::MAX_WORK;
pub use json::MAX_RULES;

/// Compare `aws ec2 describe-security-groups` output with the policy.
pub fn aws(policy: &Policy, groups: &str) -> Result<Report, Unsupported> {
    check::compare(policy, aws::read(policy, groups)?)
}

/// Compare `az network nsg list` output (and `az network asg list`, when
/// rules name ASGs by an id the emitted names do not give) with the policy.
pub fn azure(policy: &Policy, nsgs: &str, asgs: Option<&str>) -> Result<Report, Unsupported> {
    check::compare(policy, azure::read(policy, nsgs, asgs)?)
}

/// Compare `gcloud compute firewall-rules list --format=json` output with the policy.
pub fn gcp(policy: &Policy, rules: &str) -> Result<Report, Unsupported> {
    check::compare(policy, gcp::read(policy, rules)?)
}

/// Each zone placed in `provider`: its network, and whether it is placed
/// nowhere else (so a group of it holds all of its addresses).
fn placements(policy: &Policy, provider: CloudProvider) -> BTreeMap<ZoneId, (String, bool)> {
    policy
        .model
        .zone_ids()
        .filter_map(|id| {
            let z = policy.model.zone(id);
            let p = z.cloud.iter().find(|p| p.provider == provider)?;
            Some((id, (p.network.clone(), z.cloud.len() == 1)))
        })
        .collect()
}
