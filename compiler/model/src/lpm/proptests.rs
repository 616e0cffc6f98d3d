//! The address table against a naive reference: "the longest prefix that
//! contains the address, lowest zone on a tie", scanned over every prefix.
//!
//! Prefixes are drawn from two small windows per family (one at the bottom of
//! private space, one touching the maximum address), with a few short ones
//! (up to `/0`) covering them, so nesting, adjacency and duplicates are
//! frequent. Both answers are piecewise constant with breaks only at prefix
//! and range ends, so comparing them at every end and its neighbours checks
//! every address; random probes are added on top.

use super::*;
use ipnetwork::{Ipv4Network, Ipv6Network};
use proptest::prelude::*;
use std::cmp::Reverse;

const ZONES: u32 = 6;

fn arb_v4() -> impl Strategy<Value = (ZoneId, IpNetwork)> {
    let len = prop_oneof![6 => 20u8..=32, 1 => 12u8..=19, 1 => 0u8..=11];
    (0..ZONES, any::<bool>(), 0u32..4096, len).prop_map(|(zone, top, offset, len)| {
        let base: u32 = if top { u32::MAX - 4095 } else { 0x0a00_0000 };
        let net = Ipv4Network::new(Ipv4Addr::from(base + offset), len).unwrap();
        (ZoneId(zone), IpNetwork::V4(net))
    })
}

fn arb_v6() -> impl Strategy<Value = (ZoneId, IpNetwork)> {
    let len = prop_oneof![6 => 116u8..=128, 1 => 100u8..=115, 1 => 0u8..=99];
    (0..ZONES, any::<bool>(), 0u128..4096, len).prop_map(|(zone, top, offset, len)| {
        let base: u128 = if top {
            u128::MAX - 4095
        } else {
            0x2001_0db8 << 96
        };
        let net = Ipv6Network::new(Ipv6Addr::from(base + offset), len).unwrap();
        (ZoneId(zone), IpNetwork::V6(net))
    })
}

fn arb_probe() -> impl Strategy<Value = IpAddr> {
    (any::<bool>(), any::<bool>(), any::<u16>()).prop_map(|(v6, top, offset)| {
        let offset = u32::from(offset);
        if v6 {
            let base: u128 = if top {
                u128::MAX - 8191
            } else {
                (0x2001_0db8 << 96) - 4096
            };
            IpAddr::V6(Ipv6Addr::from(base.wrapping_add(u128::from(offset))))
        } else {
            let base: u32 = if top {
                u32::MAX - 8191
            } else {
                0x0a00_0000 - 4096
            };
            IpAddr::V4(Ipv4Addr::from(base.wrapping_add(offset)))
        }
    })
}

fn naive(entries: &[(ZoneId, IpNetwork)], addr: IpAddr) -> Option<ZoneId> {
    entries
        .iter()
        .filter(|(_, net)| net.contains(addr))
        .max_by_key(|(zone, net)| (net.prefix(), Reverse(*zone)))
        .map(|(zone, _)| *zone)
}

