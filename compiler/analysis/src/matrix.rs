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
use super::graph::ZoneGraph;
use zonec_model::{PortSet, ZoneId};

#[derive(Clone, Copy, Debug)]
pub struct Matrix<'a> {
    graph: &'a ZoneGraph,
    closure: &'a Closure,
    classes: &'a ServiceClasses,
}

impl<'a> Matrix<'a> {
    pub fn new(
        graph: &'a ZoneGraph,
        closure: &'a Closure,
        classes: &'a ServiceClasses,
    ) -> Matrix<'a> {
        Matrix {
            graph,
            closure,
            classes,
        }
    }

    pub fn zones(&self) -> usize {
        self.graph.zone_count()
    }

    /// Classes allowed directly from `a` to `b`.
    pub fn direct(&self, a: ZoneId, b: ZoneId) -> Bitset {
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
        classes.iter().fold(PortSet::empty(), |acc, c| {
            acc.union(&self.classes.ports(super::classes::ClassId(c as u32)))
        })
    }

    /// Every ordered pair with a direct flow, with its classes, in order.
    pub fn direct_cells(&self) -> Vec<(ZoneId, ZoneId, Bitset)> {
        let mut cells: Vec<_> = self
            .graph
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.graph.edge_endpoints(e)?;
                let w = self.graph.graph.edge_weight(e)?;
                Some((
                    ZoneId::from_index(a.index()),
                    ZoneId::from_index(b.index()),
                    w.clone(),
                ))
            })
            .collect();
        cells.sort();
        cells
    }
}
