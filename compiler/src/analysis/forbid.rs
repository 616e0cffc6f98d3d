//! Proving `forbid` invariants.
//!
//! `forbid A -> B : s` looks at the direct flows out of `A`.
//! `forbid A ->* B : s` asks whether the closure of `A` on the union graph
//! (every hop on any port) contains a zone with a flow on a class of `s` into
//! `B`; the closure comes from the precomputed rows, so no search runs unless
//! the invariant is broken, and then one breadth-first search finds the
//! shortest witness. A holding one gets a certificate: the closed set itself.

use super::bitset::Bitset;
use super::verdict::{Certificate, Checked, ClosedSet, Evidence, Hop, Verdict, Witness};
use super::Context;
use crate::model::{Invariant, InvariantId, PortSet, ZoneId};
use std::collections::{BTreeMap, VecDeque};

/// `forbid A -> B : s`
pub fn check_direct(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    for &a in &inv.from {
        for (b, flow) in cx.effective.flows_from(a) {
            if inv.to.binary_search(&b).is_ok() && flow.ports.overlaps(&inv.ports) {
                let hop = cx.hop(a, b, Some(&inv.ports));
                let witness = Witness {
                    from: a,
                    to: b,
                    hops: vec![hop],
                };
                return verdict(id, false, Evidence::Witness(witness));
            }
        }
    }
    verdict(id, true, Evidence::Checked(checked(inv)))
}

/// `forbid A ->* B : s`
pub fn check_path(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    let last = LastHops::new(cx, &inv.to, &inv.ports);
    let closure = cx.closure.of_set(&inv.from);
    let hits: Vec<usize> = closure.iter_and(&last.zones).collect();
    if hits.is_empty() {
        let part = ClosedSet {
            sources: inv.from.clone(),
            zones: zones(&closure),
        };
        return verdict(
            id,
            true,
            Evidence::Certificate(Certificate { parts: vec![part] }),
        );
    }
    if is_broken(cx, inv, &last, &hits) {
        if let Some(w) = shortest_witness(cx, &inv.from, &inv.to, &inv.ports, &last) {
            return verdict(id, false, Evidence::Witness(w));
        }
    }
    verdict(id, true, Evidence::Certificate(split_certificate(cx, inv)))
}

fn verdict(invariant: InvariantId, holds: bool, evidence: Evidence) -> Verdict {
    Verdict {
        invariant,
        holds,
        evidence,
    }
}

pub fn checked(inv: &Invariant) -> Checked {
    let same = inv
        .from
        .iter()
        .filter(|a| inv.to.binary_search(a).is_ok())
        .count();
    Checked {
        from: inv.from.clone(),
        to: inv.to.clone(),
        pairs: (inv.from.len() * inv.to.len() - same) as u64,
        ports: inv.ports.clone(),
    }
}

/// The zones with a flow on a class of `s` into `B`, each with its
/// destination when there is exactly one (the self-pair rule needs it: a
/// source may reach itself).
struct LastHops {
    zones: Bitset,
    only: BTreeMap<usize, Option<ZoneId>>,
}

impl LastHops {
    fn new(cx: &Context, to: &[ZoneId], ports: &PortSet) -> LastHops {
        let s = cx.class_set(ports);
        let mut zones = Bitset::new(cx.graph.zone_count());
        let mut only: BTreeMap<usize, Option<ZoneId>> = BTreeMap::new();
        for &b in to {
            for (z, classes) in cx.graph.predecessors(b) {
                if classes.intersects(&s) {
                    zones.insert(z.index());
                    only.entry(z.index())
                        .and_modify(|t| *t = None)
                        .or_insert(Some(b));
                }
            }
        }
        LastHops { zones, only }
    }

    /// Whether `z` has a last hop to a destination other than `source`.
    fn valid_for(&self, z: usize, source: ZoneId) -> bool {
        self.zones.contains(z) && self.only.get(&z).is_some_and(|t| *t != Some(source))
    }
}

/// Whether some source reaches, through `hits`, a destination other than
/// itself. Usually decided by the hits alone; a source that is also a
/// destination needs its own row.
fn is_broken(cx: &Context, inv: &Invariant, last: &LastHops, hits: &[usize]) -> bool {
    let clear = |z: &usize| match last.only.get(z) {
        Some(Some(b)) => inv.from.binary_search(b).is_ok(),
        _ => false,
    };
    if !hits.iter().all(clear) {
        return true;
    }
    inv.from.iter().any(|&a| {
        cx.closure
            .row(a)
            .iter_and(&last.zones)
            .any(|z| last.valid_for(z, a))
    })
}

