//! Computing a [`PolicyDiff`]: every comparison goes through names (zone,
//! label) or canonical texts (invariants), never through ids, which mean
//! nothing across two versions.

use super::addresses;
use super::{
    FlowChange, InvariantChange, Outcome, PolicyDiff, PrefixMove, Side, Summary, ZoneLabels,
};
use crate::flows;
use ipnetwork::IpNetwork;
use std::collections::{BTreeMap, BTreeSet};
use zonec_model::{Invariant, InvariantKind, Model, PortSet, ZoneId};

pub fn diff(old: &Side, new: &Side) -> PolicyDiff {
    let (opened, closed) = flow_changes(old, new);
    let invariants = invariant_changes(old, new);
    let (zones_added, zones_removed) = added_removed(zone_names(old.model), zone_names(new.model));
    let (labels_added, labels_removed) =
        added_removed(label_names(old.model), label_names(new.model));
    let prefixes = prefix_moves(old.model, new.model);
    let ranges = addresses::range_changes(old, new);
    let summary = Summary {
        flows_opened: opened.len(),
        flows_closed: closed.len(),
        invariants_broken: invariants.iter().filter(|c| c.is_broken()).count(),
        invariants_fixed: invariants.iter().filter(|c| c.is_fixed()).count(),
        zones_added: zones_added.len(),
        zones_removed: zones_removed.len(),
        prefixes_moved: prefixes.len(),
        ranges_moved: ranges.len(),
        range_flows_gained: ranges.iter().map(|r| r.gained.len()).sum(),
        range_flows_lost: ranges.iter().map(|r| r.lost.len()).sum(),
    };
    PolicyDiff {
        summary,
        opened,
        closed,
        invariants,
        zones_added,
        zones_removed,
        labels_added,
        labels_removed,
        zone_labels: zone_label_changes(old.model, new.model),
        prefixes,
        ranges,
    }
}

/// Allowed ports per ordered pair of zone names.
fn allowed_by_name(side: &Side) -> BTreeMap<(String, String), PortSet> {
    side.effective
        .granted_flows()
        .map(|((a, b), flow)| {
            let names = (
                side.model.zone(a).name.clone(),
                side.model.zone(b).name.clone(),
            );
            (names, flow.ports.clone())
        })
        .collect()
}

fn flow_changes(old: &Side, new: &Side) -> (Vec<FlowChange>, Vec<FlowChange>) {
    let (before, after) = (allowed_by_name(old), allowed_by_name(new));
    let pairs: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let (mut opened, mut closed) = (Vec::new(), Vec::new());
    for pair in pairs {
        let b = before.get(pair).cloned().unwrap_or_default();
        let a = after.get(pair).cloned().unwrap_or_default();
        let (plus, minus) = (a.subtract(&b), b.subtract(&a));
        if !plus.is_empty() {
            opened.push(change(pair, &plus, services(new, pair, &plus), &b, &a));
        }
        if !minus.is_empty() {
            closed.push(change(pair, &minus, services(old, pair, &minus), &b, &a));
        }
    }
    (opened, closed)
}

