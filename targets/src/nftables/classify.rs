//! Zone classification: which zone a packet's address belongs to.
//!
//! The longest-prefix-match partition (disjoint, sorted ranges, each owned
//! by one zone) becomes interval maps per address family: from source
//! address to `goto from_ZONE` (`src4`, `src6`), and from destination
//! address to `jump to_ZONE` (`dst4`, `dst6`, only for zones that check some
//! pairs on their side). nft interval maps reject overlapping elements, so
//! the partition, not the zones' prefixes, is what goes in: a /24 nested in
//! a /16 is its own element and the /16 is split around it.

use super::names::Names;
use super::text::Text;
use super::Family;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_compiler::model::ZoneId;

/// One range of the partition: every address in `first..=last` belongs to `zone`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub first: IpAddr,
    pub last: IpAddr,
    pub zone: ZoneId,
}

/// The partition of both families, sorted by address, with an index from
/// zone to its ranges.
#[derive(Clone, Debug, Default)]
pub(crate) struct Partition {
    v4: Vec<Segment>,
    v6: Vec<Segment>,
    /// Positions in `v4` / `v6` of each zone's ranges, ascending.
    by_zone: BTreeMap<(ZoneId, Family), Vec<usize>>,
}

impl Partition {
    pub(crate) fn new(
        v4: &[(Ipv4Addr, Ipv4Addr, ZoneId)],
        v6: &[(Ipv6Addr, Ipv6Addr, ZoneId)],
    ) -> Partition {
        let seg = |first: IpAddr, last: IpAddr, zone| Segment { first, last, zone };
        let v4: Vec<Segment> = v4
            .iter()
            .map(|&(a, b, z)| seg(a.into(), b.into(), z))
            .collect();
        let v6: Vec<Segment> = v6
            .iter()
            .map(|&(a, b, z)| seg(a.into(), b.into(), z))
            .collect();
        let mut by_zone: BTreeMap<(ZoneId, Family), Vec<usize>> = BTreeMap::new();
        for (family, segments) in [(Family::V4, &v4), (Family::V6, &v6)] {
            for (i, s) in segments.iter().enumerate() {
                by_zone.entry((s.zone, family)).or_default().push(i);
            }
        }
        Partition { v4, v6, by_zone }
    }

    pub(crate) fn family(&self, family: Family) -> &[Segment] {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }

    /// Whether `zone` owns any address of `family`.
    pub(crate) fn has_space(&self, zone: ZoneId, family: Family) -> bool {
        self.by_zone.contains_key(&(zone, family))
    }

    /// How many ranges `zone` owns in `family`.
    pub(crate) fn count(&self, zone: ZoneId, family: Family) -> usize {
        self.by_zone.get(&(zone, family)).map_or(0, Vec::len)
    }

    /// The ranges of every zone in `zones`, in address order.
    pub(crate) fn ranges_of(
        &self,
        zones: impl IntoIterator<Item = ZoneId>,
        family: Family,
    ) -> Vec<&Segment> {
        let mut positions: Vec<usize> = zones
            .into_iter()
            .filter_map(|z| self.by_zone.get(&(z, family)))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        let all = self.family(family);
        positions.iter().filter_map(|&i| all.get(i)).collect()
    }
}

/// The nft form of an inclusive range: `a`, `a/len` when it is exactly one
/// prefix, else `a-b`.
pub(crate) fn range_text(first: IpAddr, last: IpAddr) -> String {
    let (lo, hi, bits) = match (first, last) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        _ => return format!("{first}-{last}"),
    };
    if lo == hi {
        return first.to_string();
    }
    match prefix_len(lo, hi, bits) {
        Some(len) => format!("{first}/{len}"),
        None => format!("{first}-{last}"),
    }
}

