//! The clouds' rules in one shape, and the two ways a cloud reads a list
//! of them, over the ports of one pair of atoms:
//! - [`Order::Union`]: allow-only rules, a packet passes if any rule
//!   matches it (AWS security groups);
//! - [`Order::FirstMatch`]: rules in order, the first that matches decides
//!   (Azure NSGs by priority, GCP firewall rules by priority, deny first).
//!
//! A rule end matches an atom fully, partly or not at all. Atoms are cut at
//! every range a rule names, so an address range matches fully or not at
//! all; a partial match is one the describe output cannot settle (a
//! service tag, a group or tag whose members are not only the zone's
//! addresses, one ICMP code of a type). Whatever a partial match decides
//! is "unsure" where the packets it matches and the others meet different
//! fates: it counts as allowed where the policy forbids, and as dropped
//! where the policy allows.

use crate::addr::{Fam, Interval};
use crate::atoms::Atom;
use zonec_model::{PortSet, Proto, ZoneId};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Match {
    None,
    Partial,
    Full,
}

impl Match {
    fn and(self, other: Match) -> Match {
        match (self, other) {
            (Match::None, _) | (_, Match::None) => Match::None,
            (Match::Full, Match::Full) => Match::Full,
            _ => Match::Partial,
        }
    }
}

/// The addresses one end of a rule names.
#[derive(Clone, Debug, Default)]
pub struct Addrs {
    pub any: bool,
    pub cidrs: Vec<(Fam, Interval)>,
    /// Zones named through a group, ASG or network tag: the family it
    /// holds for (`None`: both), the zone, and whether it names every
    /// address of the zone (else only some).
    pub zones: Vec<(Option<Fam>, ZoneId, bool)>,
    /// Names something whose members the input does not show.
    pub unsure: bool,
}

impl Addrs {
    pub fn any() -> Addrs {
        Addrs {
            any: true,
            ..Addrs::default()
        }
    }

    /// How these addresses match `atom`; `here` is the zone whose
    /// enforcement point is evaluated, whose own group always holds it.
    pub fn matches(&self, atom: &Atom, here: Option<ZoneId>) -> Match {
        if self.any {
            return Match::Full;
        }
        let (lo, hi) = atom.range;
        let mut m = Match::None;
        for &(fam, (a, b)) in &self.cidrs {
            if fam != atom.fam || b < lo || hi < a {
                continue;
            }
            if a <= lo && hi <= b {
                return Match::Full;
            }
            m = Match::Partial;
        }
        for &(fam, zone, whole) in &self.zones {
            if fam.is_some_and(|f| f != atom.fam) || atom.zone != Some(zone) {
                continue;
            }
            if whole || here == Some(zone) {
                return Match::Full;
            }
            m = Match::Partial;
        }
        if self.unsure {
            m = Match::Partial;
        }
        m
    }

    /// The address ranges of `fam` it names (to cut atoms at).
    pub fn ranges(&self, fam: Fam) -> impl Iterator<Item = Interval> + '_ {
        self.cidrs
            .iter()
            .filter(move |(f, _)| *f == fam)
            .map(|(_, r)| *r)
    }
}

/// One rule, as the evaluator sees it.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The instances it applies to, among those of the enforcement point.
    pub local: Addrs,
    /// The other end: sources of an inbound rule, destinations of an outbound one.
    pub peer: Addrs,
    pub allow: bool,
    pub ports: PortSet,
    /// Points it matches only some packets of (one ICMP code).
    pub partial: PortSet,
    /// The rule as findings show it (untrusted text, escaped by the CLI).
    pub label: String,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Order {
    Union,
    FirstMatch,
}

/// One enforcement point: a zone's inbound or outbound rules, in order,
/// and what happens to a packet no rule matches.
#[derive(Clone, Debug)]
pub struct Point {
    pub order: Order,
    /// Indexes into the cloud's rules.
    pub rules: Vec<usize>,
    pub fallback_allows: bool,
    pub fallback: String,
}

impl Point {
    /// A point with no rules yet: `fallback` says what decides.
    pub fn fallback(order: Order, allows: bool, fallback: String) -> Point {
        Point {
            order,
            rules: Vec::new(),
            fallback_allows: allows,
            fallback,
        }
    }
}

