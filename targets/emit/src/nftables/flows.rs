//! The per-zone chains and maps: the allowed flows themselves.
//!
//! A new connection from zone `S` to zone `D` is decided in one of two
//! places (see `layout.rs` for which). If `D` checks some pairs by source,
//! the forward chain's destination map (`dst4`/`dst6`) first jumps to
//! `to_D`, where one lookup of the source address in `in4_D`/`in6_D`
//! decides those pairs. Otherwise, or when nothing there accepts, the
//! packet comes back and the source map (`src4`/`src6`) sends it to
//! `from_S`, where one lookup of the destination address in
//! `out4_S`/`out6_S` decides the pairs checked on the source side. Every
//! pair is in exactly one of those maps, so no pair is decided twice. A
//! verdict is `accept` (every port, or traffic inside `S`) or `jump svc_N`
//! (the chain of the allowed ports). A packet nothing accepts ends at
//! `from_S`'s logged, counted drop.
//!
//! Elements carry the granting rules' tickets and reasons as comments. The
//! full derivation of each flow (every granting rule, every deny that cut
//! it) is `zonec explain`'s and the report's job, not the ruleset's: at a
//! thousand zones those `#` lines were half the file and a sixth of the
//! load time.

use super::addr_map::{AddrMap, Element};
use super::classify::{Partition, Segment};
use super::layout::{Layout, Side};
use super::names::Names;
use super::services::Services;
use super::text::Text;
use super::{log_rule, Family};
use std::collections::BTreeMap;
use zonec_analysis::effective::{EffectivePolicy, Flow};
use zonec_model::{Meta, Model, ZoneId};

/// What the emitter needs to write the chains of every zone.
pub(crate) struct Flows<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    pub partition: &'a Partition,
    pub names: &'a Names,
    pub services: &'a Services,
    pub layout: &'a Layout,
}

/// The verdict for one zone at the other end of a pair, and the comment
/// its elements carry.
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
        self.effective
            .flows_from(zone)
            .filter(|(_, f)| !f.ports.is_empty())
    }

    /// Write one zone's maps and chains.
    pub(crate) fn write_zone(&self, out: &mut Text, zone: ZoneId, inbound: &[(ZoneId, &Flow)]) {
        self.write_heading(out, zone);
        let outbound = self.outbound_targets(zone);
        let mut lookups = Vec::new();
        for family in Family::ALL
            .into_iter()
            .filter(|&f| self.partition.has_space(zone, f))
        {
            let name = self.names.out_map(zone, family);
            let side =
                |d: ZoneId| d == zone || self.layout.side(zone, d, family) == Some(Side::Source);
            let map = AddrMap::new(name, family, self.segments(family, &outbound, side));
            map.write(out);
            lookups.push(map.lookup(family.daddr()));
        }
        self.write_source_chain(out, zone, &lookups);
        let inbound = self.inbound_targets(zone, inbound);
        if Family::ALL
            .iter()
            .any(|&f| self.layout.has_inbound(zone, f))
        {
            let z = self.names.zone(zone);
            out.comment(&format!(
                "Into {z}, checked by source: these sources have fewer address ranges than {z}."
            ));
        }
        let mut in_lookups = Vec::new();
        for family in Family::ALL
            .into_iter()
            .filter(|&f| self.layout.has_inbound(zone, f))
        {
            let name = self.names.in_map(zone, family);
            let side = |s: ZoneId| self.layout.side(s, zone, family) == Some(Side::Destination);
            let map = AddrMap::new(name, family, self.segments(family, &inbound, side));
            map.write(out);
            in_lookups.push(map.lookup(family.saddr()));
        }
        if !in_lookups.is_empty() {
            out.open(format!("chain {}", self.names.dest_chain(zone)));
            for lookup in in_lookups {
                out.line(lookup);
            }
            out.close();
        }
        out.blank();
    }

    /// The elements for every range of every zone in `targets` that `keep`
    /// accepts, in address order.
    fn segments(
        &self,
        family: Family,
        targets: &BTreeMap<ZoneId, Target>,
        keep: impl Fn(ZoneId) -> bool,
    ) -> Vec<Element> {
        let zones = targets.keys().copied().filter(|&z| keep(z));
        self.partition
            .ranges_of(zones, family)
            .into_iter()
            .filter_map(|s: &Segment| {
                let t = targets.get(&s.zone)?;
                Some(Element {
                    first: s.first,
                    last: s.last,
                    comment: t.comment.clone(),
                    verdict: t.verdict.clone(),
                })
            })
            .collect()
    }

    fn outbound_targets(&self, zone: ZoneId) -> BTreeMap<ZoneId, Target> {
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
            targets.extend(self.target(zone, to, flow).map(|t| (to, t)));
        }
        targets
    }

    fn inbound_targets(
        &self,
        zone: ZoneId,
        inbound: &[(ZoneId, &Flow)],
    ) -> BTreeMap<ZoneId, Target> {
        inbound
            .iter()
            .filter_map(|&(from, flow)| self.target(from, zone, flow).map(|t| (from, t)))
            .collect()
    }

    fn target(&self, from: ZoneId, to: ZoneId, flow: &Flow) -> Option<Target> {
        let verdict = self.services.verdict(&flow.ports)?;
        Some(Target {
            verdict,
            comment: self.element_comment(from, to, flow),
        })
    }

    /// `guest -> internet: CHG-7: guest browsing; DNS`.
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

    /// `# Zone NAME (VLAN N).`
    fn write_heading(&self, out: &mut Text, zone: ZoneId) {
        let z = self.model.zone(zone);
        let vlan = z
            .vlan
            .as_ref()
            .map(|v| format!(" (VLAN {})", v.id))
            .unwrap_or_default();
        out.comment(&format!("Zone {}{vlan}.", z.name));
    }

    fn write_source_chain(&self, out: &mut Text, zone: ZoneId, lookups: &[String]) {
        out.open(format!("chain {}", self.names.source_chain(zone)));
        for lookup in lookups {
            out.line(lookup);
        }
        out.line(log_rule(&self.names.log_prefix("drop", zone)));
        out.line(format!(
            "counter name \"{}\" drop",
            self.names.drop_counter(zone)
        ));
        out.close();
    }

    /// Every allowed flow by destination: the input of the `in` maps.
    pub(crate) fn inbound_index(&self) -> BTreeMap<ZoneId, Vec<(ZoneId, &Flow)>> {
        let mut index: BTreeMap<ZoneId, Vec<(ZoneId, &Flow)>> = BTreeMap::new();
        for ((from, to), flow) in self.effective.allowed_flows() {
            index.entry(to).or_default().push((from, flow));
        }
        index
    }
}

/// `CHG-1042: SUD clinicians chart encounters`: a rule's ticket and reason.
fn meta_summary(meta: &Meta) -> String {
    let parts: Vec<&str> = [meta.ticket.as_deref(), meta.reason.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    parts.join(": ")
}
