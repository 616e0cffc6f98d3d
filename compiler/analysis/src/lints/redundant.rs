//! `zonec::redundant-rule`
//!
//! ## What it does
//! Flags an `allow` whose every port, on every zone pair it relates, is
//! already allowed by other allows — pair by pair, after denies. Of two
//! identical allows only the later one is flagged.
//!
//! ## Why is this bad?
//! Removing it changes nothing, so it is noise in reviews and a trap: the
//! reason and ticket on it suggest it matters, and narrowing it later has no
//! effect while the covering allows remain.
//!
//! ## Example
//! ```text
//! allow @clinical -> dns : udp/53
//! allow clinical  -> dns : udp/53   # redundant
//! ```

use super::{allows, GrantIndex};
use crate::bitset::Bitset;
use crate::effective::Flow;
use crate::pairs::PairPolicy;
use std::collections::BTreeSet;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Model, PortSet, RuleId};

pub fn check(model: &Model, effective: &PairPolicy, grants: &GrantIndex) -> Vec<Diagnostic> {
    let mut flagged = Bitset::new(model.rules.len());
    let mut out = Vec::new();
    for id in allows(model).rev() {
        if grants.is_dead(id) {
            continue;
        }
        if let Some(covering) = covering(effective, grants, &flagged, id) {
            flagged.insert(id.index());
            out.push(diagnostic(model, id, &covering));
        }
    }
    out.reverse();
    out
}

/// The other allows that cover `id` on every pair, or `None`.
fn covering(
    effective: &PairPolicy,
    grants: &GrantIndex,
    flagged: &Bitset,
    id: RuleId,
) -> Option<BTreeSet<RuleId>> {
    let mut covering = BTreeSet::new();
    for pair in grants.pairs(id) {
        let flow = effective.flows.get(pair)?;
        if flow.grants.len() < 2 {
            return None;
        }
        let own = own_ports(flow, id);
        let others: Vec<_> = flow
            .grants
            .iter()
            .filter(|g| g.rule != id && !flagged.contains(g.rule.index()) && g.ports.overlaps(&own))
            .collect();
        let union = PortSet::union_all(others.iter().map(|g| &g.ports));
        if !own.is_subset(&union) {
            return None;
        }
        covering.extend(others.iter().map(|g| g.rule));
    }
    (!grants.pairs(id).is_empty()).then_some(covering)
}

fn own_ports(flow: &Flow, id: RuleId) -> PortSet {
    PortSet::union_all(
        flow.grants
            .iter()
            .filter(|g| g.rule == id)
            .map(|g| &g.ports),
    )
}

fn diagnostic(model: &Model, id: RuleId, covering: &BTreeSet<RuleId>) -> Diagnostic {
    let mut d = Diagnostic::warning(
        Code::RedundantRule,
        "this allow is redundant: other allows already permit everything it does",
    )
    .with_label(model.rule(id).head_span, "redundant allow");
    for other in covering.iter().take(3) {
        d = d.with_label(model.rule(*other).head_span, "covered by this allow");
    }
    d.with_help("removing it changes nothing; remove it, or keep it and narrow the covering allows if it states the intent better")
}