/// An address as a number (IPv4 below 2^32), for family-blind arithmetic.
fn num(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// `addr` and its neighbours that exist in its family.
fn around(addr: IpAddr) -> Vec<IpAddr> {
    match addr {
        IpAddr::V4(a) => {
            let n = u32::from(a);
            [n.checked_sub(1), Some(n), n.checked_add(1)]
                .into_iter()
                .flatten()
                .map(|n| IpAddr::V4(n.into()))
                .collect()
        }
        IpAddr::V6(a) => {
            let n = u128::from(a);
            [n.checked_sub(1), Some(n), n.checked_add(1)]
                .into_iter()
                .flatten()
                .map(|n| IpAddr::V6(n.into()))
                .collect()
        }
    }
}

/// Every range end of the partition (both families).
fn partition_ends(t: &AddressTable) -> Vec<(IpAddr, IpAddr, ZoneId)> {
    let v4 = t
        .partition_v4()
        .iter()
        .map(|&(a, b, z)| (a.into(), b.into(), z));
    let v6 = t
        .partition_v6()
        .iter()
        .map(|&(a, b, z)| (a.into(), b.into(), z));
    v4.chain(v6).collect()
}

fn check_points(
    t: &AddressTable,
    entries: &[(ZoneId, IpNetwork)],
    probes: &[IpAddr],
) -> Result<(), TestCaseError> {
    let mut points = probes.to_vec();
    for (_, net) in entries {
        points.extend(
            around(net.network())
                .into_iter()
                .chain(around(net.broadcast())),
        );
    }
    for (first, last, _) in partition_ends(t) {
        points.extend(around(first).into_iter().chain(around(last)));
    }
    for addr in points {
        let expected = naive(entries, addr);
        prop_assert_eq!(t.lookup(addr), expected, "at {}", addr);
        for zone in (0..ZONES).map(ZoneId) {
            let owns = t.effective_ranges(zone).contains(addr);
            prop_assert_eq!(owns, expected == Some(zone), "{:?} at {}", zone, addr);
        }
    }
    Ok(())
}

/// Sorted, disjoint, non-empty, and adjacent ranges belong to different zones.
fn check_shape(segments: &[Numbered]) -> Result<(), TestCaseError> {
    for s in segments {
        prop_assert!(s.0 <= s.1, "{:?}", s);
    }
    for w in segments.windows(2) {
        prop_assert!(w[0].1 < w[1].0, "{:?}", w);
        if w[0].1 + 1 == w[1].0 {
            prop_assert_ne!(w[0].2, w[1].2, "unmerged {:?}", w);
        }
    }
    Ok(())
}

/// A partition range with family-blind ends.
type Numbered = (u128, u128, ZoneId);

/// Both partitions as numbers: (IPv4, IPv6).
fn numbered(t: &AddressTable) -> (Vec<Numbered>, Vec<Numbered>) {
    let (v4, v6): (Vec<_>, Vec<_>) = partition_ends(t)
        .into_iter()
        .map(|(a, b, z)| (a.is_ipv4(), (num(a), num(b), z)))
        .partition(|(is_v4, _)| *is_v4);
    let strip = |v: Vec<(bool, Numbered)>| v.into_iter().map(|(_, s)| s).collect();
    (strip(v4), strip(v6))
}

/// The prefixes as merged ranges; fails if two are siblings (not minimal) or
/// out of order.
fn merged(cover: &[IpNetwork]) -> Result<Vec<(u128, u128)>, TestCaseError> {
    let mut out: Vec<(u128, u128)> = Vec::new();
    for w in cover.windows(2) {
        let parent = |n: IpNetwork| n.prefix().checked_sub(1).map(|len| num(net_of(n, len)));
        let siblings = w[0].prefix() == w[1].prefix() && parent(w[0]) == parent(w[1]);
        prop_assert!(!siblings, "mergeable {} {}", w[0], w[1]);
    }
    for n in cover {
        let (first, last) = (num(n.network()), num(n.broadcast()));
        match out.last_mut() {
            Some(prev) if prev.1.checked_add(1) == Some(first) => prev.1 = last,
            Some(prev) => {
                prop_assert!(prev.1 < first, "out of order at {}", n);
                out.push((first, last));
            }
            None => out.push((first, last)),
        }
    }
    Ok(out)
}

fn net_of(n: IpNetwork, len: u8) -> IpAddr {
    IpNetwork::new(n.ip(), len).unwrap().network()
}

fn check_zone(t: &AddressTable, zone: ZoneId) -> Result<(), TestCaseError> {
    let space = t.effective_ranges(zone);
    let (p4, p6) = numbered(t);
    let v4 = space
        .v4
        .iter()
        .map(|&(a, b)| (num(a.into()), num(b.into())));
    let v6 = space
        .v6
        .iter()
        .map(|&(a, b)| (num(a.into()), num(b.into())));
    let cover4: Vec<IpNetwork> = space.v4_prefixes().into_iter().map(IpNetwork::V4).collect();
    let cover6: Vec<IpNetwork> = space.v6_prefixes().into_iter().map(IpNetwork::V6).collect();
    check_family(&p4, zone, v4.collect(), &cover4)?;
    check_family(&p6, zone, v6.collect(), &cover6)?;
    prop_assert_eq!(space.to_prefixes(), [cover4, cover6].concat());
    Ok(())
}

/// A zone's ranges of one family are its share of the partition, and its
/// prefix cover is minimal and covers exactly those ranges.
fn check_family(
    partition: &[Numbered],
    zone: ZoneId,
    ranges: Vec<(u128, u128)>,
    cover: &[IpNetwork],
) -> Result<(), TestCaseError> {
    let own: Vec<(u128, u128)> = partition
        .iter()
        .filter(|s| s.2 == zone)
        .map(|s| (s.0, s.1))
        .collect();
    prop_assert_eq!(&ranges, &own);
    prop_assert_eq!(merged(cover)?, ranges);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn table_matches_naive_scan(
        entries in prop::collection::vec(prop_oneof![3 => arb_v4(), 1 => arb_v6()], 0..24),
        probes in prop::collection::vec(arb_probe(), 0..32),
    ) {
        let t = AddressTable::from_prefixes(entries.iter().copied());
        let (p4, p6) = numbered(&t);
        check_shape(&p4)?;
        check_shape(&p6)?;
        check_points(&t, &entries, &probes)?;
        for zone in (0..ZONES).map(ZoneId) {
            check_zone(&t, zone)?;
        }
    }
}
