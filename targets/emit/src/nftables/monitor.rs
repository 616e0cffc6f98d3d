//! Staged enforcement in the kernel (`monitor`): a packet that the policy
//! drops and whose source or destination zone is monitored is counted,
//! logged and accepted instead. Everything the policy allows goes through
//! the same maps and chains as when nothing is monitored; only the end of
//! each source chain changes, where the logged, counted drop was:
//!
//! ```text
//! from_S: ... out4_S lookup (what the policy allows)
//!         ip daddr vmap @wd4_S        → goto wd_S-D
//!         log "zonec drop S: ", count, drop
//! wd_S-D: counter (this pair), counter name would_S / would_D,
//!         log "zonec would-drop S->D: " (rate-limited), accept
//! ```
//!
//! `wd4_S` holds the ranges of every destination class when `S` is
//! monitored, and of the monitored ones otherwise. The log prefix names
//! both ends, so each pair has its chain. Its anonymous counter is exact
//! (the log is rate-limited, and the kernel logs from a network namespace
//! other than the first only with `net.netfilter.nf_log_all_netns=1`), so
//! `nft list chain inet zonec wd_S-D` shows what enforcement would drop.
//! Monitored zones are classes of their own (the analysis's partition
//! splits them from the others), so a class is monitored or not as a
//! whole. A packet whose source is in no zone stays dropped.

use super::addr_map::{AddrMap, Element};
use super::classes::Run;
use super::flows::Flows;
use super::text::Text;
use super::{log_rule, Family};
use std::collections::{BTreeMap, BTreeSet};
use zonec_analysis::partition::{ZoneClass, ZonePartition};
use zonec_model::Model;

/// The monitored classes.
pub(crate) struct Monitor {
    monitored: BTreeSet<ZoneClass>,
}

impl Monitor {
    pub(crate) fn new(model: &Model, partition: &ZonePartition) -> Monitor {
        let monitored = model
            .monitored_zones()
            .into_iter()
            .filter(|&z| !model.is_self(z))
            .map(|z| partition.class_of(z))
            .collect();
        Monitor { monitored }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.monitored.is_empty()
    }

    /// The monitored classes, for their counters.
    pub(crate) fn classes(&self) -> impl Iterator<Item = ZoneClass> + '_ {
        self.monitored.iter().copied()
    }

    /// Write every would-drop map and chain; the lookups each source
    /// class's chain makes before its drop.
    pub(crate) fn write(
        &self,
        out: &mut Text,
        flows: &Flows,
        classes: &[ZoneClass],
    ) -> BTreeMap<ZoneClass, Vec<String>> {
        let mut lookups = BTreeMap::new();
        if self.is_empty() {
            return lookups;
        }
        out.comment("Monitored zones: what the policy would drop is counted, logged and accepted.");
        for &from in classes {
            let found = self.write_source(out, flows, classes, from);
            if !found.is_empty() {
                lookups.insert(from, found);
            }
        }
        lookups
    }

    /// The would-drop chains and maps of one source class.
    fn write_source(
        &self,
        out: &mut Text,
        flows: &Flows,
        classes: &[ZoneClass],
        from: ZoneClass,
    ) -> Vec<String> {
        let shared = flows.classes.is_shared(from);
        let monitored = self.monitored.contains(&from);
        let targets: Vec<ZoneClass> = classes
            .iter()
            .copied()
            .filter(|&to| to != from || shared)
            .filter(|to| monitored || self.monitored.contains(to))
            .collect();
        let mut chains: BTreeSet<ZoneClass> = BTreeSet::new();
        let mut maps: Vec<(Family, AddrMap)> = Vec::new();
        for family in Family::ALL
            .into_iter()
            .filter(|&f| flows.ranges.has_space(from, f))
        {
            let runs = flows.ranges.ranges_of(targets.iter().copied(), family);
            let elements: Vec<Element> =
                runs.iter().map(|r| self.element(flows, from, r)).collect();
            chains.extend(runs.iter().map(|r| r.class));
            let map = AddrMap::new(flows.names.would_map(from, family), family, elements);
            if !map.is_empty() {
                maps.push((family, map));
            }
        }
        for &to in &chains {
            self.write_chain(out, flows, from, to);
        }
        maps.iter()
            .map(|(family, map)| {
                map.write(out);
                map.lookup(family.daddr())
            })
            .collect()
    }

    fn element(&self, flows: &Flows, from: ZoneClass, run: &Run) -> Element {
        Element {
            first: run.first,
            last: run.last,
            comment: format!(
                "{} -> {}: would drop",
                flows.names.class(from),
                flows.run_label(run)
            ),
            verdict: format!("goto {}", flows.names.would_chain(from, run.class)),
        }
    }

    /// `wd_FROM-TO`: count (the pair, and each monitored end), log, accept.
    fn write_chain(&self, out: &mut Text, flows: &Flows, from: ZoneClass, to: ZoneClass) {
        let names = flows.names;
        out.open(format!("chain {}", names.would_chain(from, to)));
        out.line("counter");
        for end in [from, to] {
            if self.monitored.contains(&end) && !(end == to && to == from) {
                out.line(format!("counter name \"{}\"", names.would_counter(end)));
            }
        }
        out.line(log_rule(&names.would_prefix(from, to)));
        out.line("accept");
        out.close();
    }
}