/// A holding invariant whose sources include destinations they reach back:
/// one closed set for the sources outside `B`, and one per source in `B`.
fn split_certificate(cx: &Context, inv: &Invariant) -> Certificate {
    let (inside, outside): (Vec<ZoneId>, Vec<ZoneId>) = inv
        .from
        .iter()
        .partition(|a| inv.to.binary_search(a).is_ok());
    let mut parts = Vec::new();
    if !outside.is_empty() {
        let zones = zones(&cx.closure.of_set(&outside));
        parts.push(ClosedSet {
            sources: outside,
            zones,
        });
    }
    for a in inside {
        parts.push(ClosedSet {
            sources: vec![a],
            zones: zones(cx.closure.row(a)),
        });
    }
    Certificate { parts }
}

fn zones(set: &Bitset) -> Vec<ZoneId> {
    set.iter().map(ZoneId::from_index).collect()
}

/// The shortest offending path: breadth-first from every source at once on
/// the union graph, stopping at the first zone with a valid last hop. A zone
/// remembers only the first source that reached it, so if that search misses
/// (a source that reaches itself only), each source is searched alone.
fn shortest_witness(
    cx: &Context,
    from: &[ZoneId],
    to: &[ZoneId],
    ports: &PortSet,
    last: &LastHops,
) -> Option<Witness> {
    let target = Target { to, ports, last };
    search(cx, &target, from).or_else(|| from.iter().find_map(|&a| search(cx, &target, &[a])))
}

/// The shortest path from `a` to `b` whose last hop is allowed on a port of
/// `ports` and whose other hops on any port (`a != b`).
pub(crate) fn shortest_path(
    cx: &Context,
    a: ZoneId,
    b: ZoneId,
    ports: &PortSet,
) -> Option<Witness> {
    let last = LastHops::new(cx, &[b], ports);
    shortest_witness(cx, &[a], &[b], ports, &last)
}

/// What a search looks for: a last hop into `to` on a port of `ports`.
struct Target<'a> {
    to: &'a [ZoneId],
    ports: &'a PortSet,
    last: &'a LastHops,
}

fn search(cx: &Context, target: &Target, sources: &[ZoneId]) -> Option<Witness> {
    const NONE: u32 = u32::MAX;
    let n = cx.graph.zone_count();
    let (mut parent, mut origin) = (vec![NONE; n], vec![NONE; n]);
    let mut queue = VecDeque::new();
    for &a in sources {
        parent[a.index()] = a.0;
        origin[a.index()] = a.0;
        queue.push_back(a);
    }
    while let Some(z) = queue.pop_front() {
        let source = ZoneId(origin[z.index()]);
        if target.last.valid_for(z.index(), source) {
            if let Some(b) = last_hop(cx, target, z, source) {
                return Some(witness(cx, target.ports, &parent, source, z, b));
            }
        }
        for (y, _) in cx.graph.successors(z) {
            if parent[y.index()] == NONE {
                parent[y.index()] = z.0;
                origin[y.index()] = source.0;
                queue.push_back(y);
            }
        }
    }
    None
}

/// The smallest destination `z` sends a port of `s` to, other than `source`.
fn last_hop(cx: &Context, target: &Target, z: ZoneId, source: ZoneId) -> Option<ZoneId> {
    let s = cx.class_set(target.ports);
    cx.graph
        .successors(z)
        .find(|(b, c)| *b != source && target.to.binary_search(b).is_ok() && c.intersects(&s))
        .map(|(b, _)| b)
}

fn witness(
    cx: &Context,
    ports: &PortSet,
    parent: &[u32],
    a: ZoneId,
    z: ZoneId,
    b: ZoneId,
) -> Witness {
    let mut path = vec![z];
    let mut at = z;
    while at != a {
        at = ZoneId(parent[at.index()]);
        path.push(at);
    }
    path.reverse();
    let mut hops: Vec<Hop> = path.windows(2).map(|w| cx.hop(w[0], w[1], None)).collect();
    hops.push(cx.hop(z, b, Some(ports)));
    Witness {
        from: a,
        to: b,
        hops,
    }
}

/// Shared by both checks: the hop `a -> b`, restricted to `only` if given.
impl Context<'_> {
    pub(crate) fn hop(&self, a: ZoneId, b: ZoneId, only: Option<&PortSet>) -> Hop {
        let flow = self.effective.flows.get(&(a, b));
        let allowed = flow.map(|f| f.ports.clone()).unwrap_or_default();
        let ports = only.map_or(allowed.clone(), |s| allowed.intersect(s));
        let rules = flow
            .map(|f| {
                f.grants
                    .iter()
                    .filter(|g| g.ports.overlaps(&ports))
                    .map(|g| g.rule)
                    .collect()
            })
            .unwrap_or_default();
        Hop {
            from: a,
            to: b,
            ports,
            rules,
        }
    }
}
