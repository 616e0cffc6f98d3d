//! Address ranges of both families in address order, with an index from
//! each range's owner (a zone, a zone class) to its ranges: the zones'
//! longest-prefix-match partition and the classes' merged runs are both
//! read this way, by family and by owner.

use super::Family;

/// A range that belongs to one owner.
pub(crate) trait Owned {
    type Key: Copy;
    fn owner(&self) -> Self::Key;
    /// The owner's dense number (zone and class numbers count from 0).
    fn slot(key: Self::Key) -> usize;
}

/// Ranges of both families, sorted by address, indexed by owner.
#[derive(Clone, Debug)]
pub(crate) struct Indexed<T: Owned> {
    v4: Vec<T>,
    v6: Vec<T>,
    /// Per family, the positions of each owner's ranges (ascending) at
    /// `positions[starts[k]..starts[k + 1]]` for the owner of slot `k`:
    /// an array lookup, where a tree of owners cost a twentieth of `build`
    /// in cache misses at a thousand zones.
    by_owner: [Slots; 2],
}

/// Owners' positions, grouped by owner slot.
#[derive(Clone, Debug, Default)]
struct Slots {
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl Slots {
    fn new<T: Owned>(list: &[T]) -> Slots {
        let owners = list.iter().map(|r| T::slot(r.owner()));
        let Some(top) = owners.clone().max() else {
            return Slots::default();
        };
        let mut starts = vec![0u32; top + 2];
        for k in owners.clone() {
            if let Some(n) = starts.get_mut(k + 1) {
                *n += 1;
            }
        }
        for k in 1..starts.len() {
            let before = starts.get(k - 1).copied().unwrap_or(0);
            if let Some(n) = starts.get_mut(k) {
                *n += before;
            }
        }
        let mut next = starts.clone();
        let mut positions = vec![0u32; list.len()];
        for (i, k) in owners.enumerate() {
            let Some(at) = next.get_mut(k) else { continue };
            if let Some(p) = positions.get_mut(*at as usize) {
                *p = i as u32;
            }
            *at += 1;
        }
        Slots { starts, positions }
    }

    fn of(&self, slot: usize) -> &[u32] {
        let (Some(&a), Some(&b)) = (self.starts.get(slot), self.starts.get(slot + 1)) else {
            return &[];
        };
        self.positions
            .get(a as usize..b as usize)
            .unwrap_or_default()
    }
}

impl<T: Owned> Indexed<T> {
    pub(crate) fn new(v4: Vec<T>, v6: Vec<T>) -> Indexed<T> {
        let by_owner = [Slots::new(&v4), Slots::new(&v6)];
        Indexed { v4, v6, by_owner }
    }

    pub(crate) fn family(&self, family: Family) -> &[T] {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }

    fn positions(&self, owner: T::Key, family: Family) -> &[u32] {
        let [v4, v6] = &self.by_owner;
        match family {
            Family::V4 => v4.of(T::slot(owner)),
            Family::V6 => v6.of(T::slot(owner)),
        }
    }

    /// Whether `owner` has any address of `family`.
    pub(crate) fn has_space(&self, owner: T::Key, family: Family) -> bool {
        !self.positions(owner, family).is_empty()
    }

    /// How many ranges `owner` has in `family`.
    pub(crate) fn count(&self, owner: T::Key, family: Family) -> usize {
        self.positions(owner, family).len()
    }

    /// The ranges of every owner in `owners`, in address order.
    pub(crate) fn ranges_of(
        &self,
        owners: impl IntoIterator<Item = T::Key>,
        family: Family,
    ) -> Vec<&T> {
        let mut positions: Vec<u32> = owners
            .into_iter()
            .flat_map(|o| self.positions(o, family))
            .copied()
            .collect();
        positions.sort_unstable();
        let all = self.family(family);
        positions
            .iter()
            .filter_map(|&i| all.get(i as usize))
            .collect()
    }
}
