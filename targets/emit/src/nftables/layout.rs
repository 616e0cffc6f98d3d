//! Where each allowed zone pair is checked: on its source's side or on its
//! destination's side.
//!
//! A pair `S -> D` must be written as a list of address ranges of one end:
//! either `D`'s ranges in `S`'s destination map (`out4_S`, reached after
//! classifying the source), or `S`'s ranges in `D`'s source map (`in4_D`,
//! reached after classifying the destination). A zone whose space is cut
//! into many ranges by nested zones (the internet: everything minus every
//! other zone) would otherwise be listed once per zone that talks to it, so
//! each pair goes on the side with fewer ranges (ties to the source side),
//! per family. The ruleset then holds about one element per pair and range
//! of the smaller end instead of one per pair and range of the destination.

use super::classify::Partition;
use super::Family;
use std::collections::{BTreeMap, BTreeSet};
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::ZoneId;

/// Which map checks a pair.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// `D`'s ranges in `out_S`.
    Source,
    /// `S`'s ranges in `in_D`.
    Destination,
}

pub(crate) struct Layout {
    sides: BTreeMap<(ZoneId, ZoneId, Family), Side>,
    /// Zones (and families) with at least one pair checked on their side
    /// as destination: they need an `in` map and a `to` chain.
    inbound: BTreeSet<(ZoneId, Family)>,
}

impl Layout {
    pub(crate) fn new(effective: &EffectivePolicy, partition: &Partition) -> Layout {
        let count = |z, f| partition.count(z, f);
        let mut sides = BTreeMap::new();
        for ((from, to), _) in effective.allowed_flows() {
            for family in Family::ALL {
                let (rs, rd) = (count(from, family), count(to, family));
                if rs == 0 || rd == 0 {
                    continue;
                }
                let side = if rd <= rs {
                    Side::Source
                } else {
                    Side::Destination
                };
                sides.insert((from, to, family), side);
            }
        }
        let inbound = sides
            .iter()
            .filter(|(_, &side)| side == Side::Destination)
            .map(|(&(_, to, family), _)| (to, family))
            .collect();
        Layout { sides, inbound }
    }

    /// The side that checks `from -> to` in `family` (`None`: one end has no
    /// address of the family, so there is nothing to check).
    pub(crate) fn side(&self, from: ZoneId, to: ZoneId, family: Family) -> Option<Side> {
        self.sides.get(&(from, to, family)).copied()
    }

    /// Whether some pair into `zone` is checked on the destination side.
    pub(crate) fn has_inbound(&self, zone: ZoneId, family: Family) -> bool {
        self.inbound.contains(&(zone, family))
    }
}
