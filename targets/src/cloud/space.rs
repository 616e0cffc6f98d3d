//! Each zone's effective address space as exact CIDR prefixes per family.
//! Security groups and firewall rules cannot subtract, so a zone whose
//! prefix contains nested zones is written as the exact complement prefixes
//! (the `/16` minus the nested `/24` is eight prefixes, never the `/16`).
//!
//! Until the model's longest-prefix table (`model::lpm`) lands, this module
//! computes the spaces itself: an address belongs to the zone whose prefix
//! is the longest that contains it, so a prefix owns itself minus every
//! strictly more specific prefix inside it.

use ipnetwork::{IpNetwork, Ipv4Network, Ipv6Network};
use std::collections::BTreeMap;
use zonec_compiler::model::{Model, ZoneId};

/// A zone's effective prefixes, each family in address order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZoneSpace {
    pub v4: Vec<Ipv4Network>,
    pub v6: Vec<Ipv6Network>,
}

impl ZoneSpace {
    pub fn has(&self, family: Family) -> bool {
        match family {
            Family::V4 => !self.v4.is_empty(),
            Family::V6 => !self.v6.is_empty(),
        }
    }

    /// The prefixes of one family, as text.
    pub fn cidrs(&self, family: Family) -> Vec<String> {
        match family {
            Family::V4 => self.v4.iter().map(ToString::to_string).collect(),
            Family::V6 => self.v6.iter().map(ToString::to_string).collect(),
        }
    }
}

/// IPv4 or IPv6: rules that name addresses name one family.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub const BOTH: [Family; 2] = [Family::V4, Family::V6];

    /// `v4` / `v6`, for resource names.
    pub fn short(self) -> &'static str {
        match self {
            Family::V4 => "v4",
            Family::V6 => "v6",
        }
    }

    /// The whole address space of the family.
    pub fn everything(self) -> &'static str {
        match self {
            Family::V4 => "0.0.0.0/0",
            Family::V6 => "::/0",
        }
    }
}

/// Every zone's effective space.
#[derive(Clone, Debug, Default)]
pub struct Spaces {
    zones: BTreeMap<ZoneId, ZoneSpace>,
}

impl Spaces {
    pub fn new(model: &Model) -> Spaces {
        let all: Vec<(ZoneId, IpNetwork)> = model
            .zone_ids()
            .zip(&model.zones)
            .flat_map(|(id, z)| z.prefixes.iter().map(move |p| (id, p.net)))
            .collect();
        let mut zones: BTreeMap<ZoneId, ZoneSpace> = BTreeMap::new();
        for id in model.zone_ids() {
            let v4 = cover(owned(&all, id, 32, to_v4), 32).into_iter();
            let v6 = cover(owned(&all, id, 128, to_v6), 128).into_iter();
            let space = ZoneSpace {
                v4: v4.filter_map(|(a, l)| Ipv4Network::new((a as u32).into(), l).ok()).collect(),
                v6: v6.filter_map(|(a, l)| Ipv6Network::new(a.into(), l).ok()).collect(),
            };
            zones.insert(id, space);
        }
        Spaces { zones }
    }

    pub fn zone(&self, id: ZoneId) -> &ZoneSpace {
        static EMPTY: ZoneSpace = ZoneSpace {
            v4: Vec::new(),
            v6: Vec::new(),
        };
        self.zones.get(&id).unwrap_or(&EMPTY)
    }
}

/// A prefix as an inclusive integer range within a family of `bits` bits.
type Range = (u128, u128);

fn to_v4(net: &IpNetwork) -> Option<(u128, u8)> {
    match net {
        IpNetwork::V4(n) => Some((u128::from(u32::from(n.network())), n.prefix())),
        IpNetwork::V6(_) => None,
    }
}

fn to_v6(net: &IpNetwork) -> Option<(u128, u8)> {
    match net {
        IpNetwork::V6(n) => Some((u128::from(n.network()), n.prefix())),
        IpNetwork::V4(_) => None,
    }
}

fn range(addr: u128, len: u8, bits: u8) -> Range {
    (addr, addr | host_mask(len, bits))
}

/// The host bits of a prefix of length `len` in a `bits`-bit family.
fn host_mask(len: u8, bits: u8) -> u128 {
    let host = u32::from(bits.saturating_sub(len));
    if host >= 128 {
        u128::MAX
    } else {
        (1u128 << host) - 1
    }
}

/// The sorted, merged ranges one zone owns in one family.
fn owned(
    all: &[(ZoneId, IpNetwork)],
    zone: ZoneId,
    bits: u8,
    family: fn(&IpNetwork) -> Option<(u128, u8)>,
) -> Vec<Range> {
    let nets: Vec<(ZoneId, u128, u8)> = all
        .iter()
        .filter_map(|(z, n)| family(n).map(|(a, l)| (*z, a, l)))
        .collect();
    let mut out = Vec::new();
    for &(z, addr, len) in &nets {
        if z != zone {
            continue;
        }
        let outer = range(addr, len, bits);
        let holes: Vec<Range> = nets
            .iter()
            .filter(|&&(_, a, l)| l > len && outer.0 <= a && a <= outer.1)
            .map(|&(_, a, l)| range(a, l, bits))
            .collect();
        out.extend(subtract(outer, holes));
    }
    merge(out)
}

fn subtract(outer: Range, mut holes: Vec<Range>) -> Vec<Range> {
    holes.sort_unstable();
    let mut out = Vec::new();
    let mut cursor = Some(outer.0);
    for (lo, hi) in holes {
        if let Some(c) = cursor {
            if lo > c {
                out.push((c, lo - 1));
            }
            if hi >= c {
                cursor = if hi >= outer.1 { None } else { Some(hi + 1) };
            }
        }
    }
    if let Some(c) = cursor {
        out.push((c, outer.1));
    }
    out
}

fn merge(mut ranges: Vec<Range>) -> Vec<Range> {
    ranges.sort_unstable();
    let mut out: Vec<Range> = Vec::new();
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The minimal prefixes covering the ranges exactly: at each step the
/// largest aligned block that starts at the cursor and fits.
fn cover(ranges: Vec<Range>, bits: u8) -> Vec<(u128, u8)> {
    let mut out = Vec::new();
    for (lo, hi) in ranges {
        let mut cur = lo;
        loop {
            let mut len = bits;
            while len > 0 {
                let mask = host_mask(len - 1, bits);
                if cur & mask != 0 || (cur | mask) > hi {
                    break;
                }
                len -= 1;
            }
            out.push((cur, len));
            let (_, last) = range(cur, len, bits);
            if last >= hi {
                break;
            }
            cur = last + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidrs(ranges: Vec<Range>) -> Vec<(u128, u8)> {
        cover(merge(ranges), 32)
    }

    #[test]
    fn nested_prefix_leaves_exact_complement() {
        // 10.0.0.0/16 minus 10.0.1.0/24: /24 .0, then /23 .2-.3, /22, ... /17
        let outer = range(0x0A00_0000, 16, 32);
        let hole = range(0x0A00_0100, 24, 32);
        let cover = cidrs(subtract(outer, vec![hole]));
        let lens: Vec<u8> = cover.iter().map(|c| c.1).collect();
        assert_eq!(lens, vec![24, 23, 22, 21, 20, 19, 18, 17]);
    }

    #[test]
    fn whole_space_minus_nothing_is_one_prefix() {
        assert_eq!(cover(vec![range(0, 0, 32)], 32), vec![(0, 0)]);
        assert_eq!(cover(vec![range(0, 0, 128)], 128), vec![(0, 0)]);
    }
}
