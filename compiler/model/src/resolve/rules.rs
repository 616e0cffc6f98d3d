//! Pass 3, rules and invariants: both selectors expanded, the service list
//! turned into a port set, meta copied and checked. An item with an unknown
//! name or a bad port is reported and left out of the model; warnings (a
//! selector matching no zone, a flow from a zone only to itself) keep it.

use super::meta::{self, head_span};
use super::selectors::{self, LabelIndex};
use super::{ports, window, Cx};
use crate::policy::{Action, Invariant, InvariantKind, Rule, ServiceUse};
use crate::{PortSet, ZoneId};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::{
    self, InvariantItem, Item, ItemKind, RuleAction, RuleItem, Selector, ServiceRef,
};

/// What a rule and an invariant have in common once resolved.
pub(super) struct Flow {
    pub(super) from: Vec<ZoneId>,
    pub(super) to: Vec<ZoneId>,
    services: Vec<ServiceUse>,
    ports: PortSet,
}

impl Cx<'_> {
    pub(super) fn resolve_flow(&mut self, item: &Item, labels: &LabelIndex) {
        match &item.kind {
            ItemKind::Rule(r) => self.rule(r, item.span, labels),
            ItemKind::Invariant(i) => self.invariant(i, item.span, labels),
            ItemKind::Monitor(m) => self.monitor(m, item.span, labels),
            _ => {}
        }
    }

    fn rule(&mut self, r: &RuleItem, span: Span, labels: &LabelIndex) {
        let (action, keyword) = match r.action {
            RuleAction::Allow => (Action::Allow, "allow"),
            RuleAction::Deny => (Action::Deny, "deny"),
        };
        let head = head_span(span, r.to.span);
        let flow = self.flow(&r.from, &r.to, &r.services, labels);
        if let Some(flow) = &flow {
            self.warn_self_flow(keyword, flow, head);
        }
        let mut meta = meta::meta(&r.meta);
        meta.window = window::window(r.meta.window.as_ref(), keyword, &mut self.diags);
        if let Some(expires) = &r.meta.expires {
            meta::check_expiry(keyword, expires, self.options.today, &mut self.diags);
        }
        let Some(flow) = flow else { return };
        self.model.rules.push(Rule {
            action,
            from: flow.from,
            to: flow.to,
            services: flow.services,
            ports: flow.ports,
            meta,
            span,
            head_span: head,
        });
    }

    fn invariant(&mut self, i: &InvariantItem, span: Span, labels: &LabelIndex) {
        let (kind, keyword) = match i.kind {
            ast::InvariantKind::Forbid => (InvariantKind::Forbid, "forbid"),
            ast::InvariantKind::ForbidPath => (InvariantKind::ForbidPath, "forbid"),
            ast::InvariantKind::Require => (InvariantKind::Require, "require"),
        };
        let head = head_span(span, i.to.span);
        let flow = self.flow(&i.from, &i.to, &i.services, labels);
        if let Some(flow) = flow.as_ref().filter(|_| kind != InvariantKind::Require) {
            // a `require` inside one zone holds (such traffic is always allowed)
            self.warn_self_flow(keyword, flow, head);
        }
        let mut meta = meta::meta(&i.meta);
        meta.window = window::window(i.meta.window.as_ref(), keyword, &mut self.diags);
        if let Some(expires) = &i.meta.expires {
            self.diags
                .push(meta::expires_on_invariant(keyword, expires));
            meta.expires = None;
        }
        let require_ok = kind != InvariantKind::Require || !i.services.is_empty();
        if !require_ok {
            self.diags.push(require_without_services(i, head));
        }
        let Some(flow) = flow.filter(|_| require_ok) else {
            return;
        };
        self.model.invariants.push(Invariant {
            kind,
            from: flow.from,
            to: flow.to,
            services: flow.services,
            ports: flow.ports,
            meta,
            span,
            head_span: head,
            from_text: i.from.to_string(),
            to_text: i.to.to_string(),
        });
    }

    /// Both selectors and the services, with a warning for a selector that
    /// matches no zone.
    pub(super) fn flow(
        &mut self,
        from: &Selector,
        to: &Selector,
        services: &[ServiceRef],
        labels: &LabelIndex,
    ) -> Option<Flow> {
        let mentions = &mut self.model.mentions;
        let f = selectors::expand(from, &self.names, labels, mentions, &mut self.diags);
        let t = selectors::expand(to, &self.names, labels, mentions, &mut self.diags);
        let s = ports::service_uses(services, &self.names, &self.model.services, &mut self.diags);
        for (sel, zones) in [(from, &f), (to, &t)] {
            if zones.as_ref().is_some_and(Vec::is_empty) {
                self.diags.push(selectors::empty_selector(sel));
            }
        }
        let (from, to, (services, ports)) = (f?, t?, s?);
        Some(Flow {
            from,
            to,
            services,
            ports,
        })
    }

    /// Every pair is a zone with itself, or two zones of one family (one
    /// segment): nothing a target can enforce.
    fn warn_self_flow(&mut self, keyword: &str, flow: &Flow, head: Span) {
        if let ([a], [b]) = (flow.from.as_slice(), flow.to.as_slice()) {
            if a == b {
                let zone = &self.model.zone(*a).name;
                self.diags.push(self_flow(keyword, zone, head));
                return;
            }
        }
        if let Some(root) = one_segment(&self.model, flow) {
            let root = &self.model.zone(root).name;
            self.diags.push(segment_flow(keyword, root, head));
        }
    }
}

/// The root of the one family every zone of `flow` belongs to, if there is
/// one: then each of its pairs is a self-pair or a pair on one segment.
fn one_segment(model: &crate::Model, flow: &Flow) -> Option<ZoneId> {
    let mut zones = flow.from.iter().chain(&flow.to);
    let first = model.zones.get(zones.next()?.index())?.segment?;
    zones
        .all(|z| model.zones.get(z.index()).and_then(|z| z.segment) == Some(first))
        .then_some(first)
}

fn segment_flow(keyword: &str, root: &str, head: Span) -> Diagnostic {
    Diagnostic::warning(
        Code::SegmentFlow,
        format!("`{keyword}` relates only zones of `{root}`'s segment"),
    )
    .with_label(head, format!("every pair here is `{root}` and its members"))
    .with_help(
        "a member lives on its parent's segment: traffic between them never crosses the firewall and is always allowed, so no target can enforce this; remove the item, or make the member a plain zone with a VLAN of its own",
    )
}

fn self_flow(keyword: &str, zone: &str, head: Span) -> Diagnostic {
    Diagnostic::warning(
        Code::SelfFlow,
        format!("`{keyword}` relates zone `{zone}` only to itself"),
    )
    .with_label(head, format!("the only pair here is `{zone} -> {zone}`"))
    .with_help(
        "traffic inside one zone never crosses the firewall and is always allowed, so no target can enforce a flow inside one zone; remove this item",
    )
}

fn require_without_services(i: &InvariantItem, head: Span) -> Diagnostic {
    Diagnostic::error(Code::RequireWithoutServices, "`require` without services")
        .with_label(head, "no `: services` after the destination")
        .with_help(format!(
            "name the services the flow needs, e.g. `require {} -> {} : https`",
            i.from, i.to
        ))
}
