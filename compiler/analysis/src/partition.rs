//! Zone classes: zones that no rule and no invariant tells apart.
//!
//! Two zones are in one class when every selector of every rule and every
//! invariant either covers both or neither, and both are in one family of
//! member zones or neither is in any. Their rows of the effective
//! policy are then the same up to swapping them: `allow any -> any : ssh`
//! over 8,000 zones says one thing about one class, not 64 million things
//! about pairs. The analysis works on a few members per class
//! (`quotient`) and the targets write one rule per class pair, so
//! cost follows the policy's text instead of the square of its zones.
//!
//! The classes come from partition refinement: start with one class and,
//! for every zone list a selector expanded to, split each class it cuts in
//! two. Each list costs its own length, so the whole is linear in the size
//! of the resolved model. Classes are numbered by their first zone, so the
//! numbering depends on the policy only.

use serde::Serialize;
use zonec_model::{Model, ZoneId};

/// Index of a zone class in [`ZonePartition`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ZoneClass(pub u32);

impl ZoneClass {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Every zone's class, and every class's zones (sorted, never empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZonePartition {
    class_of: Vec<ZoneClass>,
    members: Vec<Vec<ZoneId>>,
}

impl ZonePartition {
    /// The classes of `model`'s zones under its rules' and invariants'
    /// selectors.
    pub fn of_model(model: &Model) -> ZonePartition {
        let rules = model.rules.iter().flat_map(|r| [&r.from, &r.to]);
        let invariants = model.invariants.iter().flat_map(|i| [&i.from, &i.to]);
        // The router is a class of its own even when only an `except`
        // names it: the targets treat it apart from every zone.
        let router: Vec<ZoneId> = model.self_zone.into_iter().collect();
        // Each family of member zones is cut from the rest, so a class lies
        // inside one family or outside every family, and "on one segment"
        // holds for all pairs of a class pair or for none. Monitored zones
        // are told apart from enforced ones: the nftables target lets their
        // would-be drops through, and the policy as deployed opens their
        // pairs.
        let families = families(model);
        let monitored = model.monitored_zones();
        let lists = rules.chain(invariants).chain(&families).map(Vec::as_slice);
        let extra = [router.as_slice(), monitored.as_slice()];
        ZonePartition::refine(model.zones.len(), lists.chain(extra))
    }

    /// The coarsest partition of `zones` zones that no list in `lists`
    /// cuts. Ids out of range are ignored.
    pub fn refine<'a>(zones: usize, lists: impl Iterator<Item = &'a [ZoneId]>) -> ZonePartition {
        let mut class_of = vec![0u32; zones];
        let mut size: Vec<u32> = if zones == 0 {
            Vec::new()
        } else {
            vec![zones as u32]
        };
        // Per class: how many members the current list holds, and the class
        // those members move to (u32::MAX: not decided yet).
        let mut hits: Vec<u32> = vec![0; size.len()];
        let mut split_to: Vec<u32> = vec![u32::MAX; size.len()];
        let mut touched: Vec<u32> = Vec::new();
        for list in lists {
            if size.len() == zones {
                break; // every zone is alone: nothing left to split
            }
            let members = || list.iter().filter(|z| z.index() < zones);
            for z in members() {
                let c = class_of[z.index()] as usize;
                if hits[c] == 0 {
                    touched.push(c as u32);
                }
                hits[c] += 1;
            }
            for &c in &touched {
                let c = c as usize;
                if hits[c] < size[c] {
                    split_to[c] = size.len() as u32;
                    size.push(0);
                    hits.push(0);
                    split_to.push(u32::MAX);
                }
            }
            for z in members() {
                let c = class_of[z.index()] as usize;
                let to = split_to[c];
                if to != u32::MAX {
                    class_of[z.index()] = to;
                    size[c] -= 1;
                    size[to as usize] += 1;
                }
            }
            for c in touched.drain(..) {
                hits[c as usize] = 0;
                split_to[c as usize] = u32::MAX;
            }
        }
        ZonePartition::numbered(&class_of, size.len())
    }

    /// One class per zone: the finest partition, which every selector
    /// respects.
    pub fn singletons(zones: usize) -> ZonePartition {
        let raw: Vec<u32> = (0..zones as u32).collect();
        ZonePartition::numbered(&raw, zones)
    }

    /// Renumber classes by their first zone.
    fn numbered(raw: &[u32], classes: usize) -> ZonePartition {
        let mut number = vec![u32::MAX; classes];
        let mut members: Vec<Vec<ZoneId>> = Vec::new();
        let mut class_of = Vec::with_capacity(raw.len());
        for (z, &c) in raw.iter().enumerate() {
            let n = &mut number[c as usize];
            if *n == u32::MAX {
                *n = members.len() as u32;
                members.push(Vec::new());
            }
            members[*n as usize].push(ZoneId::from_index(z));
            class_of.push(ZoneClass(*n));
        }
        ZonePartition { class_of, members }
    }

    pub fn class_of(&self, z: ZoneId) -> ZoneClass {
        self.class_of[z.index()]
    }

    /// The zones of a class, sorted.
    pub fn members(&self, c: ZoneClass) -> &[ZoneId] {
        &self.members[c.index()]
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn zone_count(&self) -> usize {
        self.class_of.len()
    }

    pub fn classes(&self) -> impl Iterator<Item = ZoneClass> {
        (0..self.members.len() as u32).map(ZoneClass)
    }

    /// Whether every class has at most `n` zones.
    pub fn classes_at_most(&self, n: usize) -> bool {
        self.members.iter().all(|m| m.len() <= n)
    }
}

/// The zones of each family of member zones (by root), each list sorted.
fn families(model: &Model) -> Vec<Vec<ZoneId>> {
    let mut by_root: std::collections::BTreeMap<ZoneId, Vec<ZoneId>> = Default::default();
    for id in model.zone_ids() {
        if let Some(root) = model.zone(id).segment {
            by_root.entry(root).or_default().push(id);
        }
    }
    by_root.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z(ids: &[u32]) -> Vec<ZoneId> {
        ids.iter().map(|&i| ZoneId(i)).collect()
    }

    fn classes(p: &ZonePartition) -> Vec<Vec<u32>> {
        p.classes()
            .map(|c| p.members(c).iter().map(|z| z.0).collect())
            .collect()
    }

    #[test]
    fn lists_split_classes_and_classes_are_numbered_by_first_zone() {
        let lists = [z(&[1, 2, 3, 4]), z(&[3, 4, 5]), z(&[0, 1, 2, 3, 4, 5])];
        let p = ZonePartition::refine(7, lists.iter().map(Vec::as_slice));
        assert_eq!(
            classes(&p),
            vec![vec![0], vec![1, 2], vec![3, 4], vec![5], vec![6]]
        );
        assert_eq!(p.class_of(ZoneId(6)), ZoneClass(4));
        assert_eq!(p.class_of(ZoneId(5)), ZoneClass(3));
    }

    #[test]
    fn one_list_of_every_zone_leaves_one_class() {
        let all = z(&[0, 1, 2, 3]);
        let p = ZonePartition::refine(4, [all.as_slice(), all.as_slice()].into_iter());
        assert_eq!(classes(&p), vec![vec![0, 1, 2, 3]]);
        assert!(!p.classes_at_most(3));
    }

    #[test]
    fn no_zones_no_classes() {
        let p = ZonePartition::refine(0, std::iter::empty());
        assert!(p.is_empty());
    }
}
