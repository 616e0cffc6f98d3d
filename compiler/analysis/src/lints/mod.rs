//! Lints: warnings about a policy that is valid but probably not what its
//! author meant. One check per file, each documented the way the user
//! manual (`docs/diagnostics.md`) describes it.

mod dead;
mod isolated;
mod redundant;
mod unused;

use super::effective::EffectivePolicy;
use zonec_base::diagnostic::Diagnostic;
use zonec_model::{Action, Model, RuleId, ZoneId};

/// Every lint that the model alone can decide.
pub fn lints(model: &Model, effective: &EffectivePolicy) -> Vec<Diagnostic> {
    let grants = GrantIndex::new(model, effective);
    let mut out = dead::check(model, effective, &grants);
    out.extend(redundant::check(model, effective, &grants));
    out.extend(unused::check(model));
    out.extend(isolated::check(model, effective));
    out
}

/// For each allow, the pairs it relates (the effective policy holds all of
/// them) and whether it still grants anything on one of them.
pub(crate) struct GrantIndex {
    pairs: Vec<Vec<(ZoneId, ZoneId)>>,
    alive: Vec<bool>,
}

impl GrantIndex {
    fn new(model: &Model, effective: &EffectivePolicy) -> GrantIndex {
        let mut pairs = vec![Vec::new(); model.rules.len()];
        let mut alive = vec![false; model.rules.len()];
        for (&pair, flow) in &effective.flows {
            for g in &flow.grants {
                pairs[g.rule.index()].push(pair);
                alive[g.rule.index()] |= !g.ports.is_empty();
            }
        }
        GrantIndex { pairs, alive }
    }

    fn pairs(&self, rule: RuleId) -> &[(ZoneId, ZoneId)] {
        &self.pairs[rule.index()]
    }

    /// An allow that relates some pair and grants nothing on any of them.
    fn is_dead(&self, rule: RuleId) -> bool {
        !self.pairs(rule).is_empty() && !self.alive[rule.index()]
    }
}

/// Allows in source order.
fn allows(model: &Model) -> impl DoubleEndedIterator<Item = RuleId> + '_ {
    (0..model.rules.len())
        .map(RuleId::from_index)
        .filter(|&id| model.rule(id).action == Action::Allow)
}
