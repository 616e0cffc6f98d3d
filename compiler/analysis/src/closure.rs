//! All-sources reachability on the union graph (an edge wherever any port is
//! allowed). The graph is condensed into strongly connected components with
//! Tarjan's algorithm (`scc`, iterative), which returns them sinks first; each component's row
//! (every zone reachable from it, itself included) is then the union of its
//! successors' rows, built in that order. That is one pass of about
//! zones × edges / 64 word operations for every source at once, instead of
//! a search per question.

use super::bitset::Bitset;
use super::graph::ZoneGraph;
use zonec_model::ZoneId;

#[derive(Clone, Debug)]
pub struct Closure {
    /// Component of each zone; components are numbered sinks first, so a
    /// component only reaches components with smaller numbers.
    component: Vec<usize>,
    /// Per component: the zones reachable from it, members included.
    rows: Vec<Bitset>,
}

impl Closure {
    pub fn new(g: &ZoneGraph) -> Closure {
        let n = g.zone_count();
        let sccs = super::scc::components(g);
        let mut component = vec![0; n];
        for (i, scc) in sccs.iter().enumerate() {
            for &v in scc {
                component[v] = i;
            }
        }
        let mut rows: Vec<Bitset> = Vec::with_capacity(sccs.len());
        for (i, scc) in sccs.iter().enumerate() {
            let mut row = Bitset::from_indices(n, scc.iter().copied());
            let mut next: Vec<usize> = scc
                .iter()
                .flat_map(|&v| g.successors(ZoneId::from_index(v)))
                .map(|(w, _)| component[w.index()])
                .filter(|&j| j != i)
                .collect();
            // Upstream components first: their rows contain the others', and
            // a component already in the row adds nothing (rows are closed).
            next.sort_unstable_by(|a, b| b.cmp(a));
            next.dedup();
            for j in next {
                if !row.contains(first_member(&sccs[j])) {
                    row.union_with(&rows[j]);
                }
            }
            rows.push(row);
        }
        Closure { component, rows }
    }

    /// Every zone reachable from `a` by paths of any length, `a` included.
    pub fn row(&self, a: ZoneId) -> &Bitset {
        &self.rows[self.component[a.index()]]
    }

    /// The strongly connected component of `a`: zones of one component
    /// share their row.
    pub fn component(&self, a: ZoneId) -> usize {
        self.component[a.index()]
    }

    /// Whether `a` and `b` lie on a common cycle (or are the same zone).
    pub fn same_component(&self, a: ZoneId, b: ZoneId) -> bool {
        self.component[a.index()] == self.component[b.index()]
    }

    /// Every zone reachable from any of `sources` (sources included): the
    /// smallest set that contains them and is closed under allowed flows.
    pub fn of_set(&self, sources: &[ZoneId]) -> Bitset {
        let n = self.component.len();
        let mut order: Vec<ZoneId> = sources.to_vec();
        order.sort_unstable_by_key(|z| std::cmp::Reverse(self.component[z.index()]));
        let mut set = Bitset::new(n);
        for z in order {
            if !set.contains(z.index()) {
                set.union_with(self.row(z));
            }
        }
        set
    }

    pub fn component_count(&self) -> usize {
        self.rows.len()
    }
}

fn first_member(scc: &[usize]) -> usize {
    scc.first().copied().unwrap_or(0)
}
