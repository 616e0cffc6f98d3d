//! Proving `require A -> B : s`: every zone of `A` may open connections to
//! every other zone of `B` on every port of `s`. For each pair that falls
//! short, the missing ports are split into those no `allow` covers and those
//! a `deny` removes, naming the denies.

use super::effective::Flow;
use super::forbid::checked;
use super::verdict::{DeniedPorts, Evidence, Missing, MissingFlow, Verdict};
use super::Context;
use zonec_model::{Invariant, InvariantId, PortSet, ZoneId};

pub fn check(cx: &Context, id: InvariantId, inv: &Invariant) -> Verdict {
    let missing: Vec<MissingFlow> = inv
        .pairs()
        .filter_map(|(a, b)| missing_flow(cx, a, b, &inv.ports))
        .collect();
    let (holds, evidence) = if missing.is_empty() {
        (true, Evidence::Checked(checked(inv)))
    } else {
        (false, Evidence::Missing(Missing { pairs: missing }))
    };
    Verdict {
        invariant: id,
        holds,
        evidence,
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
