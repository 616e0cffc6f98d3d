//! Pass 2b, member zones (`zone NAME in PARENT`, version 1.1): each member
//! is linked to its parent, and a member may not be or have an external
//! parent, nor declare a VLAN or cloud placement of its own; a cycle of
//! parents is reported and broken. Then, root first, every member takes its
//! parent's labels (after its own) and its family root's placements, and
//! every zone of a family gets the root as its segment. Containment of the
//! prefixes is `containment`'s.
//!
//! Every walk up the parents is a loop over the `parent` links with marks,
//! so a chain of members as long as the policy costs its length once.

use super::zones::placement_noun;
use super::{containment, Cx};
use crate::policy::Zone;
use crate::ZoneId;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::{Ident, ZoneField, ZoneFieldKind, ZoneItem};

impl Cx<'_> {
    /// Link every member declared in `items` to its parent, check it, and
    /// settle labels, placements and segments of every family.
    pub(super) fn resolve_members(&mut self, items: &[&ZoneItem]) {
        let mut links: Vec<Option<Ident>> = vec![None; self.model.zones.len()];
        for item in items {
            let Some(parent) = &item.parent else { continue };
            let Some(member) = self.declared(&item.name) else {
                continue;
            };
            self.check_member(item, parent, member);
            if let Some(slot) = links.get_mut(member.index()) {
                *slot = Some(parent.clone());
            }
        }
        self.break_cycles(&links);
        let order = root_first(&self.model.zones);
        for &z in &order {
            self.inherit(z);
        }
        for item in items.iter().filter(|i| i.parent.is_some()) {
            if let Some(member) = self.declared(&item.name) {
                containment::check(&self.model, member, &mut self.diags);
            }
        }
    }

    /// The id of the zone `name` declares, when it is the declaration.
    fn declared(&self, name: &Ident) -> Option<ZoneId> {
        let decl = self.names.zones.get(&name.name)?;
        let ok = self.names.zones.is_declaration(name) && decl.index < self.model.zones.len();
        ok.then(|| ZoneId::from_index(decl.index))
    }

    /// Resolve `in PARENT` for `member`: report an unknown or external
    /// parent, an external member and fields a member may not have, and
    /// link it when the parent may have members.
    fn check_member(&mut self, item: &ZoneItem, parent: &Ident, member: ZoneId) {
        for field in item.fields.iter().filter(|f| is_placement(f)) {
            self.diags.push(member_placement(item, parent, field));
        }
        if let Some(zone) = self.model.zones.get_mut(member.index()) {
            zone.vlan = None;
            zone.cloud.clear();
        }
        let Some(decl) = self.names.zones.get(&parent.name) else {
            self.diags.push(self.names.unknown_zone(parent));
            return;
        };
        let pid = ZoneId::from_index(decl.index);
        let Some(p) = self.model.zones.get(pid.index()) else {
            return;
        };
        if let Some(external) = item.external {
            self.diags
                .push(external_member(item, parent, external, false));
        } else if p.external {
            self.diags.push(external_member(item, parent, p.span, true));
        } else if let Some(zone) = self.model.zones.get_mut(member.index()) {
            zone.parent = Some(pid);
        }
    }

    /// Report every cycle of parents once and unlink its zones.
    fn break_cycles(&mut self, links: &[Option<Ident>]) {
        let n = self.model.zones.len();
        // 0: not seen, 1: on the current walk, 2: done
        let mut mark = vec![0u8; n];
        for start in 0..n {
            let mut path: Vec<usize> = Vec::new();
            let mut at = Some(start);
            while let Some(z) = at {
                at = None;
                match mark.get(z).copied() {
                    Some(0) => {
                        if let Some(m) = mark.get_mut(z) {
                            *m = 1;
                        }
                        path.push(z);
                        at = self.parent_index(z);
                    }
                    Some(1) => {
                        let from = path.iter().position(|&p| p == z).unwrap_or(0);
                        let cycle = path.split_off(from);
                        self.diags.push(member_cycle(&self.model, &cycle, links));
                        self.unlink(&cycle, &mut mark);
                    }
                    _ => {}
                }
            }
            for z in path {
                if let Some(m) = mark.get_mut(z) {
                    *m = 2;
                }
            }
        }
    }

    fn parent_index(&self, z: usize) -> Option<usize> {
        let parent = self.model.zones.get(z).and_then(|zone| zone.parent);
        parent.map(ZoneId::index)
    }

    fn unlink(&mut self, cycle: &[usize], mark: &mut [u8]) {
        for &c in cycle {
            if let Some(zone) = self.model.zones.get_mut(c) {
                zone.parent = None;
            }
            if let Some(m) = mark.get_mut(c) {
                *m = 2;
            }
        }
    }

    /// A member's labels, placements and segment from its parent and root
    /// (the parent is settled first: `root_first`).
    fn inherit(&mut self, z: usize) {
        let Some(pid) = self.model.zones.get(z).and_then(|zone| zone.parent) else {
            return;
        };
        let Some(parent) = self.model.zones.get(pid.index()) else {
            return;
        };
        let root = parent.segment.unwrap_or(pid);
        let labels = parent.labels.clone();
        let cloud = self.model.zones.get(root.index()).map(|r| r.cloud.clone());
        if let Some(r) = self.model.zones.get_mut(root.index()) {
            r.segment = Some(root);
        }
        if let Some(zone) = self.model.zones.get_mut(z) {
            for label in labels {
                if !zone.labels.contains(&label) {
                    zone.labels.push(label);
                }
            }
            zone.cloud = cloud.unwrap_or_default();
            zone.segment = Some(root);
        }
    }
}

