//! The per-source-zone chains: the allowed flows themselves.
//!
//! A packet from zone `S` arrives at `from_S` (through the source map). One
//! lookup of its destination address in `to4_S` / `to6_S` gives the verdict
//! for the destination zone: `accept` (every port allowed, or traffic inside
//! `S`), or `jump svc_N` (the service chain of the allowed ports). A
//! destination with nothing allowed is not in the map at all, so the packet
//! falls through to the zone's logged, counted drop. The map's elements
//! carry the granting rules' tickets and reasons as comments, and `#` lines
//! above it list every flow in full.

use super::classify::{range_text, Partition};
use super::names::Names;
use super::services::Services;
use super::text::{comment_clause, Text};
use super::{log_rule, Family};
use std::collections::BTreeMap;
use zonec_compiler::analysis::effective::{EffectivePolicy, Flow};
use zonec_compiler::model::{Meta, Model, PortSet, ZoneId};

/// What the emitter needs to write the chains of every source zone.
pub(crate) struct Flows<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    pub partition: &'a Partition,
    pub names: &'a Names,
    pub services: &'a Services,
}

/// The verdict for one destination zone and the comment its elements carry.
struct Target {
    verdict: String,
    comment: String,
}

impl Flows<'_> {
    /// Every zone that owns an address, in zone order.
    pub(crate) fn zones_with_space(&self) -> Vec<ZoneId> {
        self.model
            .zone_ids()
            .filter(|&z| Family::ALL.iter().any(|&f| self.partition.has_space(z, f)))
            .collect()
    }

    /// Flows from `zone` with at least one allowed port, by destination.
    fn allowed_from(&self, zone: ZoneId) -> impl Iterator<Item = (ZoneId, &Flow)> + '_ {
        let all = (zone, ZoneId(0))..=(zone, ZoneId(u32::MAX));
        self.effective
            .flows
            .range(all)
            .filter(|(_, f)| !f.ports.is_empty())
            .map(|(&(_, to), f)| (to, f))
    }

    /// Write the documentation, destination maps and chain of one zone.
    pub(crate) fn write_zone(&self, out: &mut Text, zone: ZoneId) {
        self.write_doc(out, zone);
        let targets = self.targets(zone);
        let mut families = Vec::new();
        for family in Family::ALL {
            if self.partition.has_space(zone, family) {
                self.write_map(out, zone, family, &targets);
                families.push(family);
            }
        }
        self.write_chain(out, zone, &families);
    }

    fn targets(&self, zone: ZoneId) -> BTreeMap<ZoneId, Target> {
        let mut targets = BTreeMap::new();
        let inside = format!("{0} -> {0}: inside the zone", self.names.zone(zone));
        targets.insert(
            zone,
            Target {
                verdict: "accept".into(),
                comment: inside,
            },
        );
        for (to, flow) in self.allowed_from(zone) {
            if let Some(verdict) = self.services.verdict(&flow.ports) {
                let comment = self.element_comment(zone, to, flow);
                targets.insert(to, Target { verdict, comment });
            }
        }
        targets
    }

    /// `guest -> internet: CHG-7 guest browsing; CHG-9 DNS`.
    fn element_comment(&self, from: ZoneId, to: ZoneId, flow: &Flow) -> String {
        let pair = format!("{} -> {}", self.names.zone(from), self.names.zone(to));
        let grants: Vec<String> = flow
            .grants
            .iter()
            .filter(|g| !g.ports.is_empty())
            .map(|g| meta_summary(&self.model.rule(g.rule).meta))
            .filter(|s| !s.is_empty())
            .collect();
        if grants.is_empty() {
            pair
        } else {
            format!("{pair}: {}", grants.join("; "))
        }
    }

    fn write_doc(&self, out: &mut Text, zone: ZoneId) {
        let z = self.model.zone(zone);
        let vlan = z
            .vlan
            .as_ref()
            .map(|v| format!(" (VLAN {})", v.id))
            .unwrap_or_default();
        out.comment(&format!("Traffic from zone {}{vlan}.", z.name));
        let mut any = false;
        for (to, flow) in self.allowed_from(zone) {
            any = true;
            let d = self.names.zone(to);
            out.comment(&format!("  {} -> {d}: {}", z.name, flow.ports));
            for g in flow.grants.iter().filter(|g| !g.ports.is_empty()) {
                let meta = meta_summary(&self.model.rule(g.rule).meta);
                out.comment(&format!("    allowed by: {}", or_unexplained(&meta)));
            }
            let granted = self.granted(flow);
            for (rule, ports) in flow.denies.iter().filter(|(_, p)| p.overlaps(&granted)) {
                let ports = ports.intersect(&granted);
                let meta = meta_summary(&self.model.rule(*rule).meta);
                out.comment(&format!(
                    "    minus {ports}, denied by: {}",
                    or_unexplained(&meta)
                ));
            }
        }
        if !any {
            out.comment(&format!(
                "  {} may open no connection to another zone.",
                z.name
            ));
        }
    }

    /// The ports the pair's allows name, before any deny.
    fn granted(&self, flow: &Flow) -> PortSet {
        flow.grants.iter().fold(PortSet::empty(), |acc, g| {
            acc.union(&self.model.rule(g.rule).ports)
        })
    }

    fn write_map(
        &self,
        out: &mut Text,
        zone: ZoneId,
        family: Family,
        targets: &BTreeMap<ZoneId, Target>,
    ) {
        let elements: Vec<String> = self
            .partition
            .family(family)
            .iter()
            .filter_map(|s| {
                let t = targets.get(&s.zone)?;
                let range = range_text(s.first, s.last);
                Some(format!(
                    "{range}{} : {}",
                    comment_clause(&t.comment),
                    t.verdict
                ))
            })
            .collect();
        out.open(format!("map {}", self.names.to_map(zone, family)));
        out.line(format!("type {} : verdict", family.addr_type()));
        out.line("flags interval");
        out.elements(&elements);
        out.close();
    }

    fn write_chain(&self, out: &mut Text, zone: ZoneId, families: &[Family]) {
        out.open(format!("chain {}", self.names.source_chain(zone)));
        for &family in families {
            out.line(format!(
                "{} vmap @{}",
                family.daddr(),
                self.names.to_map(zone, family)
            ));
        }
        out.line(log_rule(&self.names.log_prefix("drop", zone)));
        out.line(format!(
            "counter name \"{}\" drop",
            self.names.drop_counter(zone)
        ));
        out.close();
        out.blank();
    }
}

/// `CHG-1042 SUD clinicians chart encounters`: a rule's ticket and reason.
fn meta_summary(meta: &Meta) -> String {
    let parts: Vec<&str> = [meta.ticket.as_deref(), meta.reason.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    parts.join(" ")
}

fn or_unexplained(summary: &str) -> &str {
    if summary.is_empty() {
        "a rule with no ticket or reason"
    } else {
        summary
    }
}
