//! Traffic inside one zone, for zones that share a class.
//!
//! The language allows every packet between two addresses of one zone. A
//! class of one zone says so in its own destination map (its ranges →
//! `accept`). A class of several zones cannot: its map gives the class's
//! own ranges the verdict of the class's flow between two distinct zones
//! of it (`allow any -> any : ssh` allows ssh from one zone to another),
//! which is not the verdict between two addresses of the same zone. So the
//! forward chain accepts same-zone traffic of those zones first, in one
//! lookup of the pair (source, destination):
//!
//! - A zone whose ranges of a family are a few prefixes of one length `L`
//!   puts every pair of them in the named set `same4_L` (`same6_L`), keyed
//!   by the concatenation of both addresses masked to `L`:
//!   `ip saddr & 255.255.255.0 . ip daddr & 255.255.255.0 @same4_24 accept`.
//!   It is a hash set, one element per zone with one prefix: linear in the
//!   zones, no anonymous set, one rule per prefix length in use.
//! - Any other zone (many ranges, or prefixes of several lengths: a zone
//!   with nested zones cut out of it) gets a chain `same_Z`, reached from
//!   the map `same4` (`same6`) on the destination address, that accepts its
//!   own sources: a rule per range, or one lookup in the named interval set
//!   `same4_Z` when it has more than [`MAX_INLINE`] ranges.
//!
//! Nothing is written for a class whose flow inside itself is every port:
//! its map already accepts its own ranges.

use super::addr_map::{mask, number, range_text, AddrMap, Element};
use super::classes::Classes;
use super::classify::Partition;
use super::names::Names;
use super::text::Text;
use super::Family;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_model::ZoneId;

/// Most prefixes of one zone in a same-zone set: it holds every ordered
/// pair of them, so a zone of `n` prefixes costs `n²` elements.
const MAX_PREFIXES: usize = 4;

/// Most ranges a same-zone chain checks one rule each; more are a set.
const MAX_INLINE: usize = 16;

/// Inclusive address ranges.
type Ranges = Vec<(IpAddr, IpAddr)>;

/// How same-zone traffic of shared classes is accepted.
#[derive(Default)]
pub(crate) struct SameZone {
    /// Pairs of prefixes of one zone, by family and prefix length.
    sets: BTreeMap<(Family, u32), BTreeSet<(IpAddr, IpAddr)>>,
    /// Zones with a chain of their own: their ranges, per family.
    chains: BTreeMap<ZoneId, Vec<(Family, Ranges)>>,
}

impl SameZone {
    pub(crate) fn new(classes: &Classes, partition: &Partition) -> SameZone {
        let open: BTreeSet<_> = classes
            .flows()
            .filter(|((c, d), f)| c == d && f.ports.is_any())
            .map(|((c, _), _)| c)
            .collect();
        let mut same = SameZone::default();
        for class in classes.partition().classes() {
            let members = classes.partition().members(class);
            if members.len() < 2 || open.contains(&class) {
                continue;
            }
            for &zone in members {
                for family in Family::ALL {
                    same.add(zone, family, partition);
                }
            }
        }
        same
    }

    fn add(&mut self, zone: ZoneId, family: Family, partition: &Partition) {
        let ranges: Ranges = partition
            .ranges_of([zone], family)
            .iter()
            .map(|s| (s.first, s.last))
            .collect();
        if ranges.is_empty() {
            return;
        }
        match uniform_prefixes(&ranges, family) {
            Some((len, prefixes)) => {
                let set = self.sets.entry((family, len)).or_default();
                for &a in &prefixes {
                    set.extend(prefixes.iter().map(|&b| (a, b)));
                }
            }
            None => self.chains.entry(zone).or_default().push((family, ranges)),
        }
    }

    /// Write the sets, maps and chains; the rules `forward` runs.
    pub(crate) fn write(&self, out: &mut Text, names: &Names) -> Vec<String> {
        let mut rules = Vec::new();
        if !self.sets.is_empty() {
            out.comment("Traffic inside one zone of a class of several zones: pairs of its");
            out.comment("prefixes, both addresses masked to the prefix length.");
        }
        for (&(family, len), pairs) in &self.sets {
            let name = format!("same{}_{len}", family.digit());
            out.open(format!("set {name}"));
            let t = family.addr_type();
            out.line(format!("type {t} . {t}"));
            let elements: Vec<String> = pairs.iter().map(|(a, b)| format!("{a} . {b}")).collect();
            out.elements(&elements);
            out.close();
            out.blank();
            let key = |selector: &str| match mask(family, len) {
                Some(m) => format!("{selector} & {m}"),
                None => selector.to_string(),
            };
            rules.push(format!(
                "{} . {} @{name} accept",
                key(family.saddr()),
                key(family.daddr())
            ));
        }
        for (&zone, families) in &self.chains {
            out.comment(&format!("Traffic inside {}.", names.zone(zone)));
            let mut lines = Vec::new();
            for (family, ranges) in families {
                lines.extend(self.source_rules(out, names, zone, *family, ranges));
            }
            out.open(format!("chain {}", names.same_chain(zone)));
            for line in lines {
                out.line(line);
            }
            out.close();
            out.blank();
        }
        for family in Family::ALL {
            let elements: Vec<Element> = self
                .chains
                .iter()
                .flat_map(|(&zone, families)| {
                    let verdict: std::sync::Arc<str> =
                        format!("jump {}", names.same_chain(zone)).into();
                    families
                        .iter()
                        .filter(move |(f, _)| *f == family)
                        .flat_map(|(_, ranges)| ranges.iter())
                        .map(move |&(first, last)| Element {
                            first,
                            last,
                            comment: String::new(),
                            verdict: verdict.clone(),
                        })
                })
                .collect();
            if elements.is_empty() {
                continue;
            }
            let mut elements = elements;
            elements.sort_by_key(|e| e.first);
            let map = AddrMap::new(format!("same{}", family.digit()), family, elements);
            out.comment(&format!(
                "Destinations in a zone checked by its own chain, {}.",
                family.name()
            ));
            map.write(out);
            out.blank();
            rules.push(map.lookup(family.daddr()));
        }
        rules
    }

