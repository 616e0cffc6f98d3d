//! Address ranges of both families in address order, with an index from
//! each range's owner (a zone, a zone class) to its ranges: the zones'
//! longest-prefix-match partition and the classes' merged runs are both
//! read this way, by family and by owner.

use super::Family;
use std::collections::BTreeMap;

/// A range that belongs to one owner.
pub(crate) trait Owned {
    type Key: Ord + Copy;
    fn owner(&self) -> Self::Key;
}

/// Ranges of both families, sorted by address, indexed by owner.
#[derive(Clone, Debug)]
pub(crate) struct Indexed<T: Owned> {
    v4: Vec<T>,
    v6: Vec<T>,
    /// Positions in `v4` / `v6` of each owner's ranges, ascending.
    by_owner: BTreeMap<(T::Key, Family), Vec<usize>>,
}

impl<T: Owned> Indexed<T> {
    pub(crate) fn new(v4: Vec<T>, v6: Vec<T>) -> Indexed<T> {
        let mut by_owner: BTreeMap<(T::Key, Family), Vec<usize>> = BTreeMap::new();
        for (family, list) in [(Family::V4, &v4), (Family::V6, &v6)] {
            for (i, r) in list.iter().enumerate() {
                by_owner.entry((r.owner(), family)).or_default().push(i);
            }
        }
        Indexed { v4, v6, by_owner }
    }

    pub(crate) fn family(&self, family: Family) -> &[T] {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }

    /// Whether `owner` has any address of `family`.
    pub(crate) fn has_space(&self, owner: T::Key, family: Family) -> bool {
        self.by_owner.contains_key(&(owner, family))
    }

    /// How many ranges `owner` has in `family`.
    pub(crate) fn count(&self, owner: T::Key, family: Family) -> usize {
        self.by_owner.get(&(owner, family)).map_or(0, Vec::len)
    }

    /// The ranges of every owner in `owners`, in address order.
    pub(crate) fn ranges_of(
        &self,
        owners: impl IntoIterator<Item = T::Key>,
        family: Family,
    ) -> Vec<&T> {
        let mut positions: Vec<usize> = owners
            .into_iter()
            .filter_map(|o| self.by_owner.get(&(o, family)))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        let all = self.family(family);
        positions.iter().filter_map(|&i| all.get(i)).collect()
    }
}
