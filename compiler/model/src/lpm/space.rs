//! A zone's effective address space: the addresses that longest-prefix match
//! gives to it (its prefixes minus the nested prefixes of other zones), as
//! sorted, disjoint, maximal inclusive ranges per family, and the exact CIDR
//! prefixes covering them for targets that only speak prefixes.

use super::cidr::cover_into;
use super::word::Word;
use ipnetwork::{IpNetwork, Ipv4Network, Ipv6Network};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The addresses of one zone. Ranges are inclusive, sorted, disjoint and
/// never adjacent (adjacent ranges are merged).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EffectiveSpace {
    pub v4: Vec<(Ipv4Addr, Ipv4Addr)>,
    pub v6: Vec<(Ipv6Addr, Ipv6Addr)>,
}

impl EffectiveSpace {
    /// No address at all: the zone has no prefix, or nested prefixes of
    /// other zones cover all of them.
    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty()
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        match addr {
            IpAddr::V4(a) => in_ranges(&self.v4, a),
            IpAddr::V6(a) => in_ranges(&self.v6, a),
        }
    }

    /// The minimal IPv4 prefixes whose union is exactly the IPv4 ranges,
    /// in address order.
    pub fn v4_prefixes(&self) -> Vec<Ipv4Network> {
        cover_ranges::<u32>(&self.v4)
    }

    /// The minimal IPv6 prefixes whose union is exactly the IPv6 ranges,
    /// in address order.
    pub fn v6_prefixes(&self) -> Vec<Ipv6Network> {
        cover_ranges::<u128>(&self.v6)
    }

    /// Both covers, IPv4 first, each in address order.
    pub fn to_prefixes(&self) -> Vec<IpNetwork> {
        let v4 = self.v4_prefixes().into_iter().map(IpNetwork::V4);
        let v6 = self.v6_prefixes().into_iter().map(IpNetwork::V6);
        v4.chain(v6).collect()
    }
}

fn in_ranges<A: Ord + Copy>(ranges: &[(A, A)], addr: A) -> bool {
    let after = ranges.partition_point(|r| r.0 <= addr);
    after
        .checked_sub(1)
        .and_then(|i| ranges.get(i))
        .is_some_and(|r| addr <= r.1)
}

fn cover_ranges<W: Word>(ranges: &[(W::Ip, W::Ip)]) -> Vec<W::Net> {
    let mut out = Vec::new();
    for &(first, last) in ranges {
        cover_into(W::from_ip(first), W::from_ip(last), &mut out);
    }
    out
}
