//! The effective policy: for every ordered pair of distinct zones, the ports
//! that are allowed once every `allow` is applied and every overlapping
//! `deny` subtracted. The policy is a set, so rule order never matters.
//! Each allowed piece remembers which `allow` rules grant it, so any answer
//! can point at source spans.

use crate::model::{Action, Model, PortSet, RuleId, ZoneId};
use std::collections::BTreeMap;

/// One `allow` rule's contribution to a pair, after denies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub rule: RuleId,
    /// The ports this rule still grants on the pair (may be empty when a
    /// deny removes all of them).
    pub ports: PortSet,
}

/// What is allowed from one zone to another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// Allowed ports: union of allows minus union of denies.
    pub ports: PortSet,
    /// Every `allow` relating this pair, in rule order.
    pub grants: Vec<Grant>,
    /// Every `deny` relating this pair, with the ports it names, in rule order.
    pub denies: Vec<(RuleId, PortSet)>,
}

#[derive(Clone, Debug, Default)]
pub struct EffectivePolicy {
    /// Every pair some `allow` or `deny` relates (self-pairs never appear).
    /// A pair whose allows were all denied is kept with empty `ports`, so
    /// explanations can say which deny removed them.
    pub flows: BTreeMap<(ZoneId, ZoneId), Flow>,
}

impl EffectivePolicy {
    pub fn new(model: &Model) -> EffectivePolicy {
        let mut flows: BTreeMap<(ZoneId, ZoneId), Flow> = BTreeMap::new();
        let mut denied: BTreeMap<(ZoneId, ZoneId), PortSet> = BTreeMap::new();
        for id in model.rule_ids() {
            let rule = model.rule(id);
            for pair in rule.pairs() {
                let flow = flows.entry(pair).or_default();
                match rule.action {
                    Action::Allow => {
                        flow.ports = flow.ports.union(&rule.ports);
                        flow.grants.push(Grant {
                            rule: id,
                            ports: rule.ports.clone(),
                        });
                    }
                    Action::Deny => {
                        flow.denies.push((id, rule.ports.clone()));
                        let d = denied.entry(pair).or_default();
                        *d = d.union(&rule.ports);
                    }
                }
            }
        }
        for (pair, d) in &denied {
            if let Some(flow) = flows.get_mut(pair) {
                flow.ports = flow.ports.subtract(d);
                for g in &mut flow.grants {
                    g.ports = g.ports.subtract(d);
                }
            }
        }
        EffectivePolicy { flows }
    }

    /// Allowed ports from `a` to `b` (empty if none).
    pub fn allowed(&self, a: ZoneId, b: ZoneId) -> PortSet {
        self.flows
            .get(&(a, b))
            .map(|f| f.ports.clone())
            .unwrap_or_default()
    }

    /// Pairs with at least one allowed port, in (source, destination) order.
    pub fn allowed_flows(&self) -> impl Iterator<Item = ((ZoneId, ZoneId), &Flow)> {
        self.flows
            .iter()
            .filter(|(_, f)| !f.ports.is_empty())
            .map(|(p, f)| (*p, f))
    }
}
