//! Pass 2, zones: each `zone` item's fields → a [`Zone`]. A field other
//! than `net` may appear once; labels must be declared; an external zone has
//! no VLAN and no cloud placement; any other zone needs a prefix. Prefix and
//! VLAN values, and the checks across zones, are in `prefixes`; member
//! zones (`in PARENT`) are linked and checked in `members`.

use super::{prefixes, Cx};
use crate::policy::{CloudPlacement, CloudProvider, Zone, SELF};
use crate::{LabelId, ZoneId};
use std::collections::BTreeMap;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::{Ident, ZoneField, ZoneFieldKind, ZoneItem};

impl Cx<'_> {
    /// Build every zone (ids in source order), then check prefixes and VLANs
    /// across zones. A duplicate zone's fields are checked, then it is dropped.
    pub(super) fn resolve_zones<'z>(&mut self, items: impl Iterator<Item = &'z ZoneItem>) {
        let items: Vec<&ZoneItem> = items.filter(|item| item.name.name != SELF).collect();
        for item in &items {
            let zone = self.zone(item);
            if self.names.zones.is_declaration(&item.name) {
                self.model.zones.push(zone);
            }
        }
        self.resolve_members(&items);
        prefixes::check_across_zones(&self.model.zones, &mut self.diags);
    }

    /// Add the zone `self` after every declared zone, so that selectors may
    /// name it ([`Cx::settle_self`] removes it again when none does).
    pub(super) fn add_self(&mut self) {
        let span = Span::new(zonec_base::span::FileId(0), 0, 0);
        let name = Ident {
            name: SELF.to_string(),
            span,
        };
        self.names.zones.declare_reserved(&name);
        self.model.zones.push(Zone::router(span));
    }

    /// Keep `self` (at the span that first names it) when a selector names
    /// it, else remove it: it is the last zone, so no id refers past it.
    pub(super) fn settle_self(&mut self) {
        match self.model.mentions.self_span {
            Some(span) => {
                let id = ZoneId::from_index(self.model.zones.len() - 1);
                if let Some(zone) = self.model.zones.last_mut() {
                    zone.span = span;
                }
                self.model.self_zone = Some(id);
            }
            None => {
                self.model.zones.pop();
            }
        }
    }

    fn zone(&mut self, item: &ZoneItem) -> Zone {
        let mut zone = Zone {
            name: item.name.name.clone(),
            external: item.external.is_some(),
            labels: Vec::new(),
            description: None,
            prefixes: Vec::new(),
            vlan: None,
            cloud: Vec::new(),
            span: item.name.span,
            parent: None,
            segment: None,
        };
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        for field in &item.fields {
            let keyword = field.kind.keyword();
            if keyword != "net" {
                if let Some(&first) = seen.get(keyword) {
                    self.diags.push(duplicate_field(keyword, field.span, first));
                    continue;
                }
                seen.insert(keyword, field.span);
            }
            self.zone_field(&mut zone, item, field);
        }
        zone.cloud.sort_by_key(|c| c.provider);
        if !zone.external
            && !item
                .fields
                .iter()
                .any(|f| matches!(f.kind, ZoneFieldKind::Net(_)))
        {
            self.diags.push(missing_prefix(&item.name));
        }
        zone
    }

    fn zone_field(&mut self, zone: &mut Zone, item: &ZoneItem, field: &ZoneField) {
        match &field.kind {
            ZoneFieldKind::Labels(names) => zone.labels = self.zone_labels(names),
            ZoneFieldKind::Description(d) => zone.description = Some(d.value.clone()),
            ZoneFieldKind::Net(nets) => {
                let resolved = nets
                    .iter()
                    .filter_map(|p| prefixes::prefix(p, &mut self.diags));
                zone.prefixes.extend(resolved);
            }
            ZoneFieldKind::Vlan { id, name } => {
                if let Some(ext) = item.external {
                    self.diags.push(external_placement(&item.name, ext, field));
                } else {
                    zone.vlan = prefixes::vlan(id, name.as_ref(), field.span, &mut self.diags);
                }
            }
            ZoneFieldKind::AwsVpc(s) => self.cloud(zone, item, field, CloudProvider::Aws, &s.value),
            ZoneFieldKind::AzureVnet(s) => {
                self.cloud(zone, item, field, CloudProvider::Azure, &s.value)
            }
            ZoneFieldKind::GcpNetwork(s) => {
                self.cloud(zone, item, field, CloudProvider::Gcp, &s.value)
            }
        }
    }

    fn cloud(
        &mut self,
        zone: &mut Zone,
        item: &ZoneItem,
        field: &ZoneField,
        provider: CloudProvider,
        network: &str,
    ) {
        if let Some(ext) = item.external {
            self.diags.push(external_placement(&item.name, ext, field));
            return;
        }
        zone.cloud.push(CloudPlacement {
            provider,
            network: network.to_string(),
            span: field.span,
        });
    }

    /// Declared labels as ids, in the order written, each once.
    fn zone_labels(&mut self, names: &[Ident]) -> Vec<LabelId> {
        let mut ids: Vec<LabelId> = Vec::with_capacity(names.len());
        for name in names {
            match self.names.labels.get(&name.name) {
                Some(decl) => {
                    let id = LabelId::from_index(decl.index);
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                None => self.diags.push(self.names.unknown_label(name, false)),
            }
        }
        ids
    }
}

/// A zone field written twice where it may appear once. Worded like the
/// parser's report of a repeated field in the other blocks.
fn duplicate_field(keyword: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateField,
        format!("`{keyword}` is given twice in this zone"),
    )
    .with_label(again, format!("second `{keyword}`, ignored"))
    .with_label(first, "first given here")
    .with_help(format!("keep one `{keyword}`; only `net` may repeat"))
}

fn missing_prefix(name: &Ident) -> Diagnostic {
    Diagnostic::error(Code::MissingPrefix, format!("zone `{}` has no prefix", name.name))
        .with_label(name.span, "no `net` field in this zone")
        .with_help(format!(
            "give the zone its addresses, e.g. `net 10.0.0.0/24`, or mark it `zone {} external` if it stands for networks outside the organisation",
            name.name
        ))
}

/// What a placement field puts a zone on, for messages: `a VLAN` or `a
/// cloud placement`.
pub(super) fn placement_noun(keyword: &str) -> &'static str {
    if keyword == "vlan" {
        "a VLAN"
    } else {
        "a cloud placement"
    }
}

fn external_placement(name: &Ident, external: Span, field: &ZoneField) -> Diagnostic {
    let keyword = field.kind.keyword();
    let what = placement_noun(keyword);
    Diagnostic::error(
        Code::ExternalPlacement,
        format!("external zone `{}` has {what}", name.name),
    )
    .with_label(field.span, format!("`{keyword}` places the zone inside the organisation"))
    .with_label(external, "the zone is external here")
    .with_help(format!(
        "an external zone stands for networks zonec does not place; remove `{keyword}`, or drop `external`"
    ))
}