/// The length of the prefix that is exactly `lo..=hi`, if there is one.
fn prefix_len(lo: u128, hi: u128, bits: u32) -> Option<u32> {
    let span = hi.checked_sub(lo)?;
    let size = span.checked_add(1);
    let host_bits = match size {
        None => 128,
        Some(n) if n.is_power_of_two() => n.trailing_zeros(),
        Some(_) => return None,
    };
    let aligned = host_bits == 128 || lo.trailing_zeros() >= host_bits;
    (aligned && host_bits <= bits).then(|| bits - host_bits)
}

/// The source-classification map of one family: `src4` or `src6`.
pub(crate) fn src_map_name(family: Family) -> String {
    format!("src{}", family.digit())
}

/// The destination-classification map of one family: `dst4` or `dst6`.
pub(crate) fn dst_map_name(family: Family) -> String {
    format!("dst{}", family.digit())
}

/// Write the map from source address to `goto from_ZONE`.
pub(crate) fn write_src_map(out: &mut Text, partition: &Partition, names: &Names, family: Family) {
    let what = format!("Source zone of {} packets", family.name());
    let verdict = |zone| Some(format!("goto {}", names.source_chain(zone)));
    write_map(
        out,
        &src_map_name(family),
        &what,
        partition.family(family),
        family,
        verdict,
    );
}

/// Write the map from destination address to `jump to_ZONE`, for the
/// zones in `zones` (those that check some pairs as destination).
pub(crate) fn write_dst_map(
    out: &mut Text,
    partition: &Partition,
    names: &Names,
    family: Family,
    zones: &BTreeSet<ZoneId>,
) {
    let what = format!(
        "Destination zone of {} packets, for zones that check sources",
        family.name()
    );
    let verdict = |zone| {
        zones
            .contains(&zone)
            .then(|| format!("jump {}", names.dest_chain(zone)))
    };
    write_map(
        out,
        &dst_map_name(family),
        &what,
        partition.family(family),
        family,
        verdict,
    );
}

fn write_map(
    out: &mut Text,
    name: &str,
    what: &str,
    segments: &[Segment],
    family: Family,
    verdict: impl Fn(ZoneId) -> Option<String>,
) {
    let elements: Vec<String> = segments
        .iter()
        .filter_map(|s| {
            Some(format!(
                "{} : {}",
                range_text(s.first, s.last),
                verdict(s.zone)?
            ))
        })
        .collect();
    if elements.is_empty() {
        return;
    }
    let n = elements.len();
    out.comment(&format!(
        "{what}: {n} {}, longest prefix match already resolved.",
        plural(n, "range")
    ));
    out.open(format!("map {name}"));
    out.line(format!("type {} : verdict", family.addr_type()));
    out.line("flags interval");
    out.elements(&elements);
    out.close();
    out.blank();
}

/// `1 range`, `2 ranges`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> IpAddr {
        IpAddr::V4(s.parse().unwrap())
    }

    fn v6(s: &str) -> IpAddr {
        IpAddr::V6(s.parse().unwrap())
    }

    #[test]
    fn ranges_print_as_prefixes_when_they_are_one() {
        assert_eq!(
            range_text(v4("10.0.0.0"), v4("10.0.255.255")),
            "10.0.0.0/16"
        );
        assert_eq!(
            range_text(v4("10.0.0.0"), v4("10.0.4.255")),
            "10.0.0.0-10.0.4.255"
        );
        assert_eq!(
            range_text(v4("10.0.1.0"), v4("10.0.2.255")),
            "10.0.1.0-10.0.2.255"
        );
        assert_eq!(range_text(v4("10.0.0.7"), v4("10.0.0.7")), "10.0.0.7");
        assert_eq!(
            range_text(v4("0.0.0.0"), v4("255.255.255.255")),
            "0.0.0.0/0"
        );
        assert_eq!(
            range_text(v6("::"), v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
            "::/0"
        );
        assert_eq!(range_text(v6("fd00::"), v6("fd00::ffff")), "fd00::/112");
        assert_eq!(
            range_text(v6("::"), v6("fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
            "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
        );
    }
}
