//! Differences gathered into findings, the same way for the router and
//! the clouds: per (hook, class, source zone, destination zone), the ports
//! that differ and the first witness met with the rules that decided it.
//! An extra flow that breaks a `forbid` becomes `forbidden-reachable`.

use crate::finding::{Class, Finding, Witness};
use crate::invariants;
use crate::Policy;
use std::collections::BTreeMap;
use zonec_model::{PortSet, Proto, ZoneId};

/// A difference being gathered: per hook, class, source and destination zone.
pub type Key = (u8, Class, Option<ZoneId>, Option<ZoneId>);

/// Every difference met so far.
pub type Found = BTreeMap<Key, Gathered>;

pub struct Gathered {
    ports: PortSet,
    witness: Witness,
    responsible: Vec<String>,
}

/// Add the ports `diff` under `key`; the first time, `show` gives the
/// witness and the rules responsible for the point a probe shows best.
pub fn add(
    found: &mut Found,
    key: Key,
    diff: &PortSet,
    show: impl FnOnce(u32) -> (Witness, Vec<String>),
) {
    let Some(point) = pick(diff) else { return };
    let g = found.entry(key).or_insert_with(|| {
        let (witness, responsible) = show(point);
        Gathered {
            ports: PortSet::empty(),
            witness,
            responsible,
        }
    });
    g.ports = g.ports.union(diff);
}

/// The findings, in class order; `who` names the deployed side in
/// messages (`the router`, `AWS`).
pub fn finish(policy: &Policy, found: Found, who: &str) -> Vec<Finding> {
    let model = policy.model;
    let name = |z: Option<ZoneId>| {
        z.map_or_else(|| "(no zone)".to_string(), |z| model.zone(z).name.clone())
    };
    let extras: Vec<(ZoneId, ZoneId, PortSet)> = found
        .iter()
        .filter(|((_, c, _, _), _)| *c == Class::Extra)
        .filter_map(|(&(_, _, a, b), g)| Some((a?, b?, g.ports.clone())))
        .collect();
    let broken = invariants::broken(policy, &extras);
    let mut out = Vec::new();
    for ((_, class, from, to), g) in found {
        let invariant = match (from, to) {
            (Some(a), Some(b)) if class == Class::Extra => broken.get(&(a, b)).cloned(),
            _ => None,
        };
        let class = if invariant.is_some() {
            Class::ForbiddenReachable
        } else {
            class
        };
        let verb = match class {
            Class::Missing => format!("the policy allows, but {who} drops,"),
            _ => format!("{who} allows, but the policy does not,"),
        };
        let mut f = Finding::new(
            class,
            format!("{verb} {} -> {}: {}", name(from), name(to), g.ports),
        );
        f.from = Some(name(from));
        f.to = Some(name(to));
        f.ports = Some(g.ports.to_string());
        f.witness = Some(g.witness);
        f.responsible = g.responsible;
        f.invariant = invariant;
        out.push(f);
    }
    out.sort_by_key(|a| a.class);
    out
}

/// The point of `diff` a probe shows best: a real port, then an ICMP type,
/// then any other protocol, then port 0.
pub fn pick(diff: &PortSet) -> Option<u32> {
    let probe = |proto: Proto, from: u32| {
        let (lo, hi) = proto.bounds();
        diff.intersect(&PortSet::range(lo + from, hi))
            .ranges()
            .first()
            .map(|r| r.0)
    };
    probe(Proto::Tcp, 1)
        .or_else(|| probe(Proto::Udp, 1))
        .or_else(|| probe(Proto::Icmp, 0))
        .or_else(|| probe(Proto::Icmpv6, 0))
        .or_else(|| diff.ranges().first().map(|r| r.0))
}
