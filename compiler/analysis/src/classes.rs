//! Service classes ("atomic predicates"): the coarsest split of the port line
//! such that every port set the policy mentions is a union of whole classes.
//! Analysis works per class, so its cost grows with the number of distinct
//! classes, not with 65,535 ports. A class never spans two protocols.

use serde::Serialize;
use zonec_model::{Model, PortSet, Proto};

/// Index of a class in [`ServiceClasses`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ClassId(pub u32);

impl ClassId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceClasses {
    /// Sorted first point of each class; class `i` ends where `i + 1` starts.
    starts: Vec<u32>,
}

impl ServiceClasses {
    /// Classes induced by `sets` (plus protocol boundaries).
    pub fn new<'a>(sets: impl IntoIterator<Item = &'a PortSet>) -> ServiceClasses {
        let mut starts: Vec<u32> = Proto::ALL.iter().map(|p| p.bounds().0).collect();
        for set in sets {
            for &(lo, hi) in set.ranges() {
                starts.push(lo);
                if hi < zonec_model::ports::MAX_POINT {
                    starts.push(hi + 1);
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        ServiceClasses { starts }
    }

    /// Classes of every port set in the model: services, rules, invariants.
    pub fn of_model(model: &Model) -> ServiceClasses {
        let rules = model.rules.iter().map(|r| &r.ports);
        let invariants = model.invariants.iter().map(|i| &i.ports);
        let services = model.services.iter().map(|s| &s.ports);
        ServiceClasses::new(rules.chain(invariants).chain(services))
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = ClassId> {
        (0..self.starts.len() as u32).map(ClassId)
    }

    /// The inclusive point range of a class.
    pub fn range(&self, c: ClassId) -> (u32, u32) {
        let lo = self.starts[c.index()];
        let hi = self
            .starts
            .get(c.index() + 1)
            .map_or(zonec_model::ports::MAX_POINT, |next| next - 1);
        (lo, hi)
    }

    pub fn ports(&self, c: ClassId) -> PortSet {
        let (lo, hi) = self.range(c);
        PortSet::range(lo, hi)
    }

    pub fn proto(&self, c: ClassId) -> Proto {
        Proto::of_point(self.starts[c.index()]).0
    }

    /// The class that contains a point.
    pub fn class_of(&self, point: u32) -> ClassId {
        match self.starts.binary_search(&point) {
            Ok(i) => ClassId(i as u32),
            Err(i) => ClassId(i.saturating_sub(1) as u32),
        }
    }

    /// Every class that meets `set`. For a set the classes were built from,
    /// these are exactly the classes it contains.
    pub fn classes_in(&self, set: &PortSet) -> Vec<ClassId> {
        let mut out = Vec::new();
        for &(lo, hi) in set.ranges() {
            let (first, last) = (self.class_of(lo), self.class_of(hi));
            out.extend((first.0..=last.0).map(ClassId));
        }
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_partition_and_respect_sets() {
        let https = PortSet::ports(Proto::Tcp, 443, 443);
        let web = PortSet::ports(Proto::Tcp, 80, 8080);
        let classes = ServiceClasses::new([&https, &web, &PortSet::any()]);
        // tcp: [0,79] [80,442] [443] [444,8080] [8081,65535]; then udp, icmp, icmpv6, other
        assert_eq!(classes.len(), 9);
        assert_eq!(classes.classes_in(&https).len(), 1);
        assert_eq!(classes.classes_in(&web).len(), 3);
        let all: u64 = classes.ids().map(|c| classes.ports(c).size()).sum();
        assert_eq!(all, PortSet::any().size());
        assert_eq!(classes.proto(classes.class_of(65_536 + 53)), Proto::Udp);
    }
}
