//! The two rule semantics the clouds use, over sets of ports:
//! - [`union`]: allow-only rules, a packet passes if any rule matches it
//!   (AWS security groups);
//! - [`first_match`]: rules in order, the first that matches decides (Azure
//!   NSGs, GCP firewall rules).
//!
//! A rule matches a zone's traffic fully, partly (some of its addresses, or
//! some packets of a port point such as one ICMP code), or not at all. Zone
//! granularity is the contract: a cloud is exact when every point is either
//! allowed for every address of the pair or for none, so any partial match
//! that decides a point is reported as a failure.

use super::space::{Addrs, Fam};
use zonec_model::{PortSet, Proto};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Match {
    None,
    Partial,
    Full,
}

impl Match {
    /// How the addresses `rule` names match the traffic of `target`.
    pub fn of(target: &Addrs, rule: &Addrs) -> Match {
        if rule.covers(target) {
            Match::Full
        } else if rule.overlaps(target) {
            Match::Partial
        } else {
            Match::None
        }
    }

    pub fn and(self, other: Match) -> Match {
        match (self, other) {
            (Match::None, _) | (_, Match::None) => Match::None,
            (Match::Full, Match::Full) => Match::Full,
            _ => Match::Partial,
        }
    }
}

/// What a cloud does with one pair's traffic of one family.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Points allowed for every address of the pair.
    pub allowed: PortSet,
    /// Points allowed for some addresses or packets only.
    pub partial: PortSet,
}

/// The points traffic of a family can carry.
pub fn relevant(fam: Fam) -> PortSet {
    let foreign = match fam {
        Fam::V4 => Proto::Icmpv6,
        Fam::V6 => Proto::Icmp,
    };
    PortSet::any().subtract(&PortSet::proto(foreign))
}

/// An allow-only rule: the addresses it names and its ports (`partial`:
/// points it matches only some packets of).
pub struct AllowRule {
    pub addrs: Addrs,
    pub ports: PortSet,
    pub partial: PortSet,
}

/// Allow-only semantics for traffic from or to `target`.
pub fn union(target: &Addrs, rules: &[AllowRule], fam: Fam) -> Verdict {
    let mut cuts: Vec<u32> = vec![0];
    for r in rules {
        for set in [&r.ports, &r.partial] {
            for &(lo, hi) in set.ranges() {
                cuts.push(lo);
                cuts.push(hi + 1);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut verdict = Verdict::default();
    for w in cuts.windows(2) {
        let seg = PortSet::range(w[0], w[1] - 1);
        let full = rules.iter().filter(|r| seg.is_subset(&r.ports));
        let cover = full.fold(Addrs::default(), |a, r| a.union(&r.addrs));
        let touched = rules
            .iter()
            .filter(|r| r.ports.overlaps(&seg) || r.partial.overlaps(&seg));
        let touch = touched.fold(Addrs::default(), |a, r| a.union(&r.addrs));
        if cover.covers(target) {
            verdict.allowed = verdict.allowed.union(&seg);
        } else if touch.overlaps(target) {
            verdict.partial = verdict.partial.union(&seg);
        }
    }
    restrict(verdict, fam)
}

/// A rule of an ordered list, already matched against the pair at hand.
pub struct OrderedRule {
    pub hit: Match,
    pub allow: bool,
    pub ports: PortSet,
    pub partial: PortSet,
}

/// First-match semantics over rules in evaluation order.
pub fn first_match(rules: &[OrderedRule], fam: Fam) -> Verdict {
    let mut open = relevant(fam);
    let mut verdict = Verdict::default();
    for r in rules {
        match r.hit {
            Match::None => {}
            Match::Full => {
                let hit = open.intersect(&r.ports);
                if r.allow {
                    verdict.allowed = verdict.allowed.union(&hit);
                }
                open = open.subtract(&hit);
                let unsure = open.intersect(&r.partial);
                verdict.partial = verdict.partial.union(&unsure);
                open = open.subtract(&unsure);
            }
            Match::Partial => {
                let unsure = open.intersect(&r.ports.union(&r.partial));
                verdict.partial = verdict.partial.union(&unsure);
                open = open.subtract(&unsure);
            }
        }
    }
    // Points no rule decided: every cloud here ends in a rule that matches
    // everything, so this is empty; if not, nothing proves them either way.
    verdict.partial = verdict.partial.union(&open);
    restrict(verdict, fam)
}

fn restrict(v: Verdict, fam: Fam) -> Verdict {
    let r = relevant(fam);
    Verdict {
        allowed: v.allowed.intersect(&r),
        partial: v.partial.intersect(&r),
    }
}
