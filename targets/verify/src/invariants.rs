//! Which `forbid` invariant an extra flow breaks. The policy proves every
//! invariant, so a break needs an extra flow: `forbid A -> B : s` is broken
//! by an extra flow from `A` to `B` on a port of `s`; `forbid A ->* B : s`
//! by an extra hop on a path (any ports) from `A` to a zone with a flow on
//! `s` into `B`, over the policy's flows and the extras together. The
//! searches are breadth-first over zones, with no recursion.

use crate::Policy;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use zonec_model::{Invariant, InvariantKind, PortSet, ZoneId};

/// For each extra (from, to) pair, the first invariant it breaks.
pub fn broken(
    policy: &Policy,
    extras: &[(ZoneId, ZoneId, PortSet)],
) -> BTreeMap<(ZoneId, ZoneId), String> {
    let mut out = BTreeMap::new();
    if extras.is_empty() {
        return out;
    }
    let mut edges: Vec<(ZoneId, ZoneId, PortSet)> = policy
        .effective
        .allowed_flows()
        .map(|((a, b), f)| (a, b, f.ports.clone()))
        .collect();
    edges.extend(extras.iter().cloned());
    for inv in &policy.model.invariants {
        let blamed: Vec<(ZoneId, ZoneId)> = match inv.kind {
            InvariantKind::Forbid => extras
                .iter()
                .filter(|(a, b, p)| {
                    a != b && inv.from.contains(a) && inv.to.contains(b) && p.overlaps(&inv.ports)
                })
                .map(|(a, b, _)| (*a, *b))
                .collect(),
            InvariantKind::ForbidPath => on_path(inv, &edges, extras),
            InvariantKind::Require => Vec::new(),
        };
        for pair in blamed {
            out.entry(pair).or_insert_with(|| name(inv));
        }
    }
    out
}

fn name(inv: &Invariant) -> String {
    let arrow = if inv.kind == InvariantKind::ForbidPath {
        "->*"
    } else {
        "->"
    };
    let ports = if inv.ports.is_any() {
        String::new()
    } else {
        format!(" : {}", inv.ports)
    };
    format!("forbid {} {arrow} {}{ports}", inv.from_text, inv.to_text)
}

/// The extras on a path that breaks `forbid A ->* B : s`.
fn on_path(
    inv: &Invariant,
    edges: &[(ZoneId, ZoneId, PortSet)],
    extras: &[(ZoneId, ZoneId, PortSet)],
) -> Vec<(ZoneId, ZoneId)> {
    let last_hop = |a: &ZoneId, b: &ZoneId, p: &PortSet| {
        a != b && inv.to.contains(b) && p.overlaps(&inv.ports)
    };
    let forward: Vec<(ZoneId, ZoneId)> = edges
        .iter()
        .filter(|e| !e.2.is_empty())
        .map(|e| (e.0, e.1))
        .collect();
    let backward: Vec<(ZoneId, ZoneId)> = forward.iter().map(|&(a, b)| (b, a)).collect();
    let reached = closure(inv.from.iter().copied(), &forward);
    let starts: Vec<ZoneId> = edges
        .iter()
        .filter(|(a, b, p)| last_hop(a, b, p))
        .map(|e| e.0)
        .collect();
    let leads = closure(starts.iter().copied(), &backward);
    if !starts.iter().any(|s| reached.contains(s)) {
        return Vec::new();
    }
    extras
        .iter()
        .filter(|(a, b, p)| reached.contains(a) && (last_hop(a, b, p) || leads.contains(b)))
        .map(|(a, b, _)| (*a, *b))
        .collect()
}

/// Every zone reachable from `from` (included) over `edges`.
fn closure(from: impl Iterator<Item = ZoneId>, edges: &[(ZoneId, ZoneId)]) -> BTreeSet<ZoneId> {
    let mut next: BTreeMap<ZoneId, Vec<ZoneId>> = BTreeMap::new();
    for &(a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    let mut seen: BTreeSet<ZoneId> = BTreeSet::new();
    let mut queue: VecDeque<ZoneId> = VecDeque::new();
    for z in from {
        if seen.insert(z) {
            queue.push_back(z);
        }
    }
    while let Some(z) = queue.pop_front() {
        for &n in next.get(&z).into_iter().flatten() {
            if seen.insert(n) {
                queue.push_back(n);
            }
        }
    }
    seen
}
