//! The zone classes the ruleset is written by, and their address ranges.
//!
//! The analysis stores the policy per zone class (zones no rule tells
//! apart, `zonec_analysis::partition`), and so does the ruleset: one chain
//! and one pair of maps per class, one element per class pair and range.
//! `allow any -> any` over thousands of zones is then one class, one chain
//! and one map, not a map per zone listing every other zone.
//!
//! Only classes of more than [`MAX_SPLIT`] zones are written as one,
//! though: a smaller class is written zone by zone, as classes of one zone,
//! so each of its zones keeps its own chain, drop counter (`drop_ZONE`) and
//! log prefix (`zonec drop ZONE: `), which is what monitoring watches. That
//! costs at most [`MAX_SPLIT`] times the elements of the class, a constant;
//! the zones² growth came from classes of thousands of zones, which share
//! one chain, counter (`drop_class-FIRST`) and log prefix. The flows of the
//! classes written are read from the analysis's class pairs, never from
//! zone pairs.
//!
//! Why not a chain per zone that checks its own zone and jumps to its
//! class's chain, keeping every zone's counter and log prefix? Such a
//! chain, its counter and its log rule are about 230 bytes and four rules
//! a zone: at 8,191 zones a 1.9 MB file of 33,000 rules, against a target
//! of under 1 MB and a second of load time. What it would check per zone,
//! traffic inside the zone, is one hash lookup for all of them
//! (`same_zone.rs`), about 30 bytes a zone.
//!
//! A class's ranges are the longest-prefix-match partition's ranges of its
//! zones, with neighbouring ranges of one class of several zones merged
//! into one: every zone of the class meets the same verdict, so the map
//! need not tell them apart, and thousands of consecutive `/24` zones are
//! one interval. A class of one zone keeps its zone's ranges as they are,
//! so a policy of such classes reads as one chain per zone. A run remembers
//! its zone when it covers one, for the element's comment.

use super::addr_map::number;
use super::classify::Partition;
use super::indexed::{Indexed, Owned};
use super::Family;
use std::collections::BTreeMap;
use std::net::IpAddr;
use zonec_analysis::effective::{EffectivePolicy, Flow};
use zonec_analysis::partition::{ZoneClass, ZonePartition};
use zonec_model::ZoneId;

/// Largest analysis class written zone by zone.
pub(crate) const MAX_SPLIT: usize = 16;

/// The classes the ruleset is written by and the flows between them.
pub(crate) struct Classes<'a> {
    partition: ZonePartition,
    flows: BTreeMap<(ZoneClass, ZoneClass), &'a Flow>,
}