/// The zone indices with every parent before its members: by depth, each
/// depth in id order. Parents must be acyclic (`break_cycles`).
fn root_first(zones: &[Zone]) -> Vec<usize> {
    let mut depth: Vec<Option<usize>> = vec![None; zones.len()];
    for start in 0..zones.len() {
        let mut path = Vec::new();
        let mut at = start;
        let base = loop {
            if let Some(d) = depth.get(at).copied().flatten() {
                break d + 1;
            }
            path.push(at);
            match zones.get(at).and_then(|z| z.parent) {
                Some(p) if path.len() <= zones.len() => at = p.index(),
                _ => break 0,
            }
        };
        for (i, &z) in path.iter().rev().enumerate() {
            depth[z] = Some(base + i);
        }
    }
    let mut order: Vec<usize> = (0..zones.len()).collect();
    order.sort_by_key(|&z| (depth.get(z).copied().flatten(), z));
    order
}

fn is_placement(field: &ZoneField) -> bool {
    matches!(
        field.kind,
        ZoneFieldKind::Vlan { .. }
            | ZoneFieldKind::AwsVpc(_)
            | ZoneFieldKind::AzureVnet(_)
            | ZoneFieldKind::GcpNetwork(_)
    )
}

fn member_placement(item: &ZoneItem, parent: &Ident, field: &ZoneField) -> Diagnostic {
    let keyword = field.kind.keyword();
    let what = placement_noun(keyword);
    Diagnostic::error(
        Code::MemberPlacement,
        format!("member zone `{}` declares {what} of its own", item.name.name),
    )
    .with_label(field.span, format!("`{keyword}` would put the member on another segment"))
    .with_label(parent.span, format!("a member of `{}` lives on its segment", parent.name))
    .with_help(format!(
        "remove `{keyword}`: the member uses `{}`'s VLAN and placements; for a segment of its own, declare a plain zone without `in`",
        parent.name
    ))
}

fn external_member(item: &ZoneItem, parent: &Ident, external: Span, of_parent: bool) -> Diagnostic {
    let (message, label) = if of_parent {
        (
            format!(
                "zone `{}` is a member of external zone `{}`",
                item.name.name, parent.name
            ),
            format!("`{}` is external here", parent.name),
        )
    } else {
        (
            format!("member zone `{}` is marked external", item.name.name),
            "the member is external here".to_string(),
        )
    };
    Diagnostic::error(Code::ExternalMember, message)
        .with_label(parent.span, "a member lives on its parent's segment")
        .with_label(external, label)
        .with_help(format!(
            "external zones have no segment to share; declare `{}` as a plain zone without `in` (it nests by address and starts with no rights)",
            item.name.name
        ))
}

fn member_cycle(model: &crate::Model, cycle: &[usize], links: &[Option<Ident>]) -> Diagnostic {
    let names: Vec<String> = cycle
        .iter()
        .chain(cycle.first())
        .filter_map(|&z| model.zones.get(z))
        .map(|z| format!("`{}`", z.name))
        .collect();
    let first = cycle.first().and_then(|&z| model.zones.get(z));
    let mut d = Diagnostic::error(
        Code::MemberCycle,
        format!("member zones form a cycle: {}", names.join(" in ")),
    );
    for (i, &z) in cycle.iter().enumerate() {
        if let Some(link) = links.get(z).and_then(Option::as_ref) {
            let text = if i == 0 {
                "this `in` starts the cycle"
            } else {
                "and this one closes it"
            };
            if i == 0 || i + 1 == cycle.len() {
                d = d.with_label(link.span, text);
            }
        }
    }
    d.with_help(format!(
        "a member is a part of its parent, so no zone can be a member of itself; make {} a plain zone (without `in`)",
        first.map_or("one of them".to_string(), |z| format!("`{}`", z.name))
    ))
}
