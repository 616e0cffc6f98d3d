//! Human descriptions of emitted rules: which flow, which ports, and the
//! `reason` and `ticket` of the spec rules behind it, so an operator
//! looking at a console can trace a rule back to the policy. Providers cut
//! and clean the text to their own limits ([`super::names`]).

use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{Model, PortSet, RuleId, ZoneId};

/// `clinical to sud_ehr tcp/443: SUD clinicians chart encounters (CHG-1042)`
/// for the `allow` rules that grant any of `ports` on the flow.
pub fn allow(
    model: &Model,
    effective: &EffectivePolicy,
    flow: (ZoneId, ZoneId),
    ports: &PortSet,
) -> String {
    let rules = effective
        .flow(flow.0, flow.1)
        .map(|f| {
            f.grants
                .iter()
                .filter(|g| g.ports.overlaps(ports))
                .map(|g| g.rule)
                .collect()
        })
        .unwrap_or_default();
    text(model, flow, ports, "", rules)
}

/// `guest to servers tcp/22 denied: ...` for the `deny` rules that remove
/// any of `ports` from the flow.
pub fn deny(
    model: &Model,
    effective: &EffectivePolicy,
    flow: (ZoneId, ZoneId),
    ports: &PortSet,
) -> String {
    let rules = effective
        .flow(flow.0, flow.1)
        .map(|f| {
            f.denies
                .iter()
                .filter(|(_, p)| p.overlaps(ports))
                .map(|(r, _)| *r)
                .collect()
        })
        .unwrap_or_default();
    text(model, flow, ports, " denied", rules)
}

fn text(
    model: &Model,
    (src, dst): (ZoneId, ZoneId),
    ports: &PortSet,
    verb: &str,
    rules: Vec<RuleId>,
) -> String {
    if src == dst {
        return format!("inside zone {}: always allowed", model.zone(src).name);
    }
    let head = format!(
        "{} to {} {ports}{verb}",
        model.zone(src).name,
        model.zone(dst).name
    );
    let why: Vec<String> = rules.into_iter().filter_map(|r| meta(model, r)).collect();
    if why.is_empty() {
        head
    } else {
        format!("{head}: {}", why.join("; "))
    }
}

fn meta(model: &Model, rule: RuleId) -> Option<String> {
    let meta = &model.rule(rule).meta;
    match (&meta.reason, &meta.ticket) {
        (Some(r), Some(t)) => Some(format!("{r} ({t})")),
        (Some(r), None) => Some(r.clone()),
        (None, Some(t)) => Some(format!("({t})")),
        (None, None) => None,
    }
}
