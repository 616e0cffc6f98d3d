//! Proving `forbid` invariants.
//!
//! `forbid A -> B : s` looks at the direct flows out of `A`.
//! `forbid A ->* B : s` asks whether the closure of `A` on the union graph
//! (every hop on any port) contains a zone with a flow on a class of `s` into
//! `B`; the closure comes from the precomputed rows, so no search runs unless
//! the invariant is broken, and then one breadth-first search finds the
//! shortest witness ([`super::witness`]). A holding one gets a certificate: the closed set itself.

use super::bitset::Bitset;
use super::verdict::{Certificate, Checked, ClosedSet, Evidence, Verdict, Witness};
use super::witness::shortest_witness;
use super::Context;
use zonec_model::{Invariant, InvariantId, PortSet, ZoneId};

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
pub(crate) struct LastHops {
    zones: Bitset,
    /// Per zone: [`NOT_LAST`], [`MANY`], or its only destination in `B`.
    only: Vec<u32>,
}

const NOT_LAST: u32 = u32::MAX;
const MANY: u32 = u32::MAX - 1;

impl LastHops {
    pub(crate) fn new(cx: &Context, to: &[ZoneId], ports: &PortSet) -> LastHops {
        let s = cx.class_set(ports);
        let n = cx.graph.zone_count();
        let (mut zones, mut only) = (Bitset::new(n), vec![NOT_LAST; n]);
        for &b in to {
            for (z, classes) in cx.graph.predecessors(b) {
                if classes.intersects(&s) {
                    zones.insert(z.index());
                    let t = &mut only[z.index()];
                    *t = if *t == NOT_LAST { b.0 } else { MANY };
                }
            }
        }
        LastHops { zones, only }
    }

    /// The only destination of `z`'s last hops, if it has exactly one.
    fn single(&self, z: usize) -> Option<ZoneId> {
        let t = self.only[z];
        (t != NOT_LAST && t != MANY).then_some(ZoneId(t))
    }

    /// Whether `z` has a last hop to a destination other than `source`.
    pub(crate) fn valid_for(&self, z: usize, source: ZoneId) -> bool {
        self.zones.contains(z) && self.single(z) != Some(source)
    }
}

/// Whether some source reaches, through `hits`, a destination other than
/// itself. Usually decided by the hits alone; a source that is also a
/// destination needs its own row.
fn is_broken(cx: &Context, inv: &Invariant, last: &LastHops, hits: &[usize]) -> bool {
    let clear = |z: &usize| {
        last.single(*z)
            .is_some_and(|b| inv.from.binary_search(&b).is_ok())
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
