//! Membership: which zone an address belongs to. The spec says an address
//! belongs to the zone whose prefix is the longest that contains it, so zones
//! may nest (a /24 zone inside a /16 zone takes the /24's addresses).
//!
//! [`AddressTable`] answers that once for the whole address space: it sweeps
//! every zone prefix into a partition of sorted, disjoint ranges, each owned
//! by one zone (IPv4 and IPv6 separately), then
//! - [`AddressTable::lookup`] is a binary search over the partition
//!   ([`AddressTable::lookup_prefix`] also names the prefix that matched);
//! - [`AddressTable::partition_v4`] / [`AddressTable::partition_v6`] are the
//!   partition itself, for interval maps (nftables);
//! - [`AddressTable::effective_ranges`] is one zone's share of it, with the exact
//!   CIDR cover for targets that cannot subtract (cloud security groups).
//!
//! Addresses are `u32` / `u128` inside (`word.rs`), std address types outside
//! (their order is the integer order, so the partition is searched as is).

mod cidr;
mod space;
mod sweep;
mod word;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use space::EffectiveSpace;

use super::{Model, Prefix, ZoneId};
use ipnetwork::IpNetwork;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use sweep::{partition, Segment};
use word::Word;

/// The longest-prefix-match table of a policy's zones.
#[derive(Clone, Debug, Default)]
pub struct AddressTable {
    v4: Vec<(Ipv4Addr, Ipv4Addr, ZoneId)>,
    v6: Vec<(Ipv6Addr, Ipv6Addr, ZoneId)>,
    spaces: BTreeMap<ZoneId, EffectiveSpace>,
}

/// The space of a zone that owns no address.
static EMPTY: EffectiveSpace = EffectiveSpace {
    v4: Vec::new(),
    v6: Vec::new(),
};

impl AddressTable {
    /// The table of every prefix of every zone of `model`.
    pub fn new(model: &Model) -> AddressTable {
        let prefixes = model
            .zone_ids()
            .zip(&model.zones)
            .flat_map(|(id, zone)| zone.prefixes.iter().map(move |prefix| (id, prefix.net)));
        AddressTable::from_prefixes(prefixes)
    }

    /// The table of the given `(zone, prefix)` pairs. Host bits of a prefix
    /// are ignored. Identical prefixes of two zones (which the resolver
    /// rejects) go to the lower zone id.
    pub fn from_prefixes(prefixes: impl IntoIterator<Item = (ZoneId, IpNetwork)>) -> AddressTable {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for (zone, net) in prefixes {
            match net {
                IpNetwork::V4(n) => v4.push(block(u32::from(n.ip()), n.prefix(), zone)),
                IpNetwork::V6(n) => v6.push(block(u128::from(n.ip()), n.prefix(), zone)),
            }
        }
        let v4 = to_ips(partition(v4));
        let v6 = to_ips(partition(v6));
        let spaces = spaces(&v4, &v6);
        AddressTable { v4, v6, spaces }
    }

    /// The zone `addr` belongs to, if any prefix contains it.
    pub fn lookup(&self, addr: IpAddr) -> Option<ZoneId> {
        match addr {
            IpAddr::V4(a) => self.lookup_v4(a),
            IpAddr::V6(a) => self.lookup_v6(a),
        }
    }

    /// The zone `addr` belongs to and the prefix that gives it that zone:
    /// the longest of the zone's prefixes that contains it. `model` is the
    /// model the table was built from ([`AddressTable::new`]).
    pub fn lookup_prefix<'m>(
        &self,
        model: &'m Model,
        addr: IpAddr,
    ) -> Option<(ZoneId, &'m Prefix)> {
        let zone = self.lookup(addr)?;
        let prefixes = &model.zones.get(zone.index())?.prefixes;
        let longest = prefixes
            .iter()
            .filter(|p| p.net.contains(addr))
            .max_by_key(|p| p.net.prefix())?;
        Some((zone, longest))
    }

    pub fn lookup_v4(&self, addr: Ipv4Addr) -> Option<ZoneId> {
        find(&self.v4, addr)
    }

    pub fn lookup_v6(&self, addr: Ipv6Addr) -> Option<ZoneId> {
        find(&self.v6, addr)
    }

    /// Every IPv4 address that belongs to a zone, as inclusive
    /// `(first, last, zone)` ranges: sorted, disjoint, adjacent ranges of the
    /// same zone merged. Addresses in no prefix are in no range.
    pub fn partition_v4(&self) -> &[(Ipv4Addr, Ipv4Addr, ZoneId)] {
        &self.v4
    }

    /// The IPv6 counterpart of [`AddressTable::partition_v4`].
    pub fn partition_v6(&self) -> &[(Ipv6Addr, Ipv6Addr, ZoneId)] {
        &self.v6
    }

    /// The addresses `zone` owns under longest-prefix match (empty for a
    /// zone without prefixes or one entirely shadowed by nested zones).
    pub fn effective_ranges(&self, zone: ZoneId) -> &EffectiveSpace {
        self.spaces.get(&zone).unwrap_or(&EMPTY)
    }

    /// Every zone that owns at least one address, with its space, by id.
    pub fn spaces(&self) -> impl Iterator<Item = (ZoneId, &EffectiveSpace)> {
        self.spaces.iter().map(|(&zone, space)| (zone, space))
    }
}

fn block<W: Word>(addr: W, len: u8, zone: ZoneId) -> Segment<W> {
    let (first, last) = addr.block(len);
    (first, last, zone)
}

fn to_ips<W: Word>(segments: Vec<Segment<W>>) -> Vec<(W::Ip, W::Ip, ZoneId)> {
    segments
        .into_iter()
        .map(|(first, last, zone)| (first.to_ip(), last.to_ip(), zone))
        .collect()
}

fn find<A: Ord + Copy>(segments: &[(A, A, ZoneId)], addr: A) -> Option<ZoneId> {
    let after = segments.partition_point(|s| s.0 <= addr);
    let segment = segments.get(after.checked_sub(1)?)?;
    (addr <= segment.1).then_some(segment.2)
}

/// Split the partitions by zone; each zone's ranges stay in address order.
fn spaces(
    v4: &[(Ipv4Addr, Ipv4Addr, ZoneId)],
    v6: &[(Ipv6Addr, Ipv6Addr, ZoneId)],
) -> BTreeMap<ZoneId, EffectiveSpace> {
    let mut spaces: BTreeMap<ZoneId, EffectiveSpace> = BTreeMap::new();
    for &(first, last, zone) in v4 {
        spaces.entry(zone).or_default().v4.push((first, last));
    }
    for &(first, last, zone) in v6 {
        spaces.entry(zone).or_default().v6.push((first, last));
    }
    spaces
}
