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

use crate::analysis::bitset::Bitset;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Model;
use crate::syntax::ast::{self, ItemKind, Selector, SelectorKind};
use std::collections::BTreeSet;

pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let zones = mentioned_zones(model);
    for z in model.zone_ids().filter(|z| !zones.contains(z.index())) {
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
    for (i, label) in model
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| !labels.contains(*i))
    {
        let _ = i;
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

/// Remove the unused-zone and unused-label warnings for names a selector
/// mentions in the text (after `except`, or a label no zone carries).
pub fn drop_used_in_syntax(diags: &mut Vec<Diagnostic>, files: &[ast::File], model: &Model) {
    let mut names = Names::default();
    for item in files.iter().flat_map(|f| &f.items) {
        match &item.kind {
            ItemKind::Rule(r) => names.selectors(&[&r.from, &r.to]),
            ItemKind::Invariant(i) => names.selectors(&[&i.from, &i.to]),
            _ => {}
        }
    }
    let used_zone = |d: &Diagnostic| {
        model
            .zones
            .iter()
            .any(|z| Some(z.span) == d.primary_span() && names.zones.contains(&z.name))
    };
    let used_label = |d: &Diagnostic| {
        model
            .labels
            .iter()
            .any(|l| Some(l.span) == d.primary_span() && names.labels.contains(&l.name))
    };
    diags.retain(|d| match d.code {
        Code::UnusedZone => !used_zone(d),
        Code::UnusedLabel => !used_label(d),
        _ => true,
    });
}

#[derive(Default)]
struct Names {
    zones: BTreeSet<String>,
    labels: BTreeSet<String>,
}

impl Names {
    fn selectors(&mut self, sels: &[&Selector]) {
        sels.iter().for_each(|s| self.selector(s));
    }

    fn selector(&mut self, sel: &Selector) {
        match &sel.kind {
            SelectorKind::Zone(id) => {
                self.zones.insert(id.name.clone());
            }
            SelectorKind::Label(id) => {
                self.labels.insert(id.name.clone());
            }
            SelectorKind::Any => {}
            SelectorKind::Set(items) => items.iter().for_each(|s| self.selector(s)),
            SelectorKind::Except(base, removed) => {
                self.selector(base);
                removed.iter().for_each(|s| self.selector(s));
            }
        }
    }
}
