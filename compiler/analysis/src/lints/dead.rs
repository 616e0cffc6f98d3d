//! `zonec::dead-rule`
//!
//! ## What it does
//! Flags an `allow` every port of which, on every zone pair it relates, is
//! removed by some `deny`.
//!
//! ## Why is this bad?
//! A deny wins over every allow whatever their order, so the allow permits
//! nothing. Either the allow is stale, or the deny is wider than meant and
//! is blocking a flow someone asked for.
//!
//! ## Example
//! ```text
//! allow clinical -> lab : https
//! deny  any -> lab
//! ```

use super::{allows, GrantIndex};
use crate::pairs::PairPolicy;
use std::collections::BTreeSet;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Model, RuleId};

pub fn check(model: &Model, effective: &PairPolicy, grants: &GrantIndex) -> Vec<Diagnostic> {
    allows(model)
        .filter(|&id| is_dead(effective, grants, id))
        .map(|id| diagnostic(model, effective, grants, id))
        .collect()
}

/// Whether the allow relates some pair and grants nothing on any of them.
pub(crate) fn is_dead(effective: &PairPolicy, grants: &GrantIndex, id: RuleId) -> bool {
    let pairs = grants.pairs(id);
    !pairs.is_empty()
        && pairs.iter().all(|p| {
            effective.flows.get(p).is_none_or(|f| {
                f.grants
                    .iter()
                    .filter(|g| g.rule == id)
                    .all(|g| g.ports.is_empty())
            })
        })
}

fn diagnostic(
    model: &Model,
    effective: &PairPolicy,
    grants: &GrantIndex,
    id: RuleId,
) -> Diagnostic {
    let ports = &model.rule(id).ports;
    let denies: BTreeSet<RuleId> = grants
        .pairs(id)
        .iter()
        .filter_map(|p| effective.flows.get(p))
        .flat_map(|f| {
            f.denies
                .iter()
                .filter(|(_, d)| d.overlaps(ports))
                .map(|(r, _)| *r)
        })
        .collect();
    let mut d = Diagnostic::warning(
        Code::DeadRule,
        "this allow permits nothing: every port it allows is denied",
    )
    .with_label(model.rule(id).head_span, "dead allow");
    for deny in denies.iter().take(3) {
        d = d.with_label(model.rule(*deny).head_span, "this deny removes it");
    }
    d.with_help("a deny wins over every allow, whatever their order; remove the allow, or narrow the deny if the flow is needed")
}
