//! Verdict maps keyed by a packet's address, and how nft spells ranges.
//!
//! Every zone range of a map is one element. An interval map (`flags
//! interval`) takes any ranges, but nft turns each element into a pair of
//! bounds, sorts them and checks them for overlap, and the kernel keeps both
//! bounds in a tree: an interval element costs the load about twice what a
//! hash element costs. So when every element of a map is one prefix of the
//! same length (the usual `/24` or `/64` per zone), the map is a plain hash
//! map keyed by the network address, and the rule masks the packet's
//! address to that length before the lookup
//! (`ip daddr & 255.255.255.0 vmap @out4_S`). Both forms give every address
//! the same verdict: the mask turns an address into the key of the one
//! prefix of that length that holds it, and only the map's own prefixes are
//! keys. The per-packet lookup is a hash instead of a tree walk.

use super::addr_text;
use super::text::{push_comment_clause, Text};
use super::Family;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

/// One range of addresses and what a packet from or to it meets.
pub(crate) struct Element {
    pub first: IpAddr,
    pub last: IpAddr,
    /// Sanitised when written; empty for none.
    pub comment: String,
    /// Shared: many elements of a map meet the same verdict.
    pub verdict: Arc<str>,
}

/// A verdict map over addresses of one family, in address order.
pub(crate) struct AddrMap {
    name: String,
    family: Family,
    /// The prefix length every element has, when the map is a hash map.
    prefix: Option<u32>,
    elements: Vec<Element>,
}

