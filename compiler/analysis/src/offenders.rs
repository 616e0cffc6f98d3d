//! Every offending pair of a broken invariant, without enumerating the
//! square of the zones. The checks find offending pairs on the quotient
//! (`quotient`), and only canonical ones: a source that is its class's first
//! kept zone, and a destination that is the first kept zone of another class
//! or the second of the source's own. Each such pair stands for every model
//! pair [`Quotient::pair`] maps to it (zones of a class are interchangeable),
//! so the exact count is a sum of class sizes, and the model pairs are listed
//! in (source, destination) order, stopping after [`LISTED`]: the cost of a
//! broken invariant grows with the policy and the pairs listed, not with
//! the number of pairs that offend (`forbid any -> any` over 8,191 zones
//! offends 67 million times).

use crate::bitset::Bitset;
use crate::partition::ZonePartition;
use crate::quotient::Quotient;
use crate::verdict::{Hop, Witness, LISTED};
use std::collections::BTreeMap;
use zonec_model::{InvariantId, Model, ZoneId};

/// How the quotient's zones stand for the model's.
#[derive(Clone, Copy)]
pub(crate) struct Lift<'a> {
    /// The full model (the checks read the quotient's).
    pub model: &'a Model,
    pub quotient: &'a Quotient,
    pub partition: &'a ZonePartition,
}

/// Per canonical source on the quotient, its canonical destinations.
#[derive(Default)]
pub(crate) struct Offenders {
    targets: BTreeMap<ZoneId, Bitset>,
}

impl Offenders {
    /// Record the destinations of `x`, keeping only canonical pairs.
    pub(crate) fn add(&mut self, lift: &Lift, x: ZoneId, mut targets: Bitset) {
        let other: Vec<usize> = targets
            .iter()
            .filter(|&y| !lift.canonical(x, ZoneId::from_index(y)))
            .collect();
        for y in other {
            targets.remove(y);
        }
        if !targets.is_empty() {
            self.targets.insert(x, targets);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// How many model pairs offend.
    pub(crate) fn total(&self, lift: &Lift) -> u64 {
        self.targets
            .iter()
            .flat_map(|(&x, t)| t.iter().map(move |y| (x, ZoneId::from_index(y))))
            .map(|(x, y)| lift.weight(x, y))
            .sum()
    }
}

impl Lift<'_> {
    /// Whether `x` is the first kept zone of its class.
    pub(crate) fn is_first(&self, x: ZoneId) -> bool {
        self.quotient.reps(self.quotient.class(x)).0 == x
    }

    /// Whether `(x, y)` is the quotient pair [`Quotient::pair`] picks for
    /// the model pairs it stands for.
    pub(crate) fn canonical(&self, x: ZoneId, y: ZoneId) -> bool {
        let (cx, cy) = (self.quotient.class(x), self.quotient.class(y));
        let (first, second) = self.quotient.reps(cx);
        if x != first || x == y {
            return false;
        }
        if cx == cy {
            second == Some(y)
        } else {
            self.quotient.reps(cy).0 == y
        }
    }

    /// How many model pairs the canonical pair `(x, y)` stands for: every
    /// zone of `x`'s class to every zone of `y`'s (but itself). A class
    /// pair is on one segment for all its pairs or for none, and the
    /// checks never offer one that is.
    fn weight(&self, x: ZoneId, y: ZoneId) -> u64 {
        let (cx, cy) = (self.quotient.class(x), self.quotient.class(y));
        let size = |c| self.partition.members(c).len() as u64;
        if cx == cy {
            size(cx) * size(cx).saturating_sub(1)
        } else {
            size(cx) * size(cy)
        }
    }

    /// The model pairs of invariant `id` whose canonical pair offends, in
    /// (source, destination) order, at most [`LISTED`], each as `make(a, b,
    /// x, y)` makes it from its quotient pair `(x, y)`.
    pub(crate) fn listed<T>(
        &self,
        id: InvariantId,
        offenders: &Offenders,
        mut make: impl FnMut(ZoneId, ZoneId, ZoneId, ZoneId) -> Option<T>,
    ) -> Vec<T> {
        let inv = self.model.invariant(id);
        let mut out = Vec::new();
        for &a in &inv.from {
            let x = self.quotient.reps(self.partition.class_of(a)).0;
            let Some(targets) = offenders.targets.get(&x) else {
                continue;
            };
            for &b in inv.to.iter().filter(|&&b| self.model.relates(a, b)) {
                let y = self.quotient.pair(self.partition, a, b).1;
                if !targets.contains(y.index()) {
                    continue;
                }
                out.extend(make(a, b, x, y));
                if out.len() >= LISTED {
                    return out;
                }
            }
        }
        out
    }

    /// A witness found on the quotient for `(x, y)`, as the path of the
    /// model pair `(a, b)` it stands for.
    pub(crate) fn witness(&self, a: ZoneId, b: ZoneId, w: &Witness) -> Witness {
        let zone = self.quotient.relabel(self.partition, a, b);
        let hops = w
            .hops
            .iter()
            .map(|h| Hop {
                from: zone(h.from),
                to: zone(h.to),
                ..h.clone()
            })
            .collect();
        Witness {
            from: a,
            to: b,
            hops,
        }
    }
}
