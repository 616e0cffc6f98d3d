//! Proving `forbid` invariants.
//!
//! `forbid A -> B : s` looks at the direct flows out of `A`.
//! `forbid A ->* B : s` asks whether the closure of `A` on the union graph
//! (every hop on any port) contains a zone with a flow on a class of `s` into
//! `B`; the closure comes from the precomputed rows, so a holding invariant
//! costs set operations only and gets a certificate: the closed set itself.
//! A broken one gets every offending pair: per source (one per zone
//! class, [`super::offenders`]) the destinations its closure sends a port of
//! `s`, computed once per strongly connected component; then a
//! breadth-first search per listed source, or per listed destination, finds
//! the shortest witnesses ([`super::witness`]).

use super::bitset::Bitset;
use super::offenders::Offenders;
use super::verdict::{Certificate, Checked, ClosedSet, Evidence, Verdict, Witness, Witnesses};
use super::witness::{Reach, Toward, Tree};
use super::Context;
use std::collections::{BTreeMap, BTreeSet};
use zonec_model::{Invariant, InvariantId, Model, ZoneId};

/// `forbid A -> B : s`
pub fn check_direct(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    let s = cx.class_set(&inv.ports);
    let mut offenders = Offenders::default();
    for &x in inv.from.iter().filter(|&&x| cx.lift.is_first(x)) {
        let targets = cx
            .graph
            .successors(x)
            .filter(|(y, c)| c.intersects(&s) && inv.to.binary_search(y).is_ok())
            .map(|(y, _)| y.index());
        let targets = Bitset::from_indices(cx.graph.zone_count(), targets);
        offenders.add(&cx.lift, x, related(cx, x, targets));
    }
    if offenders.is_empty() {
        return verdict(
            id,
            true,
            Evidence::Checked(checked(cx.lift.model, cx.full(id))),
        );
    }
    broken(cx, id, inv, &offenders, Reach::Direct)
}

/// `forbid A ->* B : s`
pub fn check_path(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    let last = last_hops(cx, inv);
    let closure = cx.closure.of_set(&inv.from);
    if !closure.intersects(&last) {
        let part = ClosedSet {
            sources: inv.from.clone(),
            zones: zones(&closure),
        };
        let certificate = Certificate { parts: vec![part] };
        return verdict(id, true, Evidence::Certificate(certificate));
    }
    let offenders = path_offenders(cx, inv, &last);
    if offenders.is_empty() {
        let certificate = split_certificate(cx, inv);
        return verdict(id, true, Evidence::Certificate(certificate));
    }
    broken(cx, id, inv, &offenders, Reach::Path)
}

fn verdict(invariant: InvariantId, holds: bool, evidence: Evidence) -> Verdict {
    Verdict {
        invariant,
        holds,
        evidence,
    }
}

/// A broken `forbid`: the offending pairs, counted and listed, each with
/// its shortest witness, found once per quotient pair.
fn broken(
    cx: &Context,
    id: InvariantId,
    inv: &Invariant,
    offenders: &Offenders,
    reach: Reach,
) -> Verdict {
    let keys: BTreeSet<(ZoneId, ZoneId)> = cx
        .lift
        .listed(id, offenders, |_, _, x, y| Some((x, y)))
        .into_iter()
        .collect();
    let found = witnesses(cx, inv, &keys, reach);
    let pairs = cx.lift.listed(id, offenders, |a, b, x, y| {
        Some(cx.lift.witness(a, b, found.get(&(x, y))?))
    });
    let witnesses = Witnesses {
        total: offenders.total(&cx.lift),
        pairs,
    };
    verdict(id, false, Evidence::Witnesses(witnesses))
}

/// The witness of each quotient pair in `keys`: one search per source or
/// one per destination, whichever are fewer (see [`super::witness`]).
fn witnesses(
    cx: &Context,
    inv: &Invariant,
    keys: &BTreeSet<(ZoneId, ZoneId)>,
    reach: Reach,
) -> BTreeMap<(ZoneId, ZoneId), Witness> {
    let sources: BTreeSet<ZoneId> = keys.iter().map(|k| k.0).collect();
    let targets: BTreeSet<ZoneId> = keys.iter().map(|k| k.1).collect();
    let ports = &inv.ports;
    let mut found = BTreeMap::new();
    if reach == Reach::Direct || sources.len() <= targets.len() {
        for x in sources {
            let tree = Tree::new(cx, x, ports, reach);
            for &(_, y) in keys.range((x, ZoneId(0))..=(x, ZoneId(u32::MAX))) {
                found.extend(tree.witness(cx, ports, y).map(|w| ((x, y), w)));
            }
        }
    } else {
        for y in targets {
            let toward = Toward::new(cx, y, ports);
            for &(x, _) in keys.iter().filter(|k| k.1 == y) {
                found.extend(toward.witness(cx, ports, x).map(|w| ((x, y), w)));
            }
        }
    }
    found
}

