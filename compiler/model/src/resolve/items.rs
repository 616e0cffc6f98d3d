//! Pass 1, declarations: the `policy` item (at most one), labels and
//! services are resolved as they come (they refer to no other name); zone
//! names are declared so that later passes can refer to them in any order.

use super::{ports, Cx};
use crate::policy::{Label, PolicyInfo, Service, SELF};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::{Item, ItemKind, LabelItem, PolicyItem, ServiceItem, ZoneItem};

impl Cx<'_> {
    pub(super) fn declare(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Policy(p) => self.policy(p, item.span),
            ItemKind::Label(l) => self.label(l),
            ItemKind::Service(s) => self.service(s),
            ItemKind::Zone(z) if z.name.name == SELF => {
                self.diags.push(reserved_self(z));
            }
            ItemKind::Zone(z) => {
                self.names.zones.declare(&z.name, &mut self.diags);
            }
            ItemKind::Rule(_) | ItemKind::Invariant(_) | ItemKind::Monitor(_) => {}
        }
    }

    fn policy(&mut self, p: &PolicyItem, item: Span) {
        // `policy "Name"`: the keyword and the name, without the owner block.
        let head = Span {
            end: p.name.span.end,
            ..item
        };
        if let Some(first) = &self.model.policy {
            self.diags.push(
                Diagnostic::error(Code::DuplicatePolicy, "more than one `policy` item")
                    .with_label(head, "second `policy` here")
                    .with_label(first.span, "first `policy` here")
                    .with_help("a policy has one name and owner, even when it spans several files; keep one `policy` item"),
            );
            return;
        }
        self.model.policy = Some(PolicyInfo {
            name: p.name.value.clone(),
            owner: p.owner.as_ref().map(|o| o.value.clone()),
            span: head,
        });
    }

    fn label(&mut self, l: &LabelItem) {
        if self
            .names
            .labels
            .declare(&l.name, &mut self.diags)
            .is_none()
        {
            return;
        }
        self.model.labels.push(Label {
            name: l.name.name.clone(),
            description: l.description.as_ref().map(|d| d.value.clone()),
            cites: l.cites.iter().map(|c| c.value.clone()).collect(),
            span: l.name.span,
        });
    }

    /// A duplicate service's ports are still checked, then it is dropped.
    fn service(&mut self, s: &ServiceItem) {
        let declared = self
            .names
            .services
            .declare(&s.name, &mut self.diags)
            .is_some();
        let ports = ports::union(&s.ports, &mut self.diags);
        if declared {
            self.model.services.push(Service {
                name: s.name.name.clone(),
                ports,
                span: s.name.span,
            });
        }
    }
}

/// `zone self { ... }`: the router is not declared, and has no fields.
fn reserved_self(zone: &ZoneItem) -> Diagnostic {
    let d = Diagnostic::error(
        Code::ReservedSelf,
        "`self` is the router itself and cannot be declared as a zone",
    )
    .with_label(zone.name.span, "reserved name");
    let d = match (zone.fields.first(), zone.fields.last()) {
        (Some(first), Some(last)) => d.with_label(
            first.span.to(last.span),
            "`self` has no prefixes, VLAN, labels or placement",
        ),
        _ => d,
    };
    d.with_help(
        "remove this item: `self` needs no declaration (traffic to any of the router's addresses is traffic to `self`); name it in rules, e.g. `allow mgmt -> self : ssh`",
    )
}
