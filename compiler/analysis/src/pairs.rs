//! The effective policy pair by pair: for every ordered pair of distinct
//! zones, the ports that are allowed once every `allow` is applied and
//! every overlapping `deny` subtracted. The policy is a set, so rule order
//! never matters. Each allowed piece remembers which `allow` rules grant
//! it, so any answer can point at source spans.
//!
//! Two zones of one family (a member zone and its parent, or two members
//! of one parent) share one segment: their traffic never crosses a
//! firewall, so the pair is stored as every port with no rule
//! ([`Flow::segment`]). The graph, the closure and the certificate checker
//! then see the edge on any port that `->*` paths may take; rules never
//! relate such a pair ([`Model::relates`]).
//!
//! The analysis builds it only for the quotient model ([`crate::quotient`]),
//! a few zones per class, so the pairs stay few; the public
//! [`crate::effective::EffectivePolicy`] is keyed by class pairs.

use crate::effective::{Flow, Grant};
use std::collections::BTreeMap;
use zonec_model::{Action, Model, PortSet, RuleId, ZoneId};

#[derive(Clone, Debug, Default)]
pub struct PairPolicy {
    /// Every pair some `allow` relates (self-pairs never appear). A pair
    /// whose allows were all denied is kept with empty `ports`, so
    /// explanations can say which deny removed them. Pairs only a `deny`
    /// relates are not stored: nothing is allowed there either way.
    pub flows: BTreeMap<(ZoneId, ZoneId), Flow>,
}

impl PairPolicy {
    pub fn new(model: &Model) -> PairPolicy {
        let mut flows = allowed_pairs(model);
        flows.extend(segment_pairs(model));
        for id in model.rule_ids() {
            let rule = model.rule(id);
            if rule.action == Action::Deny {
                for pair in stored_pairs(&flows, &rule.from, &rule.to) {
                    if let Some(flow) = flows.get_mut(&pair).filter(|f| !f.segment) {
                        flow.denies.push((id, rule.ports.clone()));
                    }
                }
            }
        }
        for flow in flows.values_mut().filter(|f| !f.denies.is_empty()) {
            let denied = PortSet::union_all(flow.denies.iter().map(|(_, p)| p));
            flow.ports = flow.ports.subtract(&denied);
            for g in &mut flow.grants {
                g.ports = g.ports.subtract(&denied);
            }
        }
        PairPolicy { flows }
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

    /// Every stored flow out of `a` (allowed or fully denied), by destination.
    pub fn flows_from(&self, a: ZoneId) -> impl Iterator<Item = (ZoneId, &Flow)> {
        self.flows
            .range((a, ZoneId(0))..=(a, ZoneId(u32::MAX)))
            .map(|(&(_, b), f)| (b, f))
    }
}

/// Every pair some allow relates, with its grants in rule order and the
/// union of their ports (before denies). Built by sorting (pair, rule)
/// once, so the map is filled in order.
fn allowed_pairs(model: &Model) -> BTreeMap<(ZoneId, ZoneId), Flow> {
    let mut grants: Vec<((ZoneId, ZoneId), RuleId)> = model
        .rule_ids()
        .filter(|&id| model.rule(id).action == Action::Allow)
        .flat_map(|id| model.rule(id).pairs(model).map(move |pair| (pair, id)))
        .collect();
    grants.sort_unstable();
    let mut flows: Vec<((ZoneId, ZoneId), Flow)> = Vec::new();
    for (pair, rule) in grants {
        let ports = &model.rule(rule).ports;
        let grant = Grant {
            rule,
            ports: ports.clone(),
        };
        match flows.last_mut() {
            Some((last, flow)) if *last == pair => {
                flow.ports = flow.ports.union(ports);
                flow.grants.push(grant);
            }
            _ => flows.push((
                pair,
                Flow {
                    ports: ports.clone(),
                    grants: vec![grant],
                    denies: Vec::new(),
                    segment: false,
                },
            )),
        }
    }
    flows.into_iter().collect()
}

/// The stored pairs a rule from `from` to `to` (both sorted) relates. Only
/// pairs with an allow are stored, so for each source walk whichever is
/// shorter: its stored flows, or the rule's destinations.
fn stored_pairs(
    flows: &BTreeMap<(ZoneId, ZoneId), Flow>,
    from: &[ZoneId],
    to: &[ZoneId],
) -> Vec<(ZoneId, ZoneId)> {
    let mut pairs = Vec::new();
    for &a in from {
        let out = || {
            flows
                .range((a, ZoneId(0))..=(a, ZoneId(u32::MAX)))
                .map(|(k, _)| *k)
        };
        if out().take(to.len() + 1).count() <= to.len() {
            pairs.extend(out().filter(|(_, b)| to.binary_search(b).is_ok()));
        } else {
            pairs.extend(to.iter().filter(|&&b| b != a).map(|&b| (a, b)));
        }
    }
    pairs
}

/// Every ordered pair of zones of one family, open on every port. Linear in
/// the families' pairs: zones grouped by segment, each group squared.
fn segment_pairs(model: &Model) -> Vec<((ZoneId, ZoneId), Flow)> {
    let mut families: BTreeMap<ZoneId, Vec<ZoneId>> = BTreeMap::new();
    for id in model.zone_ids() {
        if let Some(root) = model.zone(id).segment {
            families.entry(root).or_default().push(id);
        }
    }
    let flow = || Flow {
        ports: PortSet::any(),
        segment: true,
        ..Flow::default()
    };
    let mut out = Vec::new();
    for zones in families.values() {
        for &a in zones {
            out.extend(zones.iter().filter(|&&b| b != a).map(|&b| ((a, b), flow())));
        }
    }
    out
}