    /// The rules of a same-zone chain that accept sources in `ranges`.
    fn source_rules(
        &self,
        out: &mut Text,
        names: &Names,
        zone: ZoneId,
        family: Family,
        ranges: &[(IpAddr, IpAddr)],
    ) -> Vec<String> {
        if ranges.len() <= MAX_INLINE {
            return ranges
                .iter()
                .map(|&(a, b)| format!("{} {} accept", family.saddr(), range_text(a, b)))
                .collect();
        }
        let set = names.same_set(zone, family);
        out.open(format!("set {set}"));
        out.line(format!("type {}", family.addr_type()));
        out.line("flags interval");
        let elements: Vec<String> = ranges.iter().map(|&(a, b)| range_text(a, b)).collect();
        out.elements(&elements);
        out.close();
        vec![format!("{} @{set} accept", family.saddr())]
    }
}

/// The prefixes that make up `ranges`, if there are at most
/// [`MAX_PREFIXES`] and all have one length.
fn uniform_prefixes(ranges: &[(IpAddr, IpAddr)], family: Family) -> Option<(u32, Vec<IpAddr>)> {
    let bits = match family {
        Family::V4 => 32,
        Family::V6 => 128,
    };
    let mut prefixes = Vec::new();
    for &(first, last) in ranges {
        let (mut lo, hi) = (number(first), number(last));
        loop {
            if prefixes.len() >= MAX_PREFIXES {
                return None;
            }
            let host = largest_block(lo, hi, bits);
            prefixes.push((lo, bits - host));
            let size_minus_one = if host >= 128 {
                u128::MAX
            } else {
                (1u128 << host) - 1
            };
            match lo.checked_add(size_minus_one) {
                Some(end) if end < hi => lo = end + 1,
                _ => break,
            }
        }
    }
    let len = prefixes.first()?.1;
    if prefixes.iter().any(|&(_, l)| l != len) || len == 0 {
        return None;
    }
    let addrs = prefixes
        .iter()
        .map(|&(n, _)| address(n, family))
        .collect::<Option<Vec<_>>>()?;
    Some((len, addrs))
}

/// Host bits of the largest aligned block that starts at `lo` and ends at
/// or before `hi`.
fn largest_block(lo: u128, hi: u128, bits: u32) -> u32 {
    let mut host = lo.trailing_zeros().min(bits);
    while host > 0 {
        let size_minus_one = if host >= 128 {
            u128::MAX
        } else {
            (1u128 << host) - 1
        };
        if lo.checked_add(size_minus_one).is_some_and(|end| end <= hi) {
            break;
        }
        host -= 1;
    }
    host
}

fn address(n: u128, family: Family) -> Option<IpAddr> {
    match family {
        Family::V4 => u32::try_from(n).ok().map(|n| Ipv4Addr::from(n).into()),
        Family::V6 => Some(Ipv6Addr::from(n).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_made_of_few_prefixes_of_one_length_are_uniform() {
        let one = [(ip("10.0.1.0"), ip("10.0.1.255"))];
        assert_eq!(
            uniform_prefixes(&one, Family::V4),
            Some((24, vec![ip("10.0.1.0")]))
        );
        let two = [(ip("10.0.1.0"), ip("10.0.2.255"))];
        assert_eq!(
            uniform_prefixes(&two, Family::V4),
            Some((24, vec![ip("10.0.1.0"), ip("10.0.2.0")]))
        );
        let mixed = [(ip("10.0.0.0"), ip("10.0.2.255"))];
        assert_eq!(
            uniform_prefixes(&mixed, Family::V4),
            None,
            "a /23 and a /24"
        );
        let many = [(ip("10.0.1.0"), ip("10.0.5.255"))];
        assert_eq!(uniform_prefixes(&many, Family::V4), None);
        let all = [(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))];
        assert_eq!(uniform_prefixes(&all, Family::V6), None, "no /0 key");
        let host = [(ip("10.0.0.7"), ip("10.0.0.7"))];
        assert_eq!(
            uniform_prefixes(&host, Family::V4),
            Some((32, vec![ip("10.0.0.7")]))
        );
    }
}
