//! A fixed-size bitset over small indices (zones, service classes). The
//! reachability closure is rows of these, and its cost is counted in 64-bit
//! word operations, so the set is a plain `Vec<u64>` with word-wise union
//! and intersection and nothing clever.

use serde::{Serialize, Serializer};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bitset {
    words: Vec<u64>,
    len: usize,
}

impl Bitset {
    /// An empty set able to hold `0..len`.
    pub fn new(len: usize) -> Bitset {
        Bitset {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// The set `{0, ..., len - 1}`.
    pub fn full(len: usize) -> Bitset {
        let mut set = Bitset::new(len);
        for i in 0..len {
            set.insert(i);
        }
        set
    }

    pub fn from_indices(len: usize, items: impl IntoIterator<Item = usize>) -> Bitset {
        let mut set = Bitset::new(len);
        for i in items {
            set.insert(i);
        }
        set
    }

    /// The size of the universe (not the number of members).
    pub fn capacity(&self) -> usize {
        self.len
    }

    pub fn insert(&mut self, i: usize) {
        if i < self.len {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    pub fn remove(&mut self, i: usize) {
        if i < self.len {
            self.words[i / 64] &= !(1 << (i % 64));
        }
    }

    pub fn contains(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// `self |= other`. Returns whether `self` grew.
    pub fn union_with(&mut self, other: &Bitset) -> bool {
        let mut grew = false;
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            let next = *a | b;
            grew |= next != *a;
            *a = next;
        }
        grew
    }

    /// `self &= other`.
    pub fn intersect_with(&mut self, other: &Bitset) {
        for (i, a) in self.words.iter_mut().enumerate() {
            *a &= other.words.get(i).copied().unwrap_or(0);
        }
    }

    /// `self &= !other`.
    pub fn subtract(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    pub fn intersects(&self, other: &Bitset) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    pub fn is_subset(&self, other: &Bitset) -> bool {
        self.words
            .iter()
            .enumerate()
            .all(|(i, a)| a & !other.words.get(i).copied().unwrap_or(0) == 0)
    }

    /// Members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| Ones(w).map(move |b| i * 64 + b))
    }

    /// Members of `self & other` in increasing order, without allocating.
    pub fn iter_and<'a>(&'a self, other: &'a Bitset) -> impl Iterator<Item = usize> + 'a {
        self.words
            .iter()
            .zip(&other.words)
            .enumerate()
            .flat_map(|(i, (&a, &b))| Ones(a & b).map(move |bit| i * 64 + bit))
    }

    /// The smallest member.
    pub fn first(&self) -> Option<usize> {
        self.iter().next()
    }
}

/// The positions of the set bits of one word.
struct Ones(u64);

impl Iterator for Ones {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

impl Serialize for Bitset {
    /// A bitset is written as the sorted list of its members.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = Bitset::from_indices(130, [0, 5, 64, 129]);
        let b = Bitset::from_indices(130, [5, 100]);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 5, 64, 129]);
        assert!(a.intersects(&b));
        assert_eq!(a.iter_and(&b).collect::<Vec<_>>(), vec![5]);
        assert!(a.union_with(&b));
        assert!(!a.union_with(&b));
        assert_eq!(a.count(), 5);
        assert!(b.is_subset(&a));
        a.subtract(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 64, 129]);
        a.insert(500);
        assert!(!a.contains(500));
        assert_eq!(Bitset::full(70).count(), 70);
        assert_eq!(serde_json::to_string(&b).unwrap(), "[5,100]");
    }
}
