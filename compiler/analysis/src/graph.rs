//! The zone graph: one node per zone, one edge per ordered pair with at least
//! one allowed port, weighted by the service classes allowed on it. Node `i`
//! is zone `i`. Everything here speaks zone ids and class bitsets, never
//! spans: the checks that use it map answers back to the source.

use super::bitset::Bitset;
use super::classes::ServiceClasses;
use super::pairs::PairPolicy;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use zonec_model::ZoneId;

#[derive(Clone, Debug)]
pub struct ZoneGraph {
    /// Edge weights are the allowed classes (never empty).
    pub graph: DiGraph<ZoneId, Bitset>,
}

impl ZoneGraph {
    pub fn new(zones: usize, effective: &PairPolicy, classes: &ServiceClasses) -> ZoneGraph {
        let flows: Vec<_> = effective.allowed_flows().collect();
        let mut graph = DiGraph::with_capacity(zones, flows.len());
        for z in 0..zones {
            graph.add_node(ZoneId::from_index(z));
        }
        // petgraph lists a node's edges newest first; adding them in reverse
        // makes every walk visit neighbours in increasing zone order.
        for ((a, b), flow) in flows.into_iter().rev() {
            let set = Bitset::from_indices(
                classes.len(),
                classes
                    .classes_in(&flow.ports)
                    .into_iter()
                    .map(|c| c.index()),
            );
            graph.add_edge(node(a), node(b), set);
        }
        ZoneGraph { graph }
    }

    pub fn zone_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Zones `a` may send to, in increasing order, with the allowed classes.
    pub fn successors(&self, a: ZoneId) -> impl Iterator<Item = (ZoneId, &Bitset)> {
        self.graph
            .edges_directed(node(a), Direction::Outgoing)
            .map(|e| (ZoneId::from_index(e.target().index()), e.weight()))
    }

    /// Zones that may send to `b`, in increasing order, with the allowed classes.
    pub fn predecessors(&self, b: ZoneId) -> impl Iterator<Item = (ZoneId, &Bitset)> {
        self.graph
            .edges_directed(node(b), Direction::Incoming)
            .map(|e| (ZoneId::from_index(e.source().index()), e.weight()))
    }

    /// The classes allowed from `a` to `b`, if any.
    pub fn edge(&self, a: ZoneId, b: ZoneId) -> Option<&Bitset> {
        self.graph
            .find_edge(node(a), node(b))
            .and_then(|e| self.graph.edge_weight(e))
    }
}

pub(crate) fn node(z: ZoneId) -> NodeIndex {
    NodeIndex::new(z.index())
}
