//! The verdict of one flow (source zone, destination zone, protocol, port)
//! under a policy: the policy's own longest-prefix table put the addresses
//! in zones, and its effective policy (allow minus deny) decides.
//!
//! - `forbidden`: a `forbid` (either kind) relates the two zones on this
//!   port. The flow itself breaks it: an incident, whatever the rules say.
//! - `allowed`: the rules that allow it are named (none inside one zone,
//!   which the policy never filters).
//! - `blocked`: the denies that remove it are named; none means no allow
//!   covers the pair and port.
//! - `unzoned`: an end is in no zone (a policy without a catch-all).
//!
//! A `require` relating the pair on the port marks the flow, whatever
//! its verdict.

use serde::Serialize;
use zonec_analysis::Analysis;
use zonec_model::ports::{ICMPV6_BASE, ICMP_BASE, OTHER_POINT, TCP_BASE, UDP_BASE};
use zonec_model::{InvariantId, InvariantKind, Model, RuleId, ZoneId};

use crate::record::{ICMP, ICMPV6, TCP, UDP};

/// A policy to classify against.
#[derive(Clone, Copy)]
pub struct Policy<'p> {
    pub model: &'p Model,
    pub analysis: &'p Analysis,
}

/// The verdicts, worst first.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Forbidden,
    Blocked,
    Unzoned,
    Allowed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Forbidden => "forbidden",
            Verdict::Blocked => "blocked",
            Verdict::Unzoned => "unzoned",
            Verdict::Allowed => "allowed",
        }
    }
}

/// A verdict and what it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// `allowed`: the allows that grant the port; `blocked`: the denies
    /// that remove it (none: no allow covers it); `forbidden`: either, by
    /// what the policy does (allows here mean the policy breaks the
    /// forbid itself).
    pub rules: Vec<RuleId>,
    /// The `forbid`s the flow breaks.
    pub forbids: Vec<InvariantId>,
    /// The `require`s that cover the flow.
    pub required: Vec<InvariantId>,
}

/// The point of the model's port line a flow is on. An ICMP flow whose
/// type the log does not give counts as an echo request.
pub fn point(proto: u8, port: Option<u16>) -> u32 {
    let port = port.map(u32::from);
    match proto {
        TCP => TCP_BASE + port.unwrap_or(0),
        UDP => UDP_BASE + port.unwrap_or(0),
        ICMP => ICMP_BASE + port.unwrap_or(8).min(255),
        ICMPV6 => ICMPV6_BASE + port.unwrap_or(128).min(255),
        _ => OTHER_POINT,
    }
}

pub fn classify(p: Policy, from: Option<ZoneId>, to: Option<ZoneId>, point: u32) -> Decision {
    let (Some(a), Some(b)) = (from, to) else {
        return Decision {
            verdict: Verdict::Unzoned,
            rules: Vec::new(),
            forbids: Vec::new(),
            required: Vec::new(),
        };
    };
    let covering = |kinds: &[InvariantKind]| -> Vec<InvariantId> {
        p.model
            .invariant_ids()
            .filter(|&id| {
                let inv = p.model.invariant(id);
                a != b
                    && kinds.contains(&inv.kind)
                    && inv.ports.contains(point)
                    && inv.from.contains(&a)
                    && inv.to.contains(&b)
            })
            .collect()
    };
    let forbids = covering(&[InvariantKind::Forbid, InvariantKind::ForbidPath]);
    let required = covering(&[InvariantKind::Require]);
    let (allowed, rules) = policy(p, a, b, point);
    let verdict = match (forbids.is_empty(), allowed) {
        (false, _) => Verdict::Forbidden,
        (true, true) => Verdict::Allowed,
        (true, false) => Verdict::Blocked,
    };
    Decision {
        verdict,
        rules,
        forbids,
        required,
    }
}

/// Whether the effective policy allows the point from `a` to `b`, and the
/// rules that say so (the granting allows) or not (the removing denies).
fn policy(p: Policy, a: ZoneId, b: ZoneId, point: u32) -> (bool, Vec<RuleId>) {
    if a == b {
        return (true, Vec::new());
    }
    let Some(flow) = p.analysis.effective.flow(a, b) else {
        return (false, Vec::new());
    };
    if flow.ports.contains(point) {
        let grants = flow.grants.iter().filter(|g| g.ports.contains(point));
        return (true, grants.map(|g| g.rule).collect());
    }
    let denies = flow
        .denies
        .iter()
        .filter(|(_, ports)| ports.contains(point));
    (false, denies.map(|&(rule, _)| rule).collect())
}
