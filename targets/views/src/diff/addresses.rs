//! The diff by address: reachability compared per address range, where the
//! rest of the diff compares zone names. Carving a host out of its zone
//! changes no zone pair's flows by name, yet the host loses every flow of
//! its old zone; only a view by address sees that.
//!
//! The ranges are the cells of the joint partition of the two versions'
//! [`AddressTable`]s (every boundary of either), grouped by their zone on
//! each side: all cells of one group have the same flows on both sides, so
//! flows are compared per group, never per address or per cell. A group
//! whose zone name changed (moved to another zone, into a zone, or out of
//! every zone) is listed with the flows it gains and loses, to and from
//! every other group. Flows between groups whose zone kept its name are
//! exactly the zone view's opened and closed flows, so they are not listed
//! again. Inside one zone every port is allowed (the policy says nothing
//! there), so a range leaving its zone loses that traffic with the ranges
//! that stay.
//!
//! Cost: the joint partition is at most twice both partitions; each moved
//! group is compared with the groups of its zones and of their flow peers
//! only, so the work is bounded by the partition sizes times the flows.

use super::compute::grant_services;
use super::{RangeChange, RangeFlow, Side};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, Ipv6Addr};
use zonec_model::{EffectiveSpace, PortSet, ZoneId};

/// At most this many prefixes of one group are kept; the rest are counted.
pub const LISTED_RANGES: usize = 64;

/// A group's zone before and after (`None`: in no zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    before: Option<ZoneId>,
    after: Option<ZoneId>,
}

/// One piece of the joint partition: first and last address, and its key.
type Cell = (u128, u128, Key);

/// Every group whose zone name changed, with the flows it gains and loses.
pub fn range_changes(old: &Side, new: &Side) -> Vec<RangeChange> {
    let groups = groups(old, new);
    let keys: Vec<Key> = groups.keys().copied().collect();
    let index = PeerIndex::new(old, new, &keys);
    groups
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| name(old, k.before) != name(new, k.after))
        .map(|(g, (k, space))| change(old, new, &index, g, *k, space))
        .collect()
}

fn name(side: &Side, zone: Option<ZoneId>) -> Option<String> {
    zone.map(|z| side.model.zone(z).name.clone())
}

/// The joint partition's cells, by key, as address ranges.
fn groups(old: &Side, new: &Side) -> BTreeMap<Key, EffectiveSpace> {
    let v4 = |t: &zonec_model::AddressTable| -> Vec<(u128, u128, ZoneId)> {
        let w = |a: Ipv4Addr| u128::from(u32::from(a));
        t.partition_v4()
            .iter()
            .map(|&(a, b, z)| (w(a), w(b), z))
            .collect()
    };
    let v6 = |t: &zonec_model::AddressTable| -> Vec<(u128, u128, ZoneId)> {
        let w = u128::from;
        t.partition_v6()
            .iter()
            .map(|&(a, b, z)| (w(a), w(b), z))
            .collect()
    };
    let mut groups: BTreeMap<Key, EffectiveSpace> = BTreeMap::new();
    let max4 = u128::from(u32::MAX);
    for (first, last, key) in joint(&v4(old.table), &v4(new.table), max4) {
        if let (Ok(a), Ok(b)) = (u32::try_from(first), u32::try_from(last)) {
            let ranges = &mut groups.entry(key).or_default().v4;
            push_merged(ranges, Ipv4Addr::from(a), Ipv4Addr::from(b), |x| {
                u32::from(x).checked_add(1).map(Ipv4Addr::from)
            });
        }
    }
    for (first, last, key) in joint(&v6(old.table), &v6(new.table), u128::MAX) {
        let ranges = &mut groups.entry(key).or_default().v6;
        push_merged(ranges, Ipv6Addr::from(first), Ipv6Addr::from(last), |x| {
            u128::from(x).checked_add(1).map(Ipv6Addr::from)
        });
    }
    groups
}

/// Append a range, merged with the last one when adjacent.
fn push_merged<A: Copy + PartialEq>(
    ranges: &mut Vec<(A, A)>,
    first: A,
    last: A,
    succ: impl Fn(A) -> Option<A>,
) {
    if let Some(prev) = ranges.last_mut() {
        if succ(prev.1) == Some(first) {
            prev.1 = last;
            return;
        }
    }
    ranges.push((first, last));
}

/// The pieces of two sorted, disjoint partitions cut at every boundary of
/// either, each with the zone on both sides; addresses in neither are left
/// out. `max` is the family's last address.
fn joint(a: &[(u128, u128, ZoneId)], b: &[(u128, u128, ZoneId)], max: u128) -> Vec<Cell> {
    let mut bounds: Vec<u128> = a
        .iter()
        .chain(b)
        .flat_map(|s| [Some(s.0), s.1.checked_add(1).filter(|&n| n <= max)])
        .flatten()
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out = Vec::new();
    for (i, &first) in bounds.iter().enumerate() {
        let last = bounds
            .get(i + 1)
            .and_then(|n| n.checked_sub(1))
            .unwrap_or(max);
        let key = Key {
            before: find(a, first),
            after: find(b, first),
        };
        if key.before.is_some() || key.after.is_some() {
            out.push((first, last, key));
        }
    }
    out
}

fn find(segments: &[(u128, u128, ZoneId)], addr: u128) -> Option<ZoneId> {
    let after = segments.partition_point(|s| s.0 <= addr);
    let s = segments.get(after.checked_sub(1)?)?;
    (addr <= s.1).then_some(s.2)
}

/// Which groups hold each zone, and which zones each zone has a flow with.
struct PeerIndex {
    keys: Vec<Key>,
    by_before: BTreeMap<ZoneId, Vec<usize>>,
    by_after: BTreeMap<ZoneId, Vec<usize>>,
    peers_before: BTreeMap<ZoneId, BTreeSet<ZoneId>>,
    peers_after: BTreeMap<ZoneId, BTreeSet<ZoneId>>,
}

