//! `zonec::isolated-zone`
//!
//! ## What it does
//! Flags a zone that rules or invariants mention but that no allowed flow
//! enters or leaves, when no `deny` names it either.
//!
//! ## Why is this bad?
//! Its hosts can reach nothing beyond their own zone, not even DNS, and
//! nothing can reach them. Usually an allow is missing or every allow that
//! names it is a self-pair. A zone cut off on purpose is normally named by
//! a deny (`deny quarantine -> any`), which silences this lint.
//!
//! ## Example
//! ```text
//! zone lab { net 10.70.0.0/24 }
//! allow lab -> lab          # a self-pair: allows nothing
//! forbid guest ->* lab
//! ```

use super::unused::mentioned_zones;
use crate::bitset::Bitset;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Action, Model};

/// `touched`: the zones some allowed flow enters or leaves.
pub fn check(model: &Model, touched: &Bitset) -> Vec<Diagnostic> {
    let n = model.zones.len();
    let mut denied = Bitset::new(n);
    for rule in model.rules.iter().filter(|r| r.action == Action::Deny) {
        for z in rule.from.iter().chain(&rule.to) {
            denied.insert(z.index());
        }
    }
    let mentioned = mentioned_zones(model);
    model
        .zone_ids()
        .filter(|z| mentioned.contains(z.index()) && !touched.contains(z.index()) && !denied.contains(z.index()))
        .map(|z| {
            let zone = model.zone(z);
            Diagnostic::warning(Code::IsolatedZone, format!("no allowed flow enters or leaves zone `{}`", zone.name))
                .with_label(zone.span, "isolated zone")
                .with_help("its hosts reach nothing outside the zone and nothing reaches them; add the allows it needs, or `deny` it explicitly if the isolation is intended")
        })
        .collect()
}
