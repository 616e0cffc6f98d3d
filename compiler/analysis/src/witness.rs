//! Witnesses: the shortest offending path from one source to each of its
//! offending destinations, all from one breadth-first search on the union
//! graph, run only for a broken `forbid` and only for the sources of the
//! pairs it lists.
//!
//! The search visits zones nearest first; the first zone it reaches that
//! sends a destination a port of the invariant's services is that
//! destination's last hop, so the path to it plus that hop is a shortest
//! witness. The source itself is never its own destination, but a path may
//! pass through a destination before ending there.

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

    pub(crate) fn source(&self) -> ZoneId {
        self.source
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
