//! Lints: warnings about a policy that is valid but probably not what its
//! author meant. One check per file, each documented the way the user
//! manual (`docs/diagnostics.md`) describes it.

mod dead;
mod isolated;
pub mod private;
mod redundant;
mod router;
mod unused;

use crate::bitset::Bitset;
use crate::pairs::PairPolicy;
use crate::quotient::Quotient;
use crate::Context;
use zonec_base::diagnostic::Diagnostic;
use zonec_model::{Action, AddressTable, Model, RuleId, ZoneId};

/// Every lint that the model alone can decide. The rule lints run on the
/// quotient the proofs ran on (`cx`): a rule relates the same class pairs
/// there, with the same grants. The zone lints run on `model`, reading
/// through `quotient` which zones some flow touches, and `addresses`, the
/// model's address table.
pub(crate) fn lints(
    model: &Model,
    cx: &Context,
    quotient: &Quotient,
    addresses: &AddressTable,
) -> Vec<Diagnostic> {
    let grants = GrantIndex::new(cx.model, cx.effective);
    let mut out = dead::check(cx.model, cx.effective, &grants);
    out.extend(redundant::check(cx.model, cx.effective, &grants));
    out.extend(unused::check(model));
    let touched = touched(cx.effective, cx.model.zones.len());
    let touched = Bitset::from_indices(
        model.zones.len(),
        model
            .zone_ids()
            .filter(|&z| touched.contains(quotient.role(z).index()))
            .map(ZoneId::index),
    );
    out.extend(isolated::check(model, &touched));
    out.extend(private::check(model, addresses));
    out.extend(router::check(model));
    out
}

/// The zones some allowed flow enters or leaves.
fn touched(effective: &PairPolicy, zones: usize) -> Bitset {
    let mut touched = Bitset::new(zones);
    for ((a, b), _) in effective.allowed_flows().filter(|(_, f)| !f.segment) {
        touched.insert(a.index());
        touched.insert(b.index());
    }
    touched
}

/// For each allow, the pairs it relates (the effective policy holds all of
/// them) and whether it still grants anything on one of them.
pub(crate) struct GrantIndex {
    pairs: Vec<Vec<(ZoneId, ZoneId)>>,
    alive: Vec<bool>,
}

impl GrantIndex {
    fn new(model: &Model, effective: &PairPolicy) -> GrantIndex {
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