impl AddrMap {
    pub(crate) fn new(name: String, family: Family, elements: Vec<Element>) -> AddrMap {
        let prefix = common_prefix(&elements);
        AddrMap {
            name,
            family,
            prefix,
            elements,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.elements.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The map's block (nothing for an empty map: nft refuses an empty
    /// element list, and no rule names such a map).
    pub(crate) fn write(&self, out: &mut Text) {
        if self.is_empty() {
            return;
        }
        out.open(format!("map {}", self.name));
        out.line(format!("type {} : verdict", self.family.addr_type()));
        if self.prefix.is_none() {
            out.line("flags interval");
        }
        out.elements_with(&self.elements, |buf, e| {
            match self.prefix {
                Some(_) => push_address(buf, e.first),
                None => push_range(buf, e.first, e.last),
            }
            push_comment_clause(buf, &e.comment);
            buf.push_str(" : ");
            buf.push_str(&e.verdict);
        });
        out.close();
    }

    /// The rule that looks `selector` (`ip daddr`, `ip6 saddr`) up in the map.
    pub(crate) fn lookup(&self, selector: &str) -> String {
        match self.prefix.and_then(|len| mask(self.family, len)) {
            Some(mask) => format!("{selector} & {mask} vmap @{}", self.name),
            None => format!("{selector} vmap @{}", self.name),
        }
    }
}

/// The length shared by every element if each is exactly one prefix of it
/// (not `/0`: a map of the whole space is one interval).
fn common_prefix(elements: &[Element]) -> Option<u32> {
    let mut lengths = elements.iter().map(|e| prefix_of(e.first, e.last));
    let first = lengths.next()??;
    (first > 0 && lengths.all(|l| l == Some(first))).then_some(first)
}

/// The netmask of a prefix length, or `None` for a full-length prefix
/// (the address is the key as it is).
pub(crate) fn mask(family: Family, len: u32) -> Option<IpAddr> {
    match family {
        Family::V4 if len < 32 => Some(Ipv4Addr::from(u32::MAX << (32 - len)).into()),
        Family::V6 if len < 128 => Some(Ipv6Addr::from(u128::MAX << (128 - len)).into()),
        _ => None,
    }
}

/// An address as a number (IPv4 in the low 32 bits).
pub(crate) fn number(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The nft form of an inclusive range: `a`, `a/len` when it is exactly one
/// prefix, else `a-b`.
pub(crate) fn range_text(first: IpAddr, last: IpAddr) -> String {
    let mut out = String::new();
    push_range(&mut out, first, last);
    out
}

/// Append [`range_text`]`(first, last)` to `out`.
fn push_range(out: &mut String, first: IpAddr, last: IpAddr) {
    push_address(out, first);
    if first == last {
        return;
    }
    match prefix_of(first, last) {
        Some(len) => {
            let _ = write!(out, "/{len}");
        }
        None => {
            out.push('-');
            push_address(out, last);
        }
    }
}

/// Append an address as nft (and Rust) print it.
fn push_address(out: &mut String, a: IpAddr) {
    addr_text::push(out, a);
}

/// The length of the prefix that is exactly `first..=last`, if there is one.
fn prefix_of(first: IpAddr, last: IpAddr) -> Option<u32> {
    let bits = match (first, last) {
        (IpAddr::V4(_), IpAddr::V4(_)) => 32,
        (IpAddr::V6(_), IpAddr::V6(_)) => 128,
        _ => return None,
    };
    let (lo, hi) = (number(first), number(last));
    let span = hi.checked_sub(lo)?;
    let host_bits = match span.checked_add(1) {
        None => 128,
        Some(n) if n.is_power_of_two() => n.trailing_zeros(),
        Some(_) => return None,
    };
    let aligned = host_bits == 128 || lo.trailing_zeros() >= host_bits;
    (aligned && host_bits <= bits).then(|| bits - host_bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(first: &str, last: &str) -> Element {
        Element {
            first: first.parse().unwrap(),
            last: last.parse().unwrap(),
            comment: String::new(),
            verdict: Arc::from("accept"),
        }
    }

    fn render(map: &AddrMap) -> String {
        let mut out = Text::new();
        map.write(&mut out);
        out.finish()
    }

    #[test]
    fn ranges_print_as_prefixes_when_they_are_one() {
        for (first, last, text) in [
            ("10.0.0.0", "10.0.255.255", "10.0.0.0/16"),
            ("10.0.0.0", "10.0.4.255", "10.0.0.0-10.0.4.255"),
            ("10.0.1.0", "10.0.2.255", "10.0.1.0-10.0.2.255"),
            ("10.0.0.7", "10.0.0.7", "10.0.0.7"),
            ("0.0.0.0", "255.255.255.255", "0.0.0.0/0"),
            ("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0"),
            ("fd00::", "fd00::ffff", "fd00::/112"),
            (
                "::",
                "fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            ),
        ] {
            let e = element(first, last);
            assert_eq!(range_text(e.first, e.last), text);
        }
    }

    #[test]
    fn prefixes_of_one_length_make_a_hash_map_looked_up_through_a_mask() {
        let map = AddrMap::new(
            "out4_a".into(),
            Family::V4,
            vec![
                element("10.0.1.0", "10.0.1.255"),
                element("10.0.3.0", "10.0.3.255"),
            ],
        );
        assert_eq!(
            map.lookup("ip daddr"),
            "ip daddr & 255.255.255.0 vmap @out4_a"
        );
        let text = render(&map);
        assert!(!text.contains("flags interval"), "{text}");
        assert!(
            text.contains("\t\t10.0.1.0 : accept,\n\t\t10.0.3.0 : accept\n"),
            "{text}"
        );

        let map = AddrMap::new(
            "in6_b".into(),
            Family::V6,
            vec![element("fd00:1::", "fd00:1::ffff:ffff:ffff:ffff")],
        );
        assert_eq!(
            map.lookup("ip6 saddr"),
            "ip6 saddr & ffff:ffff:ffff:ffff:: vmap @in6_b"
        );
        let hosts = AddrMap::new(
            "h".into(),
            Family::V4,
            vec![
                element("10.0.0.1", "10.0.0.1"),
                element("10.0.0.9", "10.0.0.9"),
            ],
        );
        assert_eq!(hosts.lookup("ip saddr"), "ip saddr vmap @h");
        assert!(!render(&hosts).contains("interval"));
    }

    #[test]
    fn mixed_lengths_and_ranges_stay_an_interval_map() {
        for elements in [
            vec![
                element("10.0.1.0", "10.0.1.255"),
                element("10.0.9.0", "10.0.9.31"),
            ],
            vec![element("10.0.1.0", "10.0.2.255")],
            vec![element("0.0.0.0", "255.255.255.255")],
        ] {
            let map = AddrMap::new("m".into(), Family::V4, elements);
            assert_eq!(map.lookup("ip daddr"), "ip daddr vmap @m");
            assert!(render(&map).contains("flags interval"));
        }
    }
}
