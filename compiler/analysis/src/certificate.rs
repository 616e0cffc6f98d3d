//! Checking a `forbid A ->* B : s` certificate without trusting the search
//! that produced it. It reads only the effective policy (allowed ports per
//! zone pair) and the certificate, and confirms, for each closed set:
//!
//! 1. it contains its sources, and the sources of all sets cover `A`;
//! 2. it is closed: every allowed flow out of a member, on any port, ends in
//!    a member;
//! 3. no member has a flow on a port of `s` to a forbidden destination: a
//!    zone of `B`, other than the source itself, or a zone on the source's
//!    segment (its family of member zones), when the set has one source.
//!
//! Then no path from `A` can leave the set, and no last hop on `s` from
//! inside it reaches `B`: the invariant holds.

use super::effective::EffectivePolicy;
use super::verdict::{Certificate, ClosedSet};
use std::collections::BTreeSet;
use zonec_model::{Invariant, ZoneId};

/// Why a certificate does not prove its invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A source of the invariant is in no set's sources.
    SourceNotCovered(ZoneId),
    /// A set does not contain one of its sources.
    SourceOutside(ZoneId),
    /// A member may send to a zone outside the set.
    NotClosed { from: ZoneId, to: ZoneId },
    /// A member may send on a port of `s` to a forbidden destination.
    Reaches { from: ZoneId, to: ZoneId },
}

pub fn check(policy: &EffectivePolicy, inv: &Invariant, cert: &Certificate) -> Result<(), Invalid> {
    let covered: BTreeSet<ZoneId> = cert.parts.iter().flat_map(|p| p.sources.clone()).collect();
    if let Some(&a) = inv.from.iter().find(|a| !covered.contains(a)) {
        return Err(Invalid::SourceNotCovered(a));
    }
    cert.parts
        .iter()
        .try_for_each(|part| check_set(policy, inv, part))
}

fn check_set(policy: &EffectivePolicy, inv: &Invariant, set: &ClosedSet) -> Result<(), Invalid> {
    let members: BTreeSet<ZoneId> = set.zones.iter().copied().collect();
    if let Some(&a) = set.sources.iter().find(|a| !members.contains(a)) {
        return Err(Invalid::SourceOutside(a));
    }
    let flows = members
        .iter()
        .flat_map(|&from| policy.flows_from(from).map(move |(to, f)| (from, to, f)));
    for (from, to, flow) in flows {
        if flow.ports.is_empty() {
            continue;
        }
        if !members.contains(&to) {
            return Err(Invalid::NotClosed { from, to });
        }
        let forbidden = inv.to.contains(&to) && !own(policy, &set.sources, to);
        if forbidden && flow.ports.overlaps(&inv.ports) {
            return Err(Invalid::Reaches { from, to });
        }
    }
    Ok(())
}

/// Whether `to` is the one source of a set, or on its segment: the pairs
/// an invariant leaves out. A segment pair is stored as one
/// ([`super::effective::Flow::segment`]), so the policy says which it is.
fn own(policy: &EffectivePolicy, sources: &[ZoneId], to: ZoneId) -> bool {
    match sources {
        [a] => *a == to || policy.flow(*a, to).is_some_and(|f| f.segment),
        _ => false,
    }
}
