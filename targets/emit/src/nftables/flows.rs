//! The per-class chains and maps: the allowed flows themselves.
//!
//! Flows are written per zone class (`classes.rs`): zones of a class have
//! the same flows, so one chain and one map serve them all, and the cost
//! follows the policy's class pairs, not the square of its zones. A class
//! of one zone is written as that zone (`from_guest`, `out4_guest`); a
//! class of several is named after its first zone (`from_class-lobby`).
//!
//! A new connection from class `S` to class `D` is decided in one of two
//! places (see `layout.rs` for which). If `D` checks some pairs by source,
//! the forward chain's destination map (`dst4`/`dst6`) first jumps to
//! `to_D`, where one lookup of the source address in `in4_D`/`in6_D`
//! decides those pairs. Otherwise, or when nothing there accepts, the
//! packet comes back and the source map (`src4`/`src6`) sends it to
//! `from_S`, where one lookup of the destination address in
//! `out4_S`/`out6_S` decides the pairs checked on the source side. Every
//! pair is in exactly one of those maps, so no pair is decided twice. A
//! verdict is `accept` (every port, or traffic inside a class of one zone)
//! or `jump svc_N` (the chain of the allowed ports). A packet nothing
//! accepts ends at `from_S`'s logged, counted drop. Traffic inside one zone
//! of a class of several zones is accepted before any of this
//! (`same_zone.rs`): the class's own ranges in its map carry the verdict
//! between two distinct zones of the class.
//!
//! Elements carry the granting rules' tickets and reasons as comments. The
//! full derivation of each flow (every granting rule, every deny that cut
//! it) is `zonec explain`'s and the report's job, not the ruleset's: at a
//! thousand zones those `#` lines were half the file and a sixth of the
//! load time.

use super::addr_map::{AddrMap, Element};
use super::classes::{ClassRanges, Classes, Run};
use super::layout::{Layout, Side};
use super::names::Names;
use super::services::Services;
use super::text::Text;
use super::{log_rule, Family};
use std::collections::BTreeMap;
use std::sync::Arc;
use zonec_analysis::effective::Flow;
use zonec_analysis::partition::ZoneClass;
use zonec_model::Model;

/// Widest line of zone names in a class's heading.
const NAMES_LINE: usize = 96;

/// What the emitter needs to write the chains of every class.
pub(crate) struct Flows<'a> {
    pub model: &'a Model,
    pub classes: &'a Classes<'a>,
    pub ranges: &'a ClassRanges,
    pub names: &'a Names,
    pub services: &'a Services<'a>,
    pub layout: &'a Layout,
}

