//! Strongly connected components of the zone graph: Tarjan's algorithm
//! with an explicit stack. petgraph's `tarjan_scc` recurses once per node
//! of a path, so a chain of some 87,000 zones linked by allows overflowed
//! the stack; here a path of any length costs heap, not stack.

use super::graph::ZoneGraph;
use zonec_model::ZoneId;

const UNSEEN: usize = usize::MAX;

/// The components (zone indices), sinks first: a component reaches only
/// components listed before it. Deterministic: nodes and their successors
/// are visited in increasing order.
pub fn components(g: &ZoneGraph) -> Vec<Vec<usize>> {
    let mut t = Tarjan::new(g);
    for root in 0..t.succ.len() {
        if t.index[root] == UNSEEN {
            t.run(root);
        }
    }
    t.out
}

struct Tarjan {
    /// Successors of each node.
    succ: Vec<Vec<usize>>,
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    out: Vec<Vec<usize>>,
}

impl Tarjan {
    fn new(g: &ZoneGraph) -> Tarjan {
        let n = g.zone_count();
        let succ = (0..n)
            .map(|v| {
                g.successors(ZoneId::from_index(v))
                    .map(|(w, _)| w.index())
                    .collect()
            })
            .collect();
        Tarjan {
            succ,
            index: vec![UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            out: Vec::new(),
        }
    }

    fn enter(&mut self, v: usize) {
        self.index[v] = self.next;
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
    }

    /// The depth-first search from `root`; `calls` holds what recursion
    /// would: each open node and how many of its successors it has tried.
    fn run(&mut self, root: usize) {
        self.enter(root);
        let mut calls = vec![(root, 0usize)];
        while let Some(&(v, i)) = calls.last() {
            if let Some(&w) = self.succ[v].get(i) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if self.index[w] == UNSEEN {
                    self.enter(w);
                    calls.push((w, 0));
                } else if self.on_stack[w] {
                    self.low[v] = self.low[v].min(self.index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                self.low[u] = self.low[u].min(self.low[v]);
            }
            if self.low[v] == self.index[v] {
                self.pop_component(v);
            }
        }
    }

    fn pop_component(&mut self, v: usize) {
        let mut component = Vec::new();
        while let Some(w) = self.stack.pop() {
            self.on_stack[w] = false;
            component.push(w);
            if w == v {
                break;
            }
        }
        self.out.push(component);
    }
}
