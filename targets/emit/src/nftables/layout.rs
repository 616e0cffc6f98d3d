//! Where each allowed class pair is checked: on its source's side or on its
//! destination's side.
//!
//! A pair of zone classes `S -> D` (`classes.rs`) must be written as a
//! list of address ranges of one end: either `D`'s ranges in `S`'s
//! destination map (`out4_S`, reached after classifying the source), or
//! `S`'s ranges in `D`'s source map (`in4_D`, reached after classifying the
//! destination). A zone whose space is cut into many ranges by nested zones
//! (the internet: everything minus every other zone) would otherwise be
//! listed once per class that talks to it, so each pair goes on the side
//! with fewer ranges (ties to the source side), per family. The ruleset
//! then holds about one element per pair and range of the smaller end
//! instead of one per pair and range of the destination. Only class pairs
//! are visited, never zone pairs.

use super::classes::{ClassRanges, Classes};
use super::Family;
use std::collections::BTreeSet;
use zonec_analysis::partition::ZoneClass;

/// Where each source class's pairs start in `sides` (sorted by source),
/// with one more entry for the end.
fn starts(sides: &[((ZoneClass, ZoneClass, Family), Side)]) -> Vec<usize> {
    let top = sides
        .last()
        .map_or(0, |&((from, _, _), _)| from.index() + 1);
    let mut starts = vec![0; top + 1];
    for (k, start) in starts.iter_mut().enumerate() {
        *start = sides.partition_point(|&((from, _, _), _)| from.index() < k);
    }
    starts
}

/// Which map checks a pair.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// `D`'s ranges in `out_S`.
    Source,
    /// `S`'s ranges in `in_D`.
    Destination,
}

pub(crate) struct Layout {
    /// Sorted by key: tens of thousands of pairs, looked up by binary
    /// search (a tree of them cost a twentieth of `build`).
    sides: Vec<((ZoneClass, ZoneClass, Family), Side)>,
    /// The pairs from the class of number `k` are at
    /// `sides[from_starts[k]..from_starts[k + 1]]`, so a lookup searches
    /// one class's pairs, not all of them.
    from_starts: Vec<usize>,
    /// Classes (and families) with at least one pair checked on their side
    /// as destination: they need an `in` map and a `to` chain.
    inbound: BTreeSet<(ZoneClass, Family)>,
}

impl Layout {
    pub(crate) fn new(classes: &Classes, ranges: &ClassRanges) -> Layout {
        let count = |c, f| ranges.count(c, f);
        let mut sides = Vec::new();
        let allowed = classes.flows().filter(|(_, f)| !f.ports.is_empty());
        for ((from, to), _) in allowed {
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
                sides.push(((from, to, family), side));
            }
        }
        // Already in order when the flows come in pair order; sorting a
        // sorted list is one pass.
        sides.sort_by_key(|&(key, _)| key);
        sides.dedup_by_key(|&mut (key, _)| key);
        let inbound = sides
            .iter()
            .filter(|(_, side)| *side == Side::Destination)
            .map(|&((_, to, family), _)| (to, family))
            .collect();
        let from_starts = starts(&sides);
        Layout {
            sides,
            from_starts,
            inbound,
        }
    }

    /// How many (pair, family) are checked somewhere.
    pub(crate) fn len(&self) -> usize {
        self.sides.len()
    }

    /// The side that checks `from -> to` in `family` (`None`: one end has no
    /// address of the family, so there is nothing to check).
    pub(crate) fn side(&self, from: ZoneClass, to: ZoneClass, family: Family) -> Option<Side> {
        let k = from.index();
        let (&a, &b) = (self.from_starts.get(k)?, self.from_starts.get(k + 1)?);
        let pairs = self.sides.get(a..b)?;
        let key = (from, to, family);
        let at = pairs.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        pairs.get(at).map(|&(_, side)| side)
    }

    /// Whether some pair into `class` is checked on the destination side.
    pub(crate) fn has_inbound(&self, class: ZoneClass, family: Family) -> bool {
        self.inbound.contains(&(class, family))
    }
}
