//! Distinct port sets, found again by a fingerprint of their ranges.
//!
//! The service chains and the flush script's data number the distinct
//! port sets of the allowed flows, then look each flow's set up once per
//! class pair: tens of thousands of lookups among thousands of sets at a
//! thousand zones. A tree keyed by the sets themselves compares a dozen
//! sets per lookup, each behind a pointer to its ranges, and those cache
//! misses cost about a tenth of `build`. Here a lookup reads the set once
//! to fingerprint it, searches a sorted list of plain integers, and
//! compares only the sets whose fingerprint matches (almost always one).
//! Only lookups use the fingerprint: numbering and output order never
//! depend on it.

use zonec_model::PortSet;

/// Port sets numbered from 0 in the order they were added.
pub(crate) struct PortTable<'a> {
    sets: Vec<&'a PortSet>,
    /// `(fingerprint, number)`, sorted.
    prints: Vec<(u64, usize)>,
}

impl<'a> PortTable<'a> {
    /// The distinct sets of `sets`, numbered in first-seen order.
    pub(crate) fn new(sets: impl IntoIterator<Item = &'a PortSet>) -> PortTable<'a> {
        let all: Vec<&PortSet> = sets.into_iter().collect();
        let mut order: Vec<(u64, usize)> = all
            .iter()
            .enumerate()
            .map(|(i, s)| (fingerprint(s), i))
            .collect();
        order.sort_unstable();
        // The first occurrence of each distinct set, with its fingerprint.
        let mut firsts: Vec<(usize, u64)> = Vec::new();
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            let start = firsts.len();
            for &(print, i) in group {
                let set = all.get(i);
                let seen = firsts
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .any(|&(j, _)| all.get(j) == set);
                if !seen {
                    firsts.push((i, print));
                }
            }
        }
        firsts.sort_unstable();
        let sets = firsts
            .iter()
            .filter_map(|&(i, _)| all.get(i).copied())
            .collect();
        let mut prints: Vec<(u64, usize)> = firsts
            .iter()
            .enumerate()
            .map(|(n, &(_, print))| (print, n))
            .collect();
        prints.sort_unstable();
        PortTable { sets, prints }
    }

    /// The number of `set`, if it was added.
    pub(crate) fn number(&self, set: &PortSet) -> Option<usize> {
        self.find_print(fingerprint(set), set)
    }

    /// The sets in number order.
    pub(crate) fn sets(&self) -> &[&'a PortSet] {
        &self.sets
    }

    fn find_print(&self, print: u64, set: &PortSet) -> Option<usize> {
        let start = self.prints.partition_point(|&(p, _)| p < print);
        self.prints
            .get(start..)?
            .iter()
            .take_while(|&&(p, _)| p == print)
            .map(|&(_, n)| n)
            .find(|&n| self.sets.get(n).is_some_and(|s| *s == set))
    }
}

/// A 64-bit fingerprint of a set's ranges (the multiply-rotate mix of
/// rustc's FxHasher): equal sets have equal fingerprints.
fn fingerprint(set: &PortSet) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    set.ranges()
        .iter()
        .fold(set.ranges().len() as u64, |h, &(lo, hi)| {
            (h.rotate_left(5) ^ (u64::from(lo) << 32 | u64::from(hi))).wrapping_mul(K)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn set(ranges: &[(u32, u32)]) -> PortSet {
        ranges.iter().fold(PortSet::empty(), |s, &(lo, hi)| {
            s.union(&PortSet::range(lo, hi))
        })
    }

    proptest! {
        /// Numbers are first-seen order and every added set is found under
        /// its number, as a tree keyed by the sets would say.
        #[test]
        fn numbers_agree_with_a_tree(
            lists in prop::collection::vec(
                prop::collection::vec((0u32..40, 0u32..6), 0..4), 0..60)
        ) {
            let sets: Vec<PortSet> = lists
                .iter()
                .map(|l| set(&l.iter().map(|&(lo, w)| (lo, lo + w)).collect::<Vec<_>>()))
                .collect();
            let table = PortTable::new(&sets);
            let mut tree: BTreeMap<&PortSet, usize> = BTreeMap::new();
            for s in &sets {
                let next = tree.len();
                tree.entry(s).or_insert(next);
            }
            prop_assert_eq!(table.sets().len(), tree.len());
            for (s, n) in &tree {
                prop_assert_eq!(table.number(s), Some(*n));
                prop_assert_eq!(table.sets().get(*n).copied(), Some(*s));
            }
            prop_assert_eq!(table.number(&set(&[(1000, 1001)])), None);
        }
    }

    #[test]
    fn equal_fingerprints_are_told_apart_by_the_sets() {
        let a = set(&[(1, 2)]);
        let b = set(&[(3, 4)]);
        let mut table = PortTable::new([&a, &b]);
        // Force a collision: both under one fingerprint.
        for entry in &mut table.prints {
            entry.0 = 7;
        }
        table.prints.sort_unstable();
        assert_eq!(table.find_print(7, &a), Some(0));
        assert_eq!(table.find_print(7, &b), Some(1));
        assert_eq!(table.find_print(7, &set(&[(5, 6)])), None);
    }
}
