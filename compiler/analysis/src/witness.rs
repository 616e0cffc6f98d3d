//! Witnesses: the shortest offending path of each listed pair of a broken
//! `forbid`, from breadth-first searches on the union graph: one forward
//! from each listed source ([`Tree`]), or one backward from each listed
//! destination ([`Toward`]), whichever needs fewer searches. Backward wins
//! when many sources share few destinations (`forbid any ->* {ehr}` over a
//! dense policy), forward when one source offends many destinations; both
//! give every pair its shortest path, and neither runs more searches than
//! pairs are listed.
//!
//! The forward search visits zones nearest first; the first zone it reaches
//! that sends a destination a port of the invariant's services is that
//! destination's last hop, so the path to it plus that hop is a shortest
//! witness. The backward one starts from every such last-hop zone at once.
//! The source itself is never its own destination, but a path may pass
//! through a destination before ending there.

use super::verdict::{Hop, Witness};
use super::Context;
use std::collections::VecDeque;
use zonec_model::{PortSet, ZoneId};

/// The shortest path from `a` to `b` (`a != b`), as `forbid a ->* b : ports`
/// would report it.
pub(crate) fn shortest_path(
    cx: &Context,
    a: ZoneId,
    b: ZoneId,
    ports: &PortSet,
) -> Option<Witness> {
    Tree::new(cx, a, ports, Reach::Path).witness(cx, ports, b)
}

/// How far a witness may go: one hop (`forbid ->`) or any path (`->*`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    Direct,
    Path,
}

const NONE: u32 = u32::MAX;

/// One source's breadth-first tree, and per zone the nearest zone of the
/// tree that sends it a port of the services (its last hop).
pub(crate) struct Tree {
    source: ZoneId,
    parent: Vec<u32>,
    last: Vec<u32>,
}

impl Tree {
    pub(crate) fn new(cx: &Context, source: ZoneId, ports: &PortSet, reach: Reach) -> Tree {
        let n = cx.graph.zone_count();
        let s = cx.class_set(ports);
        let (mut parent, mut last) = (vec![NONE; n], vec![NONE; n]);
        parent[source.index()] = source.0;
        let mut queue = VecDeque::from([source]);
        while let Some(z) = queue.pop_front() {
            for (y, classes) in cx.graph.successors(z) {
                if y != source && last[y.index()] == NONE && classes.intersects(&s) {
                    last[y.index()] = z.0;
                }
                if reach == Reach::Path && parent[y.index()] == NONE {
                    parent[y.index()] = z.0;
                    queue.push_back(y);
                }
            }
        }
        Tree {
            source,
            parent,
            last,
        }
    }

    /// The shortest path to `b` whose last hop is on a port of `ports`.
    pub(crate) fn witness(&self, cx: &Context, ports: &PortSet, b: ZoneId) -> Option<Witness> {
        let z = ZoneId(*self.last.get(b.index()).filter(|&&z| z != NONE)?);
        let mut path = vec![z];
        let mut at = z;
        // A tree path has fewer hops than there are zones.
        for _ in 0..self.parent.len() {
            if at == self.source {
                break;
            }
            at = ZoneId(self.parent[at.index()]);
            path.push(at);
        }
        path.reverse();
        let mut hops: Vec<Hop> = path.windows(2).map(|w| cx.hop(w[0], w[1], None)).collect();
        hops.push(cx.hop(z, b, Some(ports)));
        Some(Witness {
            from: self.source,
            to: b,
            hops,
        })
    }
}

/// One destination's breadth-first tree on the reversed union graph: per
/// zone, its distance to a zone that sends the destination a port of the
/// services (0 for those), and the next zone on such a shortest path.
pub(crate) struct Toward {
    target: ZoneId,
    next: Vec<u32>,
    dist: Vec<u32>,
}

impl Toward {
    pub(crate) fn new(cx: &Context, target: ZoneId, ports: &PortSet) -> Toward {
        let n = cx.graph.zone_count();
        let s = cx.class_set(ports);
        let (mut next, mut dist) = (vec![NONE; n], vec![NONE; n]);
        let mut queue = VecDeque::new();
        for (z, classes) in cx.graph.predecessors(target) {
            if classes.intersects(&s) {
                (next[z.index()], dist[z.index()]) = (target.0, 0);
                queue.push_back(z);
            }
        }
        while let Some(z) = queue.pop_front() {
            let d = dist[z.index()].saturating_add(1);
            for (p, _) in cx.graph.predecessors(z) {
                if dist[p.index()] == NONE {
                    (next[p.index()], dist[p.index()]) = (z.0, d);
                    queue.push_back(p);
                }
            }
        }
        Toward { target, next, dist }
    }

    /// The shortest path from `a` (not the destination) to the destination
    /// whose last hop is on a port of `ports`.
    pub(crate) fn witness(&self, cx: &Context, ports: &PortSet, a: ZoneId) -> Option<Witness> {
        if a == self.target || *self.dist.get(a.index())? == NONE {
            return None;
        }
        let mut hops = Vec::new();
        let mut at = a;
        // Each step is one closer to a last-hop zone.
        while self.dist[at.index()] > 0 && hops.len() < self.dist.len() {
            let next = ZoneId(self.next[at.index()]);
            hops.push(cx.hop(at, next, None));
            at = next;
        }
        hops.push(cx.hop(at, self.target, Some(ports)));
        Some(Witness {
            from: a,
            to: self.target,
            hops,
        })
    }
}

/// Shared by both checks: the hop `a -> b`, restricted to `only` if given.
impl Context<'_> {
    pub(crate) fn hop(&self, a: ZoneId, b: ZoneId, only: Option<&PortSet>) -> Hop {
        let flow = self.effective.flows.get(&(a, b));
        let allowed = flow.map(|f| f.ports.clone()).unwrap_or_default();
        let ports = only.map_or(allowed.clone(), |s| allowed.intersect(s));
        let rules = flow
            .map(|f| {
                f.grants
                    .iter()
                    .filter(|g| g.ports.overlaps(&ports))
                    .map(|g| g.rule)
                    .collect()
            })
            .unwrap_or_default();
        Hop {
            from: a,
            to: b,
            ports,
            rules,
        }
    }
}