/// What a holding invariant checked; `model` is the full model. The pairs
/// it relates leave out self-pairs and pairs on one segment, counted per
/// family so the count costs the zone lists, not their product.
pub fn checked(model: &Model, inv: &Invariant) -> Checked {
    let same = inv
        .from
        .iter()
        .filter(|a| inv.to.binary_search(a).is_ok())
        .count();
    let mut to_by_family: BTreeMap<ZoneId, usize> = BTreeMap::new();
    for &b in &inv.to {
        if let Some(root) = model.zone(b).segment {
            *to_by_family.entry(root).or_default() += 1;
        }
    }
    let segment: usize = inv
        .from
        .iter()
        .filter_map(|&a| {
            let root = model.zone(a).segment?;
            let n = to_by_family.get(&root).copied().unwrap_or(0);
            Some(n - usize::from(inv.to.binary_search(&a).is_ok()))
        })
        .sum();
    Checked {
        from: inv.from.clone(),
        to: inv.to.clone(),
        pairs: (inv.from.len() * inv.to.len() - same - segment) as u64,
        ports: inv.ports.clone(),
    }
}

/// The zones with a flow on a class of `s` into `B`.
fn last_hops(cx: &Context, inv: &Invariant) -> Bitset {
    let s = cx.class_set(&inv.ports);
    let mut zones = Bitset::new(cx.graph.zone_count());
    for &b in &inv.to {
        for (z, classes) in cx.graph.predecessors(b) {
            if classes.intersects(&s) {
                zones.insert(z.index());
            }
        }
    }
    zones
}

/// Per source (the first zone of each class), the destinations of `B`
/// other than itself that its closure sends a port of `s`. Sources on one
/// cycle share a closure, so each component's destinations are computed once.
fn path_offenders(cx: &Context, inv: &Invariant, last: &Bitset) -> Offenders {
    let s = cx.class_set(&inv.ports);
    let mut by_component: BTreeMap<usize, Bitset> = BTreeMap::new();
    let mut offenders = Offenders::default();
    for &x in inv.from.iter().filter(|&&x| cx.lift.is_first(x)) {
        let targets = by_component
            .entry(cx.closure.component(x))
            .or_insert_with(|| {
                let row = cx.closure.row(x);
                let mut targets = Bitset::new(cx.graph.zone_count());
                for z in row.iter_and(last) {
                    for (y, c) in cx.graph.successors(ZoneId::from_index(z)) {
                        if c.intersects(&s) && inv.to.binary_search(&y).is_ok() {
                            targets.insert(y.index());
                        }
                    }
                }
                targets
            })
            .clone();
        offenders.add(&cx.lift, x, related(cx, x, targets));
    }
    offenders
}

/// A holding invariant whose sources include destinations they reach back:
/// one closed set for the sources outside `B`, and one per source in `B`
/// (or with a zone of `B` on its segment).
fn split_certificate(cx: &Context, inv: &Invariant) -> Certificate {
    let (inside, outside): (Vec<ZoneId>, Vec<ZoneId>) =
        inv.from.iter().partition(|&&a| own_in_to(cx.model, inv, a));
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

/// `targets` without the zones on `x`'s segment, which no invariant
/// relates to `x` (`x` itself is left out as no canonical pair).
fn related(cx: &Context, x: ZoneId, mut targets: Bitset) -> Bitset {
    if cx.model.zone(x).segment.is_some() {
        let own: Vec<usize> = targets
            .iter()
            .filter(|&y| cx.model.same_segment(x, ZoneId::from_index(y)))
            .collect();
        for y in own {
            targets.remove(y);
        }
    }
    targets
}

/// Whether `a` or a zone on its segment is a destination of `inv`: such a
/// source gets a closed set of its own, where those destinations are left
/// out as the invariant leaves them out.
pub(crate) fn own_in_to(model: &Model, inv: &Invariant, a: ZoneId) -> bool {
    inv.to.binary_search(&a).is_ok()
        || (model.zone(a).segment.is_some() && inv.to.iter().any(|&b| model.same_segment(a, b)))
}

fn zones(set: &Bitset) -> Vec<ZoneId> {
    set.iter().map(ZoneId::from_index).collect()
}
