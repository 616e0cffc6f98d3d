//! Port sets. All traffic the language can name lives on one line of
//! "points" so that a service is a sorted list of disjoint intervals and every
//! set operation is a linear merge:
//!
//! | protocol | points |
//! |---|---|
//! | TCP port p | `p` (0..=65535) |
//! | UDP port p | `65536 + p` |
//! | ICMP type t | `131072 + t` (0..=255) |
//! | ICMPv6 type t | `131328 + t` |
//! | every other IP protocol | `131584` |
//!
//! `any` is the whole line. Interval ends are inclusive.

use serde::Serialize;
use std::fmt;

pub const TCP_BASE: u32 = 0;
pub const UDP_BASE: u32 = 65_536;
pub const ICMP_BASE: u32 = 131_072;
pub const ICMPV6_BASE: u32 = 131_328;
pub const OTHER_POINT: u32 = 131_584;
pub const MAX_POINT: u32 = OTHER_POINT;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Any IP protocol other than the four above (only reachable via `any`).
    Other,
}

impl Proto {
    pub const ALL: [Proto; 5] = [
        Proto::Tcp,
        Proto::Udp,
        Proto::Icmp,
        Proto::Icmpv6,
        Proto::Other,
    ];

    /// The points this protocol occupies.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            Proto::Tcp => (TCP_BASE, TCP_BASE + 65_535),
            Proto::Udp => (UDP_BASE, UDP_BASE + 65_535),
            Proto::Icmp => (ICMP_BASE, ICMP_BASE + 255),
            Proto::Icmpv6 => (ICMPV6_BASE, ICMPV6_BASE + 255),
            Proto::Other => (OTHER_POINT, OTHER_POINT),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
            Proto::Icmpv6 => "icmpv6",
            Proto::Other => "other",
        }
    }

    /// The protocol a point belongs to, and the port or type within it.
    pub fn of_point(p: u32) -> (Proto, u32) {
        for proto in Proto::ALL {
            let (lo, hi) = proto.bounds();
            if (lo..=hi).contains(&p) {
                return (proto, p - lo);
            }
        }
        (Proto::Other, 0)
    }
}

/// ICMP type names the language accepts, with their numbers (RFC 792, RFC 4443).
pub const ICMP_TYPES: &[(&str, u8)] = &[
    ("echo-reply", 0),
    ("destination-unreachable", 3),
    ("source-quench", 4),
    ("redirect", 5),
    ("echo-request", 8),
    ("router-advertisement", 9),
    ("router-solicitation", 10),
    ("time-exceeded", 11),
    ("parameter-problem", 12),
    ("timestamp-request", 13),
    ("timestamp-reply", 14),
    ("info-request", 15),
    ("info-reply", 16),
    ("address-mask-request", 17),
    ("address-mask-reply", 18),
];

pub const ICMPV6_TYPES: &[(&str, u8)] = &[
    ("destination-unreachable", 1),
    ("packet-too-big", 2),
    ("time-exceeded", 3),
    ("parameter-problem", 4),
    ("echo-request", 128),
    ("echo-reply", 129),
    ("mld-listener-query", 130),
    ("mld-listener-report", 131),
    ("mld-listener-done", 132),
    ("nd-router-solicit", 133),
    ("nd-router-advert", 134),
    ("nd-neighbor-solicit", 135),
    ("nd-neighbor-advert", 136),
    ("nd-redirect", 137),
    ("router-renumbering", 138),
    ("mld2-listener-report", 143),
];

/// The name of an ICMP (`v6 == false`) or ICMPv6 type number, if it has one.
pub fn icmp_type_name(v6: bool, t: u32) -> Option<&'static str> {
    let table = if v6 { ICMPV6_TYPES } else { ICMP_TYPES };
    table
        .iter()
        .find(|(_, n)| u32::from(*n) == t)
        .map(|(s, _)| *s)
}

/// A set of points as sorted, disjoint, non-adjacent inclusive intervals.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortSet {
    ranges: Vec<(u32, u32)>,
}

impl PortSet {
    pub fn empty() -> PortSet {
        PortSet::default()
    }

    pub fn any() -> PortSet {
        PortSet::range(0, MAX_POINT)
    }

    /// Points `lo..=hi` (empty if `lo > hi`).
    pub fn range(lo: u32, hi: u32) -> PortSet {
        if lo > hi {
            return PortSet::empty();
        }
        PortSet {
            ranges: vec![(lo, hi.min(MAX_POINT))],
        }
    }

    pub fn proto(proto: Proto) -> PortSet {
        let (lo, hi) = proto.bounds();
        PortSet::range(lo, hi)
    }

    /// Ports `lo..=hi` of one protocol (ports or types, not points).
    pub fn ports(proto: Proto, lo: u32, hi: u32) -> PortSet {
        let (base, top) = proto.bounds();
        PortSet::range(base + lo, (base + hi).min(top))
    }

