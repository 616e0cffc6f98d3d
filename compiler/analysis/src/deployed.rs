//! The policy as deployed: while a zone is monitored (`monitor`), the
//! network lets every packet to and from it through, so every ordered pair
//! of zones with a monitored end is open on every port. Every invariant is
//! proven on that policy too, and each one that holds as written but not
//! as deployed is reported as a warning with its witness.
//!
//! The deployed model is the model with two added allows (monitored zones
//! to every zone, every zone to monitored zones, on any port), whose spans
//! are the `monitor` item's, and every deny cut down to its pairs with no
//! monitored end. Rules keep their ids, so evidence reads the same.

use crate::partition::ZonePartition;
use crate::{analyze_with, violations, Analysis};
use zonec_base::diagnostic::{Code, Diagnostic, Severity};
use zonec_model::{Action, Meta, Model, PortSet, Rule, ZoneId};

/// Prove every invariant as deployed, when some zone is monitored.
pub(crate) fn prove(model: &Model, analysis: &mut Analysis) {
    let monitored = model.monitored_zones();
    if monitored.is_empty() {
        return;
    }
    let deployed = deployed_model(model, &monitored);
    // The deployed model's own proofs, without its lints or the
    // windowed-require pass (which the policy as written already had).
    let as_deployed = analyze_with(&deployed, ZonePartition::of_model(&deployed));
    for (i, v) in as_deployed.verdicts.iter().enumerate() {
        let Some(written) = analysis.verdicts.get(i) else {
            continue;
        };
        if let Some(slot) = analysis.holds_as_deployed.get_mut(i) {
            *slot = v.holds;
        }
        if written.holds && !v.holds {
            analysis
                .diagnostics
                .extend(warning(&deployed, &monitored, v));
        }
    }
}

/// The model as deployed (without `monitor` items, so that its own
/// analysis stops there).
pub fn deployed_model(model: &Model, monitored: &[ZoneId]) -> Model {
    deployed_with(model, monitored, None)
}

/// The model as a router deploys it that monitors forwarded traffic only:
/// as [`deployed_model`], but the router's own traffic (`self`) stays
/// enforced, every deny between it and a monitored zone included. This is
/// what the nftables target loads, and what `zonec verify` checks it
/// against.
pub fn forwarded_deployed_model(model: &Model, monitored: &[ZoneId]) -> Model {
    deployed_with(model, monitored, model.self_zone)
}

/// [`deployed_model`], with `enforced` (if any) left out of monitoring.
fn deployed_with(model: &Model, monitored: &[ZoneId], enforced: Option<ZoneId>) -> Model {
    let mut deployed = model.clone();
    let is_monitored = |z: &ZoneId| monitored.binary_search(z).is_ok();
    let mut kept = Vec::new();
    for rule in deployed
        .rules
        .iter_mut()
        .filter(|r| r.action == Action::Deny)
    {
        if let Some(e) = enforced {
            kept.extend(enforced_part(rule, e, is_monitored));
        }
        rule.from.retain(|z| !is_monitored(z));
        rule.to.retain(|z| !is_monitored(z));
    }
    // Appended, so every rule keeps its id.
    deployed.rules.extend(kept);
    let all: Vec<ZoneId> = model.zone_ids().filter(|&z| Some(z) != enforced).collect();
    let span = model.monitors.first().map(|m| m.head_span);
    if let Some(span) = span {
        let open = |from: Vec<ZoneId>, to: Vec<ZoneId>| Rule {
            action: Action::Allow,
            from,
            to,
            services: Vec::new(),
            ports: PortSet::any(),
            meta: Meta::default(),
            span,
            head_span: span,
        };
        deployed.rules.push(open(monitored.to_vec(), all.clone()));
        deployed.rules.push(open(all, monitored.to_vec()));
    }
    deployed.monitors.clear();
    deployed
}

/// The pairs of deny `rule` between a monitored zone and the enforced zone
/// `e`, which monitoring does not lift: at most two denies, one each way.
fn enforced_part(rule: &Rule, e: ZoneId, is_monitored: impl Fn(&ZoneId) -> bool) -> Vec<Rule> {
    let monitored_of = |zones: &[ZoneId]| -> Vec<ZoneId> {
        zones.iter().copied().filter(|z| is_monitored(z)).collect()
    };
    let mut out = Vec::new();
    let (from, to) = (monitored_of(&rule.from), monitored_of(&rule.to));
    if rule.to.contains(&e) && !from.is_empty() {
        out.push(Rule {
            from,
            to: vec![e],
            ..rule.clone()
        });
    }
    if rule.from.contains(&e) && !to.is_empty() {
        out.push(Rule {
            from: vec![e],
            to,
            ..rule.clone()
        });
    }
    out
}

/// The warning for one invariant: its first offending pair as deployed.
fn warning(deployed: &Model, monitored: &[ZoneId], v: &crate::Verdict) -> Option<Diagnostic> {
    let first = violations::invariant(deployed, v, violations::Shown::First)
        .into_iter()
        .next()?;
    Some(Diagnostic {
        severity: Severity::Warning,
        code: Code::HoldsOnlyAsWritten,
        message: format!("holds as written but not as deployed: {}", first.message),
        help: Some(format!(
            "while {} monitored, the network lets every packet to and from it through; the invariant holds in the network once the zone is enforced",
            zones_phrase(deployed, monitored)
        )),
        ..first
    })
}

/// "`a` is", "`a` and `b` are", "`a`, `b` and 3 more zones are".
fn zones_phrase(model: &Model, zones: &[ZoneId]) -> String {
    let names: Vec<String> = zones
        .iter()
        .take(2)
        .map(|&z| format!("`{}`", model.zone(z).name))
        .collect();
    match (zones.len(), names.as_slice()) {
        (1, [a]) => format!("{a} is"),
        (2, [a, b]) => format!("{a} and {b} are"),
        (n, [a, b]) => format!("{a}, {b} and {} more zones are", n - 2),
        _ => "no zone is".to_string(),
    }
}