impl<'a> Classes<'a> {
    pub(crate) fn new(effective: &'a EffectivePolicy) -> Classes<'a> {
        let analysis = effective.partition();
        let parts = |c: ZoneClass| -> Vec<&[ZoneId]> {
            let members = analysis.members(c);
            if members.len() > MAX_SPLIT {
                vec![members]
            } else {
                members.chunks(1).collect()
            }
        };
        let lists: Vec<&[ZoneId]> = analysis.classes().flat_map(parts).collect();
        let partition = ZonePartition::refine(analysis.zone_count(), lists.iter().copied());
        let written = |c: ZoneClass| -> Vec<ZoneClass> {
            let mut out: Vec<ZoneClass> = parts(c)
                .iter()
                .filter_map(|m| m.first())
                .map(|&z| partition.class_of(z))
                .collect();
            out.dedup();
            out
        };
        let mut flows = BTreeMap::new();
        for ((c, d), flow) in effective.class_flows() {
            let (from, to) = (written(c), written(d));
            for &a in &from {
                for &b in &to {
                    // Two zones of a class written zone by zone: a zone to
                    // itself is not a pair of the class.
                    if a != b || partition.members(a).len() > 1 {
                        flows.insert((a, b), flow);
                    }
                }
            }
        }
        Classes { partition, flows }
    }

    pub(crate) fn partition(&self) -> &ZonePartition {
        &self.partition
    }

    /// Whether `class` is written as one for several zones.
    pub(crate) fn is_shared(&self, class: ZoneClass) -> bool {
        self.partition.members(class).len() > 1
    }

    /// Every class pair some allow relates (allowed or fully denied).
    pub(crate) fn flows(&self) -> impl Iterator<Item = ((ZoneClass, ZoneClass), &'a Flow)> + '_ {
        self.flows.iter().map(|(&k, &f)| (k, f))
    }
}

/// Consecutive addresses of one class.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub first: IpAddr,
    pub last: IpAddr,
    pub class: ZoneClass,
    /// The zone, when the run is within one zone.
    pub zone: Option<ZoneId>,
}

impl Owned for Run {
    type Key = ZoneClass;
    fn owner(&self) -> ZoneClass {
        self.class
    }
    fn slot(key: ZoneClass) -> usize {
        key.index()
    }
}

/// Every class's runs per family, in address order, with an index from
/// class to its runs.
pub(crate) type ClassRanges = Indexed<Run>;

/// The runs of every class of `classes` over the zones' `partition`.
pub(crate) fn class_ranges(partition: &Partition, classes: &ZonePartition) -> ClassRanges {
    let runs = |family| merge(partition, classes, family);
    Indexed::new(runs(Family::V4), runs(Family::V6))
}

/// The partition's ranges of `family` as runs, neighbours of one class of
/// several zones merged.
fn merge(partition: &Partition, classes: &ZonePartition, family: Family) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for s in partition.family(family) {
        let class = classes.class_of(s.zone);
        let shared = classes.members(class).len() > 1;
        if let Some(last) = runs.last_mut() {
            if shared && last.class == class && follows(last.last, s.first) {
                last.last = s.last;
                if last.zone != Some(s.zone) {
                    last.zone = None;
                }
                continue;
            }
        }
        runs.push(Run {
            first: s.first,
            last: s.last,
            class,
            zone: Some(s.zone),
        });
    }
    runs
}

/// Whether `next` is the address right after `last` (of one family).
fn follows(last: IpAddr, next: IpAddr) -> bool {
    last.is_ipv4() == next.is_ipv4() && number(last).checked_add(1) == Some(number(next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn v4(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    #[test]
    fn neighbours_of_a_shared_class_merge_and_singletons_stay() {
        let z = ZoneId::from_index;
        // Zones 0, 1, 2 in one class; zone 3 alone; zone 2 not adjacent.
        let classes = ZonePartition::refine(4, [&[z(3)][..]].into_iter());
        let partition = crate::nftables::classify::partition(
            &[
                (v4("10.0.0.0"), v4("10.0.0.255"), z(0)),
                (v4("10.0.1.0"), v4("10.0.1.255"), z(1)),
                (v4("10.0.2.0"), v4("10.0.2.255"), z(3)),
                (v4("10.0.3.0"), v4("10.0.3.255"), z(2)),
                (v4("10.0.5.0"), v4("10.0.5.255"), z(3)),
            ],
            &[] as &[(Ipv6Addr, Ipv6Addr, ZoneId)],
        );
        let ranges = class_ranges(&partition, &classes);
        let runs = ranges.family(Family::V4);
        let shape: Vec<(String, Option<usize>)> = runs
            .iter()
            .map(|r| (format!("{}-{}", r.first, r.last), r.zone.map(|z| z.index())))
            .collect();
        assert_eq!(
            shape,
            [
                ("10.0.0.0-10.0.1.255".to_string(), None),
                ("10.0.2.0-10.0.2.255".to_string(), Some(3)),
                ("10.0.3.0-10.0.3.255".to_string(), Some(2)),
                ("10.0.5.0-10.0.5.255".to_string(), Some(3)),
            ]
        );
        let shared = classes.class_of(z(0));
        assert_eq!(ranges.count(shared, Family::V4), 2);
        assert_eq!(ranges.count(classes.class_of(z(3)), Family::V4), 2);
        assert!(!ranges.has_space(shared, Family::V6));
    }
}
