//! Allowed port sets split into what cloud rules can name: all protocols,
//! TCP and UDP port ranges, ICMP and ICMPv6 types, and "every other IP
//! protocol". Only the points that can occur on the traffic a rule matches
//! count: an IPv4 rule never sees ICMPv6, an IPv6 rule never sees ICMP.

use super::space::Family;
use zonec_model::{PortSet, Proto};

/// The points traffic of the given families can carry.
pub fn relevant(families: &[Family]) -> PortSet {
    let mut set = PortSet::empty();
    for family in families {
        let foreign = match family {
            Family::V4 => PortSet::proto(Proto::Icmpv6),
            Family::V6 => PortSet::proto(Proto::Icmp),
        };
        set = set.union(&PortSet::any().subtract(&foreign));
    }
    set
}

/// How much of one ICMP protocol a set holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Icmp {
    None,
    All,
    /// Some types, not all: `(first, last)` type ranges.
    Types(Vec<(u32, u32)>),
}

impl Icmp {
    fn of(set: &PortSet, proto: Proto) -> Icmp {
        let part = set.intersect(&PortSet::proto(proto));
        if part.is_empty() {
            Icmp::None
        } else if part == PortSet::proto(proto) {
            Icmp::All
        } else {
            let base = proto.bounds().0;
            Icmp::Types(
                part.ranges()
                    .iter()
                    .map(|(a, b)| (a - base, b - base))
                    .collect(),
            )
        }
    }

    pub fn is_none(&self) -> bool {
        *self == Icmp::None
    }
}

/// A set of points within a relevant set, by protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The set is the whole relevant set: one "all protocols" rule says it.
    pub all: bool,
    pub tcp: Vec<(u32, u32)>,
    pub udp: Vec<(u32, u32)>,
    pub icmp: Icmp,
    pub icmpv6: Icmp,
    /// Other IP protocols (neither TCP, UDP, ICMP nor ICMPv6) are allowed.
    pub other: bool,
}

impl Split {
    /// `set` restricted to `relevant`, split by protocol.
    pub fn new(set: &PortSet, relevant: &PortSet) -> Split {
        let set = set.intersect(relevant);
        let ports = |proto: Proto| -> Vec<(u32, u32)> {
            let base = proto.bounds().0;
            let part = set.intersect(&PortSet::proto(proto));
            part.ranges()
                .iter()
                .map(|(a, b)| (a - base, b - base))
                .collect()
        };
        Split {
            all: !relevant.is_empty() && set == *relevant,
            tcp: ports(Proto::Tcp),
            udp: ports(Proto::Udp),
            icmp: Icmp::of(&set, Proto::Icmp),
            icmpv6: Icmp::of(&set, Proto::Icmpv6),
            other: set.contains(Proto::Other.bounds().0),
        }
    }
}

/// For vocabularies with priorities and deny rules (Azure, GCP): the allow
/// part and, when the set holds "every other IP protocol" without being
/// everything, the deny part that carves the rest out of an allow-all
/// (denies are evaluated first). `None` for the deny part when no deny is
/// needed.
pub fn allow_and_deny(set: &PortSet, relevant: &PortSet) -> (Split, Option<Split>) {
    let split = Split::new(set, relevant);
    if split.all || !split.other {
        return (split, None);
    }
    let everything = Split::new(relevant, relevant);
    let rest = Split::new(&relevant.subtract(set), relevant);
    (everything, Some(rest))
}

/// The ICMP part of a split for a vocabulary that matches every type of an
/// ICMP protocol or none: `Some(true)` every type of every relevant ICMP
/// protocol in `protos`, `Some(false)` none, `None` anything in between.
pub fn whole_icmp(split: &Split, protos: &[Proto], relevant: &PortSet) -> Option<bool> {
    let parts: Vec<&Icmp> = protos
        .iter()
        .filter(|p| relevant.overlaps(&PortSet::proto(**p)))
        .map(|p| {
            if *p == Proto::Icmp {
                &split.icmp
            } else {
                &split.icmpv6
            }
        })
        .collect();
    if parts.iter().all(|p| **p == Icmp::All) && !parts.is_empty() {
        Some(true)
    } else if parts.iter().all(|p| p.is_none()) {
        Some(false)
    } else {
        None
    }
}

/// A TCP/UDP range as clouds write it: `443` or `8000-8100`.
pub fn range_text((lo, hi): (u32, u32)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}

/// The set `proto` ports `ranges` denote, for descriptions.
pub fn set_of(proto: Proto, ranges: &[(u32, u32)]) -> PortSet {
    PortSet::from_ranges(ranges.iter().map(|&(a, b)| {
        let base = proto.bounds().0;
        (base + a, base + b)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_rules_ignore_icmpv6() {
        let v4 = relevant(&[Family::V4]);
        let all_but_v6 = PortSet::any().subtract(&PortSet::proto(Proto::Icmpv6));
        assert!(Split::new(&all_but_v6, &v4).all);
        assert!(!Split::new(&all_but_v6, &relevant(&Family::BOTH)).all);
    }

    #[test]
    fn splits_by_protocol() {
        let set = PortSet::ports(Proto::Tcp, 443, 443)
            .union(&PortSet::ports(Proto::Tcp, 8000, 8100))
            .union(&PortSet::ports(Proto::Icmp, 8, 8));
        let split = Split::new(&set, &relevant(&Family::BOTH));
        assert_eq!(split.tcp, vec![(443, 443), (8000, 8100)]);
        assert_eq!(split.icmp, Icmp::Types(vec![(8, 8)]));
        assert!(split.udp.is_empty() && split.icmpv6.is_none() && !split.other && !split.all);
    }
}

/// One protocol part of a cloud rule: the provider's word for the protocol,
/// the destination port ranges (empty: every port) and the points covered.
#[derive(Clone, Debug)]
pub struct Clause {
    pub protocol: &'static str,
    pub ports: Vec<String>,
    pub set: PortSet,
}

/// How a provider names protocols, and which ICMP protocols its ICMP word
/// matches (as a whole: neither Azure nor GCP can match single types).
pub struct Vocabulary {
    pub all: &'static str,
    pub tcp: &'static str,
    pub udp: &'static str,
    pub icmp: &'static str,
    pub icmp_protos: &'static [Proto],
}

/// The clauses of a split in a provider's vocabulary; `Err` when the split
/// allows only some ICMP types.
pub fn clauses(split: &Split, relevant: &PortSet, words: &Vocabulary) -> Result<Vec<Clause>, ()> {
    if split.all {
        return Ok(vec![Clause {
            protocol: words.all,
            ports: Vec::new(),
            set: relevant.clone(),
        }]);
    }
    let mut out = Vec::new();
    for (proto, name, ranges) in [
        (Proto::Tcp, words.tcp, &split.tcp),
        (Proto::Udp, words.udp, &split.udp),
    ] {
        if !ranges.is_empty() {
            out.push(Clause {
                protocol: name,
                ports: ranges.iter().map(|&r| range_text(r)).collect(),
                set: set_of(proto, ranges),
            });
        }
    }
    match whole_icmp(split, words.icmp_protos, relevant) {
        Some(true) => out.push(Clause {
            protocol: words.icmp,
            ports: Vec::new(),
            set: words
                .icmp_protos
                .iter()
                .fold(PortSet::empty(), |s, &p| s.union(&PortSet::proto(p))),
        }),
        Some(false) => {}
        None => return Err(()),
    }
    Ok(out)
}
