//! `zonec::unused-zone`, `zonec::unused-label`, `zonec::unused-service`
//!
//! ## What it does
//! Flags a zone no rule or invariant relates or names, a label no zone
//! carries and no selector names, and a service no rule or invariant uses.
//! A zone counts as used when a selector covers it (`any`, `@label`) or
//! names it anywhere, even after `except`; a label used only in invariants
//! is used.
//!
//! ## Why is this bad?
//! A zone no rule mentions gets no flows at all: its hosts are cut off, and
//! no invariant guards it. Unused labels and services are usually leftovers
//! of an edit, or a typo'd twin of the name that is used.
//!
//! ## Example
//! ```text
//! service hl7 = tcp/2575     # no rule says `hl7`
//! ```

use crate::bitset::Bitset;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Model, ZoneId};

pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let zones = mentioned_zones(model);
    let unused = |z: &ZoneId| !zones.contains(z.index()) && !model.mentions.zones.contains(z);
    for z in model.zone_ids().filter(unused) {
        let zone = model.zone(z);
        out.push(
            Diagnostic::warning(
                Code::UnusedZone,
                format!("zone `{}` is never used", zone.name),
            )
            .with_label(zone.span, "no rule or invariant names this zone")
            .with_help(
                "a zone no rule mentions gets no flows at all; write its rules, or remove it",
            ),
        );
    }
    let mut labels = Bitset::new(model.labels.len());
    for zone in &model.zones {
        zone.labels.iter().for_each(|l| labels.insert(l.index()));
    }
    model
        .mentions
        .labels
        .iter()
        .for_each(|l| labels.insert(l.index()));
    for (_, label) in model
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| !labels.contains(*i))
    {
        out.push(
            Diagnostic::warning(
                Code::UnusedLabel,
                format!("label `{}` is never used", label.name),
            )
            .with_label(
                label.span,
                "no zone carries this label and no selector names it",
            )
            .with_help("add it to the zones it classifies (`labels ...`), or remove it"),
        );
    }
    let mut services = Bitset::new(model.services.len());
    let uses = model.rules.iter().flat_map(|r| &r.services);
    for u in uses.chain(model.invariants.iter().flat_map(|i| &i.services)) {
        if let Some(s) = u.service {
            services.insert(s.index());
        }
    }
    for (_, service) in model
        .services
        .iter()
        .enumerate()
        .filter(|(i, _)| !services.contains(*i))
    {
        out.push(
            Diagnostic::warning(
                Code::UnusedService,
                format!("service `{}` is never used", service.name),
            )
            .with_label(service.span, "no rule or invariant uses this service")
            .with_help("use it in a rule or invariant, or remove it"),
        );
    }
    out
}

/// Zones some rule or invariant relates (its selectors cover them).
pub(crate) fn mentioned_zones(model: &Model) -> Bitset {
    let mut set = Bitset::new(model.zones.len());
    let rules = model.rules.iter().flat_map(|r| r.from.iter().chain(&r.to));
    let invariants = model
        .invariants
        .iter()
        .flat_map(|i| i.from.iter().chain(&i.to));
    for z in rules.chain(invariants) {
        set.insert(z.index());
    }
    set
}