impl PeerIndex {
    fn new(old: &Side, new: &Side, keys: &[Key]) -> PeerIndex {
        let mut by_before: BTreeMap<ZoneId, Vec<usize>> = BTreeMap::new();
        let mut by_after: BTreeMap<ZoneId, Vec<usize>> = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(z) = k.before {
                by_before.entry(z).or_default().push(i);
            }
            if let Some(z) = k.after {
                by_after.entry(z).or_default().push(i);
            }
        }
        PeerIndex {
            keys: keys.to_vec(),
            by_before,
            by_after,
            peers_before: peers(old),
            peers_after: peers(new),
        }
    }

    /// The groups a group may have a flow with on either side: those of its
    /// own zones and of their flow peers, in key order, itself left out.
    fn candidates(&self, g: usize) -> BTreeSet<usize> {
        let Some(key) = self.keys.get(g) else {
            return BTreeSet::new();
        };
        let mut out = BTreeSet::new();
        let sides = [
            (key.before, &self.peers_before, &self.by_before),
            (key.after, &self.peers_after, &self.by_after),
        ];
        for (zone, peers, holders) in sides {
            let Some(zone) = zone else { continue };
            let zones =
                std::iter::once(zone).chain(peers.get(&zone).into_iter().flatten().copied());
            for z in zones {
                out.extend(holders.get(&z).into_iter().flatten().copied());
            }
        }
        out.remove(&g);
        out
    }
}

/// For each zone, the zones it has an allowed flow to or from.
fn peers(side: &Side) -> BTreeMap<ZoneId, BTreeSet<ZoneId>> {
    let mut out: BTreeMap<ZoneId, BTreeSet<ZoneId>> = BTreeMap::new();
    for ((a, b), _) in side.effective.allowed_flows() {
        out.entry(a).or_default().insert(b);
        out.entry(b).or_default().insert(a);
    }
    out
}

/// Group `g` (with `key` and `space`): the flows it gains and loses.
fn change(
    old: &Side,
    new: &Side,
    index: &PeerIndex,
    g: usize,
    key: Key,
    space: &EffectiveSpace,
) -> RangeChange {
    let prefixes = space.to_prefixes();
    let (mut gained, mut lost) = (Vec::new(), Vec::new());
    for h in index.candidates(g) {
        let Some(&peer) = index.keys.get(h) else {
            continue;
        };
        for direction in ["to", "from"] {
            let (src, dst) = if direction == "to" {
                (key, peer)
            } else {
                (peer, key)
            };
            let (was, was_inside) = ports(old, src.before, dst.before);
            let (now, now_inside) = ports(new, src.after, dst.after);
            let flow = |side: &Side,
                        src: Option<ZoneId>,
                        dst: Option<ZoneId>,
                        ports: &PortSet,
                        inside: bool| RangeFlow {
                direction,
                peer_before: name(old, peer.before),
                peer_after: name(new, peer.after),
                ports: ports.to_string(),
                services: match (src, dst, inside) {
                    (Some(a), Some(b), false) => grant_services(side, a, b, ports),
                    _ => Vec::new(),
                },
                inside: inside
                    .then(|| src.map(|z| side.model.zone(z).name.clone()))
                    .flatten(),
            };
            let plus = now.subtract(&was);
            if !plus.is_empty() {
                gained.push(flow(new, src.after, dst.after, &plus, now_inside));
            }
            let minus = was.subtract(&now);
            if !minus.is_empty() {
                lost.push(flow(old, src.before, dst.before, &minus, was_inside));
            }
        }
    }
    RangeChange {
        prefix_count: prefixes.len(),
        ranges: prefixes
            .iter()
            .take(LISTED_RANGES)
            .map(|p| p.to_string())
            .collect(),
        before: name(old, key.before),
        after: name(new, key.after),
        gained,
        lost,
    }
}

/// What one side allows from one zone to another, and whether that is the
/// traffic inside one zone (every port); nothing where an end is in no zone.
fn ports(side: &Side, a: Option<ZoneId>, b: Option<ZoneId>) -> (PortSet, bool) {
    match (a, b) {
        (Some(a), Some(b)) if a == b => (PortSet::any(), true),
        (Some(a), Some(b)) => (side.effective.allowed(a, b), false),
        _ => (PortSet::empty(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z(i: usize) -> ZoneId {
        ZoneId::from_index(i)
    }

    fn key(before: Option<usize>, after: Option<usize>) -> Key {
        Key {
            before: before.map(z),
            after: after.map(z),
        }
    }

    #[test]
    fn the_joint_partition_cuts_at_every_boundary_of_either_side() {
        let old = [(0, 99, z(0)), (200, 255, z(1))];
        let new = [(0, 9, z(0)), (10, 10, z(2)), (11, 149, z(0))];
        assert_eq!(
            joint(&old, &new, 255),
            [
                (0, 9, key(Some(0), Some(0))),
                (10, 10, key(Some(0), Some(2))),
                (11, 99, key(Some(0), Some(0))),
                (100, 149, key(None, Some(0))),
                (200, 255, key(Some(1), None)),
            ]
        );
    }

    #[test]
    fn the_last_address_of_the_family_ends_a_cell() {
        let all = [(0, u128::MAX, z(0))];
        let host = [(7, 7, z(1))];
        assert_eq!(
            joint(&all, &host, u128::MAX),
            [
                (0, 6, key(Some(0), None)),
                (7, 7, key(Some(0), Some(1))),
                (8, u128::MAX, key(Some(0), None)),
            ]
        );
        assert!(joint(&[], &[], u128::MAX).is_empty());
    }
}
