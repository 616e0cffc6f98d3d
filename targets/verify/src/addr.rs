//! Addresses as numbers: an IPv4 or IPv6 address is a `u128` of its family,
//! a set of addresses a list of inclusive intervals. A lookup through a
//! prefix mask (`ip daddr & 255.255.255.0 vmap @m`) is rewritten here into
//! plain intervals of the unmasked address, so the evaluator and the atoms
//! of the address space never see a mask.

use std::net::IpAddr;

/// An address family.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fam {
    V4,
    V6,
}

impl Fam {
    pub const ALL: [Fam; 2] = [Fam::V4, Fam::V6];

    /// The largest address of the family.
    pub fn max(self) -> u128 {
        match self {
            Fam::V4 => u128::from(u32::MAX),
            Fam::V6 => u128::MAX,
        }
    }

    /// The address `n` of this family, as text.
    pub fn show(self, n: u128) -> String {
        match self {
            Fam::V4 => u32::try_from(n)
                .map(|v| std::net::Ipv4Addr::from(v).to_string())
                .unwrap_or_default(),
            Fam::V6 => std::net::Ipv6Addr::from(n).to_string(),
        }
    }
}

/// An inclusive interval of addresses of one family.
pub type Interval = (u128, u128);

/// Parse an address of `fam`.
pub fn parse(fam: Fam, text: &str) -> Option<u128> {
    match (fam, text.parse::<IpAddr>().ok()?) {
        (Fam::V4, IpAddr::V4(a)) => Some(u128::from(u32::from(a))),
        (Fam::V6, IpAddr::V6(a)) => Some(u128::from(a)),
        _ => None,
    }
}

/// The interval of a prefix `addr/len`.
pub fn prefix(fam: Fam, addr: u128, len: u32) -> Option<Interval> {
    let bits = bits(fam);
    if len > bits {
        return None;
    }
    let host = host_mask(fam, len);
    Some((addr & !host, (addr & !host) | host))
}

fn bits(fam: Fam) -> u32 {
    match fam {
        Fam::V4 => 32,
        Fam::V6 => 128,
    }
}

/// The host part of a prefix of length `len`, within the family.
fn host_mask(fam: Fam, len: u32) -> u128 {
    let bits = bits(fam);
    let host_bits = bits.saturating_sub(len);
    if host_bits == 0 {
        0
    } else if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    }
}

/// The prefix length of a mask, when it is one (ones, then zeros).
pub fn mask_len(fam: Fam, mask: u128) -> Option<u32> {
    let bits = bits(fam);
    (0..=bits).find(|&len| !host_mask(fam, len) & fam.max() == mask)
}

/// The addresses `x` with `x & mask` in `[lo, hi]`, for a prefix mask of
/// length `len`: an interval, since masking is monotone.
pub fn unmask(fam: Fam, len: u32, (lo, hi): Interval) -> Option<Interval> {
    let host = host_mask(fam, len);
    let start = if lo & host == 0 {
        lo
    } else {
        (lo & !host).checked_add(host)?.checked_add(1)?
    };
    let end = (hi & !host) | host;
    (start <= end && end <= fam.max()).then_some((start, end))
}

/// The index of the interval of `sorted` (sorted, disjoint) holding `x`.
pub fn find(sorted: &[Interval], x: u128) -> Option<usize> {
    let i = sorted.partition_point(|&(_, hi)| hi < x);
    sorted.get(i).filter(|&&(lo, _)| lo <= x).map(|_| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmask_widens_a_network_address_to_its_block() {
        let a = parse(Fam::V4, "10.0.1.0").unwrap();
        let b = parse(Fam::V4, "10.0.1.255").unwrap();
        assert_eq!(unmask(Fam::V4, 24, (a, a)), Some((a, b)));
        let c = parse(Fam::V4, "10.0.1.7").unwrap();
        assert_eq!(unmask(Fam::V4, 24, (c, c)), None, "no x masks to a host");
        assert_eq!(
            mask_len(Fam::V4, parse(Fam::V4, "255.255.255.0").unwrap()),
            Some(24)
        );
        assert_eq!(
            mask_len(Fam::V4, parse(Fam::V4, "255.0.255.0").unwrap()),
            None
        );
        let m6 = parse(Fam::V6, "ffff:ffff:ffff:ffff::").unwrap();
        assert_eq!(mask_len(Fam::V6, m6), Some(64));
    }

    #[test]
    fn find_locates_the_interval() {
        let s = [(1, 3), (7, 9)];
        assert_eq!(find(&s, 2), Some(0));
        assert_eq!(find(&s, 5), None);
        assert_eq!(find(&s, 9), Some(1));
        assert_eq!(find(&s, 10), None);
    }
}
