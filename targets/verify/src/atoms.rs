//! Atoms: the address space of one family cut into ranges that every rule
//! of a deployed configuration treats alike (the policy's partition,
//! refined by every address range the configuration names), each with its
//! zone. One representative address answers for a whole atom, so the
//! router's and the clouds' comparisons evaluate atom pairs, not addresses.

use crate::addr::{Fam, Interval};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_model::{AddressTable, ZoneId};

/// An address range that every rule treats alike, and its zone.
#[derive(Copy, Clone, Debug)]
pub struct Atom {
    pub fam: Fam,
    pub range: Interval,
    pub zone: Option<ZoneId>,
}

impl Atom {
    /// The address that stands for the atom, one a probe can send from or
    /// to where the atom has one: not the first of a range of three or
    /// more (a network address), and past the blocks Linux will not route
    /// (0/8, 127/8; IPv6 below 2000::) when the atom reaches beyond them.
    pub fn host(&self) -> u128 {
        let fam = self.fam;
        let (lo, hi) = self.range;
        let first = if hi - lo >= 2 { lo + 1 } else { lo };
        let routable: &[u128] = match fam {
            Fam::V4 => &[0x0100_0001, 0x8000_0001],
            Fam::V6 => &[0x2000_u128 << 112 | 1],
        };
        let martian = |a: u128| match fam {
            Fam::V4 => a >> 24 == 0 || a >> 24 == 127,
            Fam::V6 => a < 0x2000_u128 << 112,
        };
        if !martian(first) {
            return first;
        }
        routable
            .iter()
            .copied()
            .find(|&a| a > first && a <= hi && !martian(a))
            .unwrap_or(first)
    }
}

/// The atoms of `fam`: the policy's partition cut at every range of `named`.
pub fn cut(addresses: &AddressTable, fam: Fam, named: Vec<Interval>) -> Vec<Atom> {
    let mut starts: Vec<u128> = vec![0];
    let mut cut = |(lo, hi): Interval| {
        starts.push(lo);
        if hi < fam.max() {
            starts.push(hi + 1);
        }
    };
    match fam {
        Fam::V4 => addresses
            .partition_v4()
            .iter()
            .for_each(|&(lo, hi, _)| cut((u128::from(u32::from(lo)), u128::from(u32::from(hi))))),
        Fam::V6 => addresses
            .partition_v6()
            .iter()
            .for_each(|&(lo, hi, _)| cut((u128::from(lo), u128::from(hi)))),
    }
    named.into_iter().for_each(cut);
    starts.sort_unstable();
    starts.dedup();
    let ends = starts.iter().skip(1).map(|s| s - 1).chain([fam.max()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&lo, hi)| Atom {
            fam,
            range: (lo, hi),
            zone: addresses.lookup(ip(fam, lo)),
        })
        .collect()
}

fn ip(fam: Fam, n: u128) -> IpAddr {
    match fam {
        Fam::V4 => IpAddr::V4(Ipv4Addr::from(u32::try_from(n).unwrap_or_default())),
        Fam::V6 => IpAddr::V6(Ipv6Addr::from(n)),
    }
}