/// What one point does with the traffic of one atom pair.
#[derive(Debug)]
pub struct Verdict {
    pub allowed: PortSet,
    pub unsure: PortSet,
    /// The rule that decided each point, first come.
    by: Vec<(PortSet, usize)>,
}

/// The points traffic of a family can carry.
pub fn relevant(fam: Fam) -> PortSet {
    let foreign = match fam {
        Fam::V4 => Proto::Icmpv6,
        Fam::V6 => Proto::Icmp,
    };
    PortSet::any().subtract(&PortSet::proto(foreign))
}

/// Evaluate `point` for traffic between `local` (the atom of the zone the
/// point guards) and `peer`.
pub fn evaluate(rules: &[Rule], point: &Point, here: ZoneId, local: &Atom, peer: &Atom) -> Verdict {
    let hits = point.rules.iter().filter_map(|&i| {
        let r = rules.get(i)?;
        let hit = r
            .local
            .matches(local, Some(here))
            .and(r.peer.matches(peer, None));
        (hit != Match::None).then_some((i, r, hit))
    });
    let all = relevant(local.fam);
    let mut v = Verdict {
        allowed: PortSet::empty(),
        unsure: PortSet::empty(),
        by: Vec::new(),
    };
    match point.order {
        Order::FirstMatch => first_match(&mut v, hits, point, all.clone()),
        Order::Union => union(&mut v, hits),
    }
    v.allowed = v.allowed.intersect(&all);
    v.unsure = v.unsure.intersect(&all);
    v
}

/// Allow-only: any full hit allows; a partial hit allows some packets.
fn union<'r>(v: &mut Verdict, hits: impl Iterator<Item = (usize, &'r Rule, Match)>) {
    let hits: Vec<_> = hits.collect();
    for &(i, r, hit) in &hits {
        if hit == Match::Full {
            let new = r.ports.subtract(&v.allowed);
            v.allowed = v.allowed.union(&r.ports);
            v.by.push((new, i));
        }
    }
    for &(i, r, hit) in &hits {
        let maybe = match hit {
            Match::Full => r.partial.clone(),
            _ => r.ports.union(&r.partial),
        };
        let new = maybe.subtract(&v.allowed).subtract(&v.unsure);
        v.unsure = v.unsure.union(&new);
        v.by.push((new, i));
    }
}

/// First match: a full hit decides its open points; a partial hit
/// decides them only for some packets, so they stay open for the rules
/// after it, and end unsure when the two outcomes differ.
fn first_match<'r>(
    v: &mut Verdict,
    hits: impl Iterator<Item = (usize, &'r Rule, Match)>,
    point: &Point,
    mut open: PortSet,
) {
    let (mut allowed, mut denied) = (PortSet::empty(), PortSet::empty());
    // Open points some packets of which an earlier partial hit allowed (denied).
    let (mut some_allowed, mut some_denied) = (PortSet::empty(), PortSet::empty());
    for (i, r, hit) in hits {
        let (sure, maybe) = match hit {
            Match::Full => (open.intersect(&r.ports), r.partial.clone()),
            _ => (PortSet::empty(), r.ports.union(&r.partial)),
        };
        let maybe = open.subtract(&sure).intersect(&maybe);
        if r.allow {
            allowed = allowed.union(&sure);
            some_allowed = some_allowed.union(&maybe);
        } else {
            denied = denied.union(&sure);
            some_denied = some_denied.union(&maybe);
        }
        open = open.subtract(&sure);
        v.by.push((sure.union(&maybe), i));
        if open.is_empty() {
            break;
        }
    }
    if point.fallback_allows {
        allowed = allowed.union(&open);
    } else {
        denied = denied.union(&open);
    }
    v.allowed = allowed.subtract(&some_denied);
    v.unsure = allowed
        .intersect(&some_denied)
        .union(&denied.intersect(&some_allowed));
}

impl Verdict {
    /// The rule that decided `point`, as findings show it.
    pub fn label(&self, rules: &[Rule], point: &Point, p: u32) -> String {
        self.by
            .iter()
            .find(|(ports, _)| ports.contains(p))
            .and_then(|&(_, i)| rules.get(i))
            .map_or_else(|| point.fallback.clone(), |r| r.label.clone())
    }
}