fn change(
    (from, to): &(String, String),
    ports: &PortSet,
    services: Vec<String>,
    before: &PortSet,
    after: &PortSet,
) -> FlowChange {
    FlowChange {
        from: from.clone(),
        to: to.clone(),
        ports: ports.to_string(),
        services,
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// The services, on one side, of the rules granting `ports` on a pair.
fn services(side: &Side, (from, to): &(String, String), ports: &PortSet) -> Vec<String> {
    let model = side.model;
    let (Some(a), Some(b)) = (model.zone_by_name(from), model.zone_by_name(to)) else {
        return Vec::new();
    };
    grant_services(side, a, b, ports)
}

/// The services, on one side, of the rules granting `ports` from `a` to `b`.
pub(super) fn grant_services(side: &Side, a: ZoneId, b: ZoneId, ports: &PortSet) -> Vec<String> {
    let Some(flow) = side.effective.flow(a, b) else {
        return Vec::new();
    };
    let mut within = flow.clone();
    for g in &mut within.grants {
        g.ports = g.ports.intersect(ports);
    }
    flows::service_names(side.model, &within)
}

/// The text an invariant is matched by: kind, selectors and services.
pub fn invariant_text(inv: &Invariant) -> String {
    let (keyword, arrow) = match inv.kind {
        InvariantKind::Forbid => ("forbid", "->"),
        InvariantKind::ForbidPath => ("forbid", "->*"),
        InvariantKind::Require => ("require", "->"),
    };
    let mut text = format!("{keyword} {} {arrow} {}", inv.from_text, inv.to_text);
    if !inv.services.is_empty() {
        let names: Vec<&str> = inv.services.iter().map(|s| s.text.as_str()).collect();
        text = format!("{text} : {}", names.join(", "));
    }
    text
}

/// Invariants by text; a text written twice matches in order.
fn outcomes_by_text(side: &Side) -> BTreeMap<String, Vec<Outcome>> {
    let mut map: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    for (inv, outcome) in side.model.invariants.iter().zip(&side.outcomes) {
        map.entry(invariant_text(inv))
            .or_default()
            .push(outcome.clone());
    }
    map
}

fn invariant_changes(old: &Side, new: &Side) -> Vec<InvariantChange> {
    let (before, after) = (outcomes_by_text(old), outcomes_by_text(new));
    let texts: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for text in texts {
        let (b, a) = (before.get(text), after.get(text));
        let n = b.map_or(0, Vec::len).max(a.map_or(0, Vec::len));
        for i in 0..n {
            let was = b.and_then(|v| v.get(i)).cloned();
            let now = a.and_then(|v| v.get(i)).cloned();
            let same_verdict = was.as_ref().map(|o| o.holds) == now.as_ref().map(|o| o.holds);
            if !same_verdict {
                out.push(InvariantChange {
                    invariant: text.clone(),
                    before: was,
                    after: now,
                });
            }
        }
    }
    out
}

fn zone_names(model: &Model) -> BTreeSet<String> {
    model.zones.iter().map(|z| z.name.clone()).collect()
}

fn label_names(model: &Model) -> BTreeSet<String> {
    model.labels.iter().map(|l| l.name.clone()).collect()
}

fn added_removed(before: BTreeSet<String>, after: BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let added = after.difference(&before).cloned().collect();
    let removed = before.difference(&after).cloned().collect();
    (added, removed)
}

fn zone_label_changes(old: &Model, new: &Model) -> Vec<ZoneLabels> {
    let labels_of = |model: &Model, name: &str| -> Option<BTreeSet<String>> {
        let zone = model.zone(model.zone_by_name(name)?);
        Some(
            zone.labels
                .iter()
                .map(|&l| model.label(l).name.clone())
                .collect(),
        )
    };
    let mut out = Vec::new();
    for zone in &new.zones {
        let (Some(before), Some(after)) = (labels_of(old, &zone.name), labels_of(new, &zone.name))
        else {
            continue;
        };
        let (added, removed) = added_removed(before, after);
        if !added.is_empty() || !removed.is_empty() {
            out.push(ZoneLabels {
                zone: zone.name.clone(),
                added,
                removed,
            });
        }
    }
    out.sort_by(|a, b| a.zone.cmp(&b.zone));
    out
}

/// Every prefix declared on either side, with the zone holding its
/// addresses on each side, where that differs.
fn prefix_moves(old: &Model, new: &Model) -> Vec<PrefixMove> {
    let declared = |m: &Model| -> Vec<(IpNetwork, String)> {
        let mut v: Vec<(IpNetwork, String)> = m
            .zones
            .iter()
            .flat_map(|z| z.prefixes.iter().map(|p| (p.net, z.name.clone())))
            .collect();
        v.sort();
        v
    };
    let (before, after) = (declared(old), declared(new));
    let all: BTreeSet<IpNetwork> = before.iter().chain(&after).map(|(p, _)| *p).collect();
    all.into_iter()
        .filter_map(|p| {
            let (b, a) = (holder(&before, p), holder(&after, p));
            (b != a).then(|| PrefixMove {
                prefix: p.to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// The zone of the longest declared prefix that covers all of `p`.
fn holder(declared: &[(IpNetwork, String)], p: IpNetwork) -> Option<String> {
    declared
        .iter()
        .filter(|(q, _)| covers(*q, p))
        .max_by_key(|(q, _)| q.prefix())
        .map(|(_, zone)| zone.clone())
}

fn covers(outer: IpNetwork, inner: IpNetwork) -> bool {
    outer.is_ipv4() == inner.is_ipv4()
        && outer.prefix() <= inner.prefix()
        && outer.contains(inner.network())
}
