//! The reachability matrix: zone × zone × service class, direct and
//! transitive. Cells are computed on demand from the zone graph and the
//! closure, so a policy of ten thousand zones does not pay for a hundred
//! million cells nobody asks about.
//!
//! `transitive(a, b)` holds the classes `c` for which some path
//! `a -> ... -> z -> b` exists whose last hop is allowed on `c` and whose
//! other hops are allowed on any port: the reading `forbid ->*` uses.

use super::bitset::Bitset;
use super::classes::ServiceClasses;
use super::closure::Closure;
use super::effective::EffectivePolicy;
use super::graph::ZoneGraph;
use zonec_model::{PortSet, ZoneId};

/// The matrix of the model's zones, read from the graph and closure of the
/// quotient the analysis ran on: each pair is asked of the quotient zones
/// that stand for it.
#[derive(Clone, Copy, Debug)]
pub struct Matrix<'a> {
    graph: &'a ZoneGraph,
    closure: &'a Closure,
    classes: &'a ServiceClasses,
    effective: &'a EffectivePolicy,
}

impl<'a> Matrix<'a> {
    pub(crate) fn new(
        graph: &'a ZoneGraph,
        closure: &'a Closure,
        classes: &'a ServiceClasses,
        effective: &'a EffectivePolicy,
    ) -> Matrix<'a> {
        Matrix {
            graph,
            closure,
            classes,
            effective,
        }
    }

    pub fn zones(&self) -> usize {
        self.effective.partition().zone_count()
    }

    fn stand_ins(&self, a: ZoneId, b: ZoneId) -> (ZoneId, ZoneId) {
        self.effective
            .quotient()
            .pair(self.effective.partition(), a, b)
    }

    /// Classes allowed directly from `a` to `b`.
    pub fn direct(&self, a: ZoneId, b: ZoneId) -> Bitset {
        if a == b {
            return Bitset::new(self.classes.len());
        }
        let (a, b) = self.stand_ins(a, b);
        self.graph
            .edge(a, b)
            .cloned()
            .unwrap_or_else(|| Bitset::new(self.classes.len()))
    }

    /// Classes on which `b` can be reached from `a` by a path of any length.
    pub fn transitive(&self, a: ZoneId, b: ZoneId) -> Bitset {
        let mut out = Bitset::new(self.classes.len());
        if a == b {
            return out;
        }
        let (a, b) = self.stand_ins(a, b);
        let row = self.closure.row(a);
        for (z, classes) in self.graph.predecessors(b) {
            if row.contains(z.index()) && z != b {
                out.union_with(classes);
            }
        }
        out
    }

    /// The ports a class bitset stands for.
    pub fn ports(&self, classes: &Bitset) -> PortSet {
        let ranges = classes
            .iter()
            .map(|c| self.classes.range(super::classes::ClassId(c as u32)));
        PortSet::from_ranges(ranges)
    }

    /// Every ordered pair with a direct flow, with its classes, in order.
    pub fn direct_cells(&self) -> Vec<(ZoneId, ZoneId, Bitset)> {
        self.effective
            .allowed_flows()
            .map(|((a, b), _)| (a, b, self.direct(a, b)))
            .collect()
    }
}
