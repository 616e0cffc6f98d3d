//! Proving `require A -> B : s`: every zone of `A` may open connections to
//! every other zone of `B` on every port of `s`. For each pair that falls
//! short, the missing ports are split into those no `allow` covers and those
//! a `deny` removes, naming the denies. Only the quotient's canonical pairs
//! are checked ([`super::offenders`]); each stands for its class pairs.

use super::bitset::Bitset;
use super::effective::Flow;
use super::forbid::checked;
use super::offenders::Offenders;
use super::verdict::{DeniedPorts, Evidence, Missing, MissingFlow, Verdict};
use super::Context;
use std::collections::BTreeMap;
use zonec_model::{Invariant, InvariantId, PortSet, ZoneId};

pub fn check(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    let found: BTreeMap<(ZoneId, ZoneId), MissingFlow> = inv
        .pairs(cx.model)
        .filter(|&(x, y)| cx.lift.canonical(x, y))
        .filter_map(|(x, y)| Some(((x, y), missing_flow(cx, x, y, &inv.ports)?)))
        .collect();
    let (holds, evidence) = if found.is_empty() {
        (true, Evidence::Checked(checked(cx.lift.model, cx.full(id))))
    } else {
        (false, Evidence::Missing(missing(cx, id, &found)))
    };
    Verdict {
        invariant: id,
        holds,
        evidence,
    }
}

/// The canonical pairs that fall short, counted and listed for the model.
fn missing(
    cx: &Context,
    id: InvariantId,
    found: &BTreeMap<(ZoneId, ZoneId), MissingFlow>,
) -> Missing {
    let n = cx.graph.zone_count();
    let mut offenders = Offenders::default();
    let mut pairs = found.keys().peekable();
    while let Some(&(x, y)) = pairs.next() {
        let mut targets = vec![y.index()];
        while let Some(&(_, y)) = pairs.next_if(|(x2, _)| *x2 == x) {
            targets.push(y.index());
        }
        offenders.add(&cx.lift, x, Bitset::from_indices(n, targets));
    }
    let pairs = cx.lift.listed(id, &offenders, |a, b, x, y| {
        let p = found.get(&(x, y))?;
        Some(MissingFlow {
            from: a,
            to: b,
            ..p.clone()
        })
    });
    Missing {
        total: offenders.total(&cx.lift),
        pairs,
    }
}

fn missing_flow(cx: &Context, a: ZoneId, b: ZoneId, s: &PortSet) -> Option<MissingFlow> {
    let empty = Flow::default();
    let flow = cx.effective.flows.get(&(a, b)).unwrap_or(&empty);
    let missing = s.subtract(&flow.ports);
    if missing.is_empty() {
        return None;
    }
    let granted = PortSet::union_all(flow.grants.iter().map(|g| &cx.model.rule(g.rule).ports));
    let uncovered = missing.subtract(&granted);
    let removed = missing.intersect(&granted);
    let denied = flow
        .denies
        .iter()
        .map(|(rule, ports)| DeniedPorts {
            rule: *rule,
            ports: ports.intersect(&removed),
        })
        .filter(|d| !d.ports.is_empty())
        .collect();
    Some(MissingFlow {
        from: a,
        to: b,
        missing,
        uncovered,
        denied,
    })
}
