//! `addresses.csv`: the policy's longest-prefix table as the exact CIDR
//! cover of each zone's effective space (its prefixes minus the nested
//! prefixes of other zones), so the prefixes of the table are disjoint
//! and an address matches at most one. Each line also carries the
//! prefix's first and last address as fixed-width lowercase hex (8
//! digits for IPv4, 32 for IPv6), which compare as strings in address
//! order: the Spark query joins an address on `first <= a <= last`, the
//! longest prefix winning should a hand-edited table overlap.

use crate::classify::Policy;
use std::fmt::Write;
use zonec_escape::csv::field;

pub const HEADER: &str = "family,first,last,length,prefix,zone_id,zone\n";

/// The table, by family, then address.
pub fn csv(p: Policy) -> String {
    let mut lines: Vec<(u8, String, String)> = Vec::new();
    for (zone, space) in p.analysis.addresses.spaces() {
        let name = field(&p.model.zone(zone).name);
        let mut push = |family: u8, (first, last): (String, String), len: u8, net: String| {
            let tail = format!("{len},{net},{},{name}", zone.index());
            lines.push((family, first.clone(), format!("{first},{last},{tail}")));
        };
        for net in space.v4_prefixes() {
            let ip = u32::from(net.ip());
            push(4, v4(ip, net.prefix()), net.prefix(), net.to_string());
        }
        for net in space.v6_prefixes() {
            let ip = u128::from(net.ip());
            push(6, v6(ip, net.prefix()), net.prefix(), net.to_string());
        }
    }
    lines.sort();
    let mut out = String::from(HEADER);
    for (family, _, rest) in lines {
        let _ = writeln!(out, "{family},{rest}");
    }
    out
}

/// First and last address of an IPv4 prefix, as hex.
fn v4(ip: u32, len: u8) -> (String, String) {
    let host = u32::MAX.checked_shr(u32::from(len)).unwrap_or(0);
    (format!("{:08x}", ip & !host), format!("{:08x}", ip | host))
}

/// First and last address of an IPv6 prefix, as hex.
fn v6(ip: u128, len: u8) -> (String, String) {
    let host = u128::MAX.checked_shr(u32::from(len)).unwrap_or(0);
    (
        format!("{:032x}", ip & !host),
        format!("{:032x}", ip | host),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_the_prefix() {
        assert_eq!(v4(0x0a14_0000, 16), ("0a140000".into(), "0a14ffff".into()));
        assert_eq!(v4(0, 0), ("00000000".into(), "ffffffff".into()));
        assert_eq!(v4(0x0a00_0001, 32), ("0a000001".into(), "0a000001".into()));
        let (first, last) = v6(0xfd00_0020 << 96, 48);
        assert_eq!(first, "fd000020000000000000000000000000");
        assert_eq!(last, "fd0000200000ffffffffffffffffffff");
        assert_eq!(v6(0, 0).1, "f".repeat(32));
    }
}
