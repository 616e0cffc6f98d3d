//! Witnesses: the shortest offending path for a broken `forbid`, found by
//! one breadth-first search on the union graph from every source at once,
//! run only when the invariant is known to be broken.
//!
//! The self-pair rule makes one detail matter: a zone whose only last hop
//! goes back to the source that reached it is no witness for that source,
//! but may be for another. So every zone remembers the first two distinct
//! sources that reach it (with their parents); if the first is the one it
//! leads back to, the second is the nearest other source.

use super::forbid::LastHops;
use super::verdict::{Hop, Witness};
use super::Context;
use std::collections::VecDeque;
use zonec_model::{PortSet, ZoneId};

/// The shortest path from some source in `from` to some other zone of `to`
/// whose last hop is allowed on a port of `ports` and whose other hops on
/// any port.
pub(crate) fn shortest_witness(
    cx: &Context,
    from: &[ZoneId],
    to: &[ZoneId],
    ports: &PortSet,
    last: &LastHops,
) -> Option<Witness> {
    let mut search = Search::new(cx.graph.zone_count());
    let (z, slot) = search.run(cx, from, last)?;
    let source = search.origin(z, slot);
    let b = last_hop(cx, to, ports, z, source)?;
    Some(search.witness(cx, ports, z, slot, b))
}

/// The shortest path from `a` to `b` (`a != b`), as `forbid a ->* b : ports`
/// would report it.
pub(crate) fn shortest_path(
    cx: &Context,
    a: ZoneId,
    b: ZoneId,
    ports: &PortSet,
) -> Option<Witness> {
    let last = LastHops::new(cx, &[b], ports);
    shortest_witness(cx, &[a], &[b], ports, &last)
}

const NONE: u32 = u32::MAX;

/// Breadth-first search state: per zone up to two (origin, parent, parent's
/// slot) entries, for two distinct origins.
struct Search {
    entries: Vec<[(u32, u32, u8); 2]>,
    count: Vec<u8>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search {
            entries: vec![[(NONE, NONE, 0); 2]; n],
            count: vec![0; n],
        }
    }

    fn origin(&self, z: ZoneId, slot: u8) -> ZoneId {
        ZoneId(self.entries[z.index()][slot as usize].0)
    }

    /// Record that `origin` reaches `z` from `parent`; false if `z` already
    /// knows two origins or this one.
    fn visit(&mut self, z: ZoneId, origin: u32, parent: (u32, u8)) -> Option<u8> {
        let (i, count) = (z.index(), self.count[z.index()]);
        if count >= 2 || (count == 1 && self.entries[i][0].0 == origin) {
            return None;
        }
        self.entries[i][count as usize] = (origin, parent.0, parent.1);
        self.count[i] += 1;
        Some(count)
    }

    /// The first (zone, slot) whose origin has a valid last hop there.
    fn run(&mut self, cx: &Context, sources: &[ZoneId], last: &LastHops) -> Option<(ZoneId, u8)> {
        let mut queue = VecDeque::new();
        for &a in sources {
            if let Some(slot) = self.visit(a, a.0, (a.0, 0)) {
                queue.push_back((a, slot));
            }
        }
        while let Some((z, slot)) = queue.pop_front() {
            let origin = self.origin(z, slot);
            if last.valid_for(z.index(), origin) {
                return Some((z, slot));
            }
            for (y, _) in cx.graph.successors(z) {
                if let Some(s) = self.visit(y, origin.0, (z.0, slot)) {
                    queue.push_back((y, s));
                }
            }
        }
        None
    }

    fn witness(&self, cx: &Context, ports: &PortSet, z: ZoneId, slot: u8, b: ZoneId) -> Witness {
        let a = self.origin(z, slot);
        let mut path = vec![z];
        let (mut at, mut at_slot) = (z, slot);
        while at != a {
            let (_, parent, parent_slot) = self.entries[at.index()][at_slot as usize];
            (at, at_slot) = (ZoneId(parent), parent_slot);
            path.push(at);
        }
        path.reverse();
        let mut hops: Vec<Hop> = path.windows(2).map(|w| cx.hop(w[0], w[1], None)).collect();
        hops.push(cx.hop(z, b, Some(ports)));
        Witness {
            from: a,
            to: b,
            hops,
        }
    }
}

/// The smallest destination `z` sends a port of `ports` to, other than `source`.
fn last_hop(
    cx: &Context,
    to: &[ZoneId],
    ports: &PortSet,
    z: ZoneId,
    source: ZoneId,
) -> Option<ZoneId> {
    let s = cx.class_set(ports);
    cx.graph
        .successors(z)
        .find(|(b, c)| *b != source && to.binary_search(b).is_ok() && c.intersects(&s))
        .map(|(b, _)| b)
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