    pub fn from_ranges(ranges: impl IntoIterator<Item = (u32, u32)>) -> PortSet {
        let mut v: Vec<(u32, u32)> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (lo, hi) in v {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        PortSet { ranges: out }
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn is_any(&self) -> bool {
        self.ranges == [(0, MAX_POINT)]
    }

    pub fn contains(&self, p: u32) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < p {
                    std::cmp::Ordering::Less
                } else if lo > p {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// Number of points in the set.
    pub fn size(&self) -> u64 {
        self.ranges.iter().map(|(a, b)| u64::from(b - a) + 1).sum()
    }

    /// The union of many sets at once: one sort of all their ranges, so
    /// a list of 65,536 single ports costs a sort, not 65,536 merges.
    pub fn union_all<'a>(sets: impl IntoIterator<Item = &'a PortSet>) -> PortSet {
        PortSet::from_ranges(sets.into_iter().flat_map(|s| s.ranges.iter().copied()))
    }

    pub fn union(&self, other: &PortSet) -> PortSet {
        PortSet::from_ranges(self.ranges.iter().chain(other.ranges.iter()).copied())
    }

    pub fn intersect(&self, other: &PortSet) -> PortSet {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a0, a1) = self.ranges[i];
            let (b0, b1) = other.ranges[j];
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if lo <= hi {
                out.push((lo, hi));
            }
            if a1 < b1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        PortSet { ranges: out }
    }

    pub fn complement(&self) -> PortSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_POINT && self.ranges.last().is_none_or(|r| r.1 != MAX_POINT) {
            out.push((next, MAX_POINT));
        }
        PortSet { ranges: out }
    }

    pub fn subtract(&self, other: &PortSet) -> PortSet {
        self.intersect(&other.complement())
    }

    pub fn is_subset(&self, other: &PortSet) -> bool {
        self.subtract(other).is_empty()
    }

    pub fn overlaps(&self, other: &PortSet) -> bool {
        !self.intersect(other).is_empty()
    }

    /// The set split by protocol: `(proto, [(port_lo, port_hi)])` with ports
    /// (or ICMP types) relative to the protocol, protocols in [`Proto::ALL`] order.
    pub fn by_proto(&self) -> Vec<(Proto, Vec<(u32, u32)>)> {
        let mut out = Vec::new();
        for proto in Proto::ALL {
            let (base, _) = proto.bounds();
            let part = self.intersect(&PortSet::proto(proto));
            if !part.is_empty() {
                out.push((
                    proto,
                    part.ranges
                        .iter()
                        .map(|(a, b)| (a - base, b - base))
                        .collect(),
                ));
            }
        }
        out
    }
}

impl fmt::Display for PortSet {
    /// Written in the language's own port syntax: `tcp/443, udp/53, icmp/echo-request`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        if self.is_empty() {
            return f.write_str("nothing");
        }
        let mut parts = Vec::new();
        for (proto, ranges) in self.by_proto() {
            let (_, top) = proto.bounds();
            let (base, _) = proto.bounds();
            let whole = ranges == [(0, top - base)];
            match proto {
                Proto::Other => parts.push("other protocols".to_string()),
                _ if whole => parts.push(proto.name().to_string()),
                Proto::Tcp | Proto::Udp => {
                    for (lo, hi) in ranges {
                        if lo == hi {
                            parts.push(format!("{}/{}", proto.name(), lo));
                        } else {
                            parts.push(format!("{}/{}-{}", proto.name(), lo, hi));
                        }
                    }
                }
                Proto::Icmp | Proto::Icmpv6 => {
                    let v6 = proto == Proto::Icmpv6;
                    for (lo, hi) in ranges {
                        for t in lo..=hi {
                            match icmp_type_name(v6, t) {
                                Some(n) => parts.push(format!("{}/{}", proto.name(), n)),
                                None => parts.push(format!("{}/type-{}", proto.name(), t)),
                            }
                        }
                    }
                }
            }
        }
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(s: &PortSet, p: u32) -> bool {
        s.ranges().iter().any(|&(a, b)| a <= p && p <= b)
    }

    fn arb_set() -> impl Strategy<Value = PortSet> {
        proptest::collection::vec((0u32..400, 0u32..40), 0..6)
            .prop_map(|v| PortSet::from_ranges(v.into_iter().map(|(a, l)| (a, a + l))))
    }

    proptest! {
        #[test]
        fn set_ops_match_pointwise(a in arb_set(), b in arb_set()) {
            let (u, i, d) = (a.union(&b), a.intersect(&b), a.subtract(&b));
            for p in 0..460 {
                prop_assert_eq!(naive(&u, p), naive(&a, p) || naive(&b, p));
                prop_assert_eq!(naive(&i, p), naive(&a, p) && naive(&b, p));
                prop_assert_eq!(naive(&d, p), naive(&a, p) && !naive(&b, p));
                prop_assert_eq!(a.contains(p), naive(&a, p));
            }
        }
    }

    #[test]
    fn display_uses_language_syntax() {
        let s = PortSet::ports(Proto::Tcp, 443, 443)
            .union(&PortSet::ports(Proto::Udp, 53, 53))
            .union(&PortSet::ports(Proto::Icmp, 8, 8));
        assert_eq!(s.to_string(), "tcp/443, udp/53, icmp/echo-request");
        assert_eq!(PortSet::any().to_string(), "any");
        assert_eq!(PortSet::any().complement(), PortSet::empty());
        assert_eq!(PortSet::empty().complement(), PortSet::any());
    }
}
