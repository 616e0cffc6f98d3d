//! AWS limits checked before anything is written, so an apply never fails
//! half-way:
//! - rules per security group: 60 inbound and 60 outbound by default
//!   (`--aws-rules-per-sg N` after a quota increase), counted per family as
//!   AWS does. A CIDR rule counts once in its family, a rule naming a
//!   security group once in each family, a rule naming a prefix list its
//!   maximum entries in the list's family, and the CloudFormation no-egress
//!   rule once in IPv4 outbound;
//! - entries per managed prefix list: zonec writes at most 100 per list
//!   (CloudFormation's limit on `Entries`), far under AWS's 1,000;
//! - resources per CloudFormation template: 500.

use super::aws::{AwsConfig, Peer};
use super::plan::{Direction, Plan};
use super::space::Family;
use std::collections::BTreeMap;
use zonec_base::{Code, Diagnostic};
use zonec_model::ZoneId;

/// AWS's default "inbound or outbound rules per security group".
pub const AWS_DEFAULT_RULES_PER_SG: u32 = 60;
/// CloudFormation's "resources per template".
pub const CFN_RESOURCES: usize = 500;

type Key = (ZoneId, Direction, Family);

/// Every limit the AWS configuration breaks, as `aws-quota` errors.
pub fn aws(plan: &Plan, config: &AwsConfig, rules_per_sg: u32) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let by_peer = counts_by_peer(config);
    for (key, count) in counts(config) {
        if count > u64::from(rules_per_sg) {
            let top = by_peer
                .iter()
                .filter(|((k, _), _)| *k == key)
                .max_by_key(|(_, n)| **n)
                .map(|((_, peer), n)| (*peer, *n));
            diags.push(over_rules(plan, key, (count, rules_per_sg), top));
        }
    }
    let resources = config.groups.len() + config.prefix_lists.len() + config.rules.len();
    if resources > CFN_RESOURCES {
        diags.push(over_resources(plan, config, resources));
    }
    diags
}

/// Rules per (group, direction, family), counted as AWS counts them.
pub fn counts(config: &AwsConfig) -> BTreeMap<Key, u64> {
    let mut counts: BTreeMap<Key, u64> = BTreeMap::new();
    for group in &config.groups {
        *counts
            .entry((group.zone, Direction::Egress, Family::V4))
            .or_default() += 1;
    }
    for rule in &config.rules {
        let mut add = |family: Family, n: u64| {
            *counts
                .entry((rule.group, rule.direction, family))
                .or_default() += n;
        };
        match &rule.peer {
            Peer::Group(_) => Family::BOTH.into_iter().for_each(|f| add(f, 1)),
            Peer::Cidr(family, _) => add(*family, 1),
            Peer::PrefixList(i) => {
                if let Some(list) = config.prefix_lists.get(*i) {
                    add(list.family, list.cidrs.len() as u64);
                }
            }
        }
    }
    counts
}

/// Rules per (group, direction, family) and peer zone, counted the same way.
fn counts_by_peer(config: &AwsConfig) -> BTreeMap<(Key, ZoneId), u64> {
    let mut out: BTreeMap<(Key, ZoneId), u64> = BTreeMap::new();
    for rule in &config.rules {
        let one = AwsConfig {
            groups: Vec::new(),
            prefix_lists: config.prefix_lists.clone(),
            rules: vec![rule.clone()],
        };
        for (key, n) in counts(&one) {
            *out.entry((key, rule.peer_zone)).or_default() += n;
        }
    }
    out
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    }
}

fn over_rules(
    plan: &Plan,
    (zone, direction, family): Key,
    (count, quota): (u64, u32),
    top: Option<(ZoneId, u64)>,
) -> Diagnostic {
    let z = plan.model.zone(zone);
    let most = match top {
        Some((peer, n)) => {
            let prefixes = plan.space(peer).cidrs(family).len();
            let plural = if prefixes == 1 { "" } else { "es" };
            format!(
                "; {n} of them name `{}`, whose address space is {prefixes} {} prefix{plural}",
                plan.zone_name(peer),
                family_name(family)
            )
        }
        None => String::new(),
    };
    let (way, peers) = match direction {
        Direction::Ingress => ("inbound", format!("into `{}`", z.name)),
        Direction::Egress => ("outbound", format!("out of `{}`", z.name)),
    };
    let mut diag = Diagnostic::error(
        Code::AwsQuota,
        format!(
            "the security group of zone `{}` needs {count} {way} {} rules, over the AWS quota of {quota}",
            z.name,
            family_name(family)
        ),
    )
    .with_label(z.span, format!("zone `{}`", z.name));
    if let Some(p) = plan.placement(zone) {
        diag = diag.with_label(p.span, format!("placed in AWS VPC `{}`", p.network));
    }
    diag.with_help(format!(
        "AWS counts each rule once per port range and peer prefix, and a prefix-list reference as its \
         maximum entries{most}; narrow the flows {peers}, or raise the quota with AWS and pass \
         `--aws-rules-per-sg N`"
    ))
}

fn over_resources(plan: &Plan, config: &AwsConfig, resources: usize) -> Diagnostic {
    let mut diag = Diagnostic::error(
        Code::AwsQuota,
        format!("the CloudFormation template needs {resources} resources, over the limit of {CFN_RESOURCES} per template"),
    );
    if let Some(p) = config.groups.first().and_then(|g| plan.placement(g.zone)) {
        diag = diag.with_label(p.span, "the first zone placed in AWS");
    }
    diag.with_help(
        "each rule is one resource; fewer port ranges or peers per zone make fewer rules",
    )
}