/// The allowed class pairs, by source and by destination.
pub(crate) struct Index<'a> {
    pub outbound: BTreeMap<ZoneClass, Vec<(ZoneClass, &'a Flow)>>,
    pub inbound: BTreeMap<ZoneClass, Vec<(ZoneClass, &'a Flow)>>,
}

/// The verdict for one class at the other end of a pair, and what its
/// elements' comments say after the pair.
pub(super) struct Target {
    verdict: Arc<str>,
    /// `: CHG-7: guest browsing`, or empty.
    tail: String,
}

impl<'a> Flows<'a> {
    /// Every class that owns an address, in class order (a class is
    /// numbered by its first zone, so this is zone order when every class
    /// has one zone).
    pub(crate) fn classes_with_space(&self) -> Vec<ZoneClass> {
        self.classes
            .partition()
            .classes()
            .filter(|&c| Family::ALL.iter().any(|&f| self.ranges.has_space(c, f)))
            .collect()
    }

    /// Every allowed class pair, by source and by destination.
    pub(crate) fn index(&self) -> Index<'a> {
        let mut index = Index {
            outbound: BTreeMap::new(),
            inbound: BTreeMap::new(),
        };
        let allowed = self.classes.flows().filter(|(_, f)| !f.ports.is_empty());
        for ((from, to), flow) in allowed {
            index.outbound.entry(from).or_default().push((to, flow));
            index.inbound.entry(to).or_default().push((from, flow));
        }
        index
    }

    /// Write one class's maps and chains; `would_drop` are the lookups of
    /// the pairs a monitored end lets through (`monitor.rs`), made just
    /// before the drop.
    pub(crate) fn write_class(
        &self,
        out: &mut Text,
        class: ZoneClass,
        index: &Index,
        would_drop: &[String],
    ) {
        let none = Vec::new();
        self.write_heading(out, class);
        let outbound = index.outbound.get(&class).unwrap_or(&none);
        self.write_outbound(out, class, outbound, would_drop);
        let inbound = index.inbound.get(&class).unwrap_or(&none);
        self.write_inbound(out, class, inbound);
        out.blank();
    }

    /// The class's destination maps and its chain `from_CLASS`.
    fn write_outbound(
        &self,
        out: &mut Text,
        class: ZoneClass,
        flows: &[(ZoneClass, &Flow)],
        would_drop: &[String],
    ) {
        let outbound = self.outbound_targets(class, flows);
        let single = !self.classes.is_shared(class);
        let mut lookups = Vec::new();
        for family in Family::ALL
            .into_iter()
            .filter(|&f| self.ranges.has_space(class, f))
        {
            let name = self.names.out_map(class, family);
            let side = |d: ZoneClass| {
                (single && d == class) || self.layout.side(class, d, family) == Some(Side::Source)
            };
            let from = |_: &Run| self.names.class(class);
            let to = |r: &Run| self.run_label(r);
            let elements = self.elements(family, &outbound, side, from, to);
            let map = AddrMap::new(name, family, elements);
            map.write(out);
            lookups.push(map.lookup(family.daddr()));
        }
        lookups.extend(would_drop.iter().cloned());
        self.write_source_chain(out, class, &lookups);
    }

    /// The class's source maps and its chain `to_CLASS`, if some pair into
    /// it is checked on its side.
    fn write_inbound(&self, out: &mut Text, class: ZoneClass, flows: &[(ZoneClass, &Flow)]) {
        let families: Vec<Family> = Family::ALL
            .into_iter()
            .filter(|&f| self.layout.has_inbound(class, f))
            .collect();
        if families.is_empty() {
            return;
        }
        let c = self.names.class(class);
        out.comment(&format!(
            "Into {c}, checked by source: these sources have fewer address ranges than {c}."
        ));
        let inbound = self.targets_of(flows);
        let mut lookups = Vec::new();
        for family in families {
            let name = self.names.in_map(class, family);
            let side = |s: ZoneClass| self.layout.side(s, class, family) == Some(Side::Destination);
            let from = |r: &Run| self.run_label(r);
            let to = |_: &Run| c;
            let elements = self.elements(family, &inbound, side, from, to);
            let map = AddrMap::new(name, family, elements);
            map.write(out);
            lookups.push(map.lookup(family.saddr()));
        }
        out.open(format!("chain {}", self.names.dest_chain(class)));
        for lookup in lookups {
            out.line(lookup);
        }
        out.close();
    }

    /// A run's name in comments: its zone's, or its class's.
    pub(super) fn run_label(&self, run: &Run) -> &'a str {
        match run.zone {
            Some(z) => self.names.zone(z),
            None => self.names.class(run.class),
        }
    }

    /// The elements for every run of every class in `targets` that `keep`
    /// accepts, in address order; `from` and `to` name the pair's ends in
    /// the comment of each run's element.
    pub(super) fn elements<'n>(
        &self,
        family: Family,
        targets: &BTreeMap<ZoneClass, Target>,
        keep: impl Fn(ZoneClass) -> bool,
        from: impl Fn(&Run) -> &'n str,
        to: impl Fn(&Run) -> &'n str,
    ) -> Vec<Element> {
        let classes = targets.keys().copied().filter(|&c| keep(c));
        self.ranges
            .ranges_of(classes, family)
            .into_iter()
            .filter_map(|r: &Run| {
                let t = targets.get(&r.class)?;
                let (from, to) = (from(r), to(r));
                let mut comment = String::with_capacity(from.len() + to.len() + t.tail.len() + 4);
                for part in [from, " -> ", to, &t.tail] {
                    comment.push_str(part);
                }
                Some(Element {
                    first: r.first,
                    last: r.last,
                    comment,
                    verdict: Arc::clone(&t.verdict),
                })
            })
            .collect()
    }

    fn outbound_targets(
        &self,
        class: ZoneClass,
        outbound: &[(ZoneClass, &Flow)],
    ) -> BTreeMap<ZoneClass, Target> {
        let mut targets = BTreeMap::new();
        if !self.classes.is_shared(class) {
            targets.insert(
                class,
                Target {
                    verdict: Arc::from("accept"),
                    tail: ": inside the zone".into(),
                },
            );
        }
        for &(to, flow) in outbound {
            targets.extend(self.target(flow).map(|t| (to, t)));
        }
        targets
    }

    /// The verdict for each class at the other end of `flows`.
    pub(super) fn targets_of(&self, flows: &[(ZoneClass, &Flow)]) -> BTreeMap<ZoneClass, Target> {
        flows
            .iter()
            .filter_map(|&(from, flow)| self.target(flow).map(|t| (from, t)))
            .collect()
    }

    fn target(&self, flow: &Flow) -> Option<Target> {
        let verdict = self.services.verdict(&flow.ports)?;
        Some(Target {
            verdict,
            tail: self.grants(flow),
        })
    }

    /// `: CHG-7: guest browsing; DNS`, the tickets and reasons of the
    /// rules that grant a flow, each `TICKET: REASON` (empty when they have
    /// none).
    fn grants(&self, flow: &Flow) -> String {
        let mut out = String::new();
        for grant in flow.grants.iter().filter(|g| !g.ports.is_empty()) {
            let meta = &self.model.rule(grant.rule).meta;
            let mut parts = [meta.ticket.as_deref(), meta.reason.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty());
            let Some(first) = parts.next() else { continue };
            out.push_str(if out.is_empty() { ": " } else { "; " });
            out.push_str(first);
            for part in parts {
                out.push_str(": ");
                out.push_str(part);
            }
        }
        out
    }

    /// `# Zone NAME (VLAN N).`, or `# Class class-NAME, N zones:` and the
    /// zones' names.
    fn write_heading(&self, out: &mut Text, class: ZoneClass) {
        let members = self.classes.partition().members(class);
        if let [zone] = members {
            let z = self.model.zone(*zone);
            let vlan = z
                .vlan
                .as_ref()
                .map(|v| format!(" (VLAN {})", v.id))
                .unwrap_or_default();
            out.comment(&format!("Zone {}{vlan}.", z.name));
            return;
        }
        out.comment(&format!(
            "Class {}, {} zones no rule tells apart:",
            self.names.class(class),
            members.len()
        ));
        let mut line = String::new();
        for &zone in members {
            let name = self.names.zone(zone);
            if !line.is_empty() && line.len() + name.len() > NAMES_LINE {
                out.comment(&format!("  {line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push_str(", ");
            }
            line.push_str(name);
        }
        if !line.is_empty() {
            out.comment(&format!("  {line}"));
        }
    }

    fn write_source_chain(&self, out: &mut Text, class: ZoneClass, lookups: &[String]) {
        out.open(format!("chain {}", self.names.source_chain(class)));
        for lookup in lookups {
            out.line(lookup);
        }
        out.line(log_rule(&self.names.class_log_prefix("drop", class)));
        out.line(format!(
            "counter name \"{}\" drop",
            self.names.drop_counter(class)
        ));
        out.close();
    }
}
