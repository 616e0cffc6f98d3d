//! Staged enforcement in the kernel (`monitor`): a packet that the policy
//! drops and whose source or destination zone is monitored is counted,
//! logged naming both zones and accepted instead. Everything the policy
//! allows goes through the same maps and chains as when nothing is
//! monitored; the would-drop path starts only where the drop was, after
//! every allow failed, so allowed packets never enter it:
//!
//! ```text
//! forward: src4 vmap → jump from_S (goto when nothing is monitored)
//!          [after the sources] ip daddr vmap @wdto4 → jump wdto_D
//! from_S (S monitored):  ... allows; jump wdfrom_S; log "zonec drop S: ", drop
//! from_S (S enforced):   ... allows; ip daddr @monitored4 return; log, drop
//! wdfrom_M: destination in no zone → return (dropped in from_M)
//!           counter name would_M
//!           per other zone B: ip daddr B counter [counter name would_B]
//!             limit name wdl_M log prefix "zonec would-drop M->B: " accept
//!           accept
//! wdto_M:   the same by source, for every enforced zone B: "B->M"
//! ```
//!
//! The kernel objects grow with the zones: per monitored zone one named
//! counter, one named limit (the log rate is shared by its rules), two
//! chains; per zone of several ranges one set. Only the log rules grow with
//! the pairs, one short rule each, because a log prefix is fixed text and
//! the prefix names both zones. Each log rule's anonymous counter is exact
//! (the log is rate-limited, and the kernel logs from a network namespace
//! other than the first only with `net.netfilter.nf_log_all_netns=1`), so
//! `nft list chain inet zonec wdfrom_M` shows what enforcement would drop,
//! pair by pair. Every chain and map is named by one rule only, so the
//! kernel's validation of the jumps stays linear. A packet whose source is
//! in no zone stays dropped. Monitored zones are classes of their own (the
//! analysis's partition splits them from the others), so a class is
//! monitored or not as a whole.

use super::addr_map::{range_text, AddrMap, Element};
use super::classify::Partition;
use super::names::Names;
use super::text::{comment_clause, Text};
use super::{Family, LOG_RATE};
use std::collections::BTreeSet;
use zonec_analysis::partition::{ZoneClass, ZonePartition};
use zonec_model::{Model, ZoneId};

/// Most log rules of one pair each a ruleset gets. Past it, the would-drop
/// chains log with one rule per monitored zone and direction, the other end
/// written `*` (the log line's address names it): one rule per pair and
/// family made a ruleset of 1,000 zones, a quarter monitored, 100 MB that
/// took `nft -c` 105 s and 4.4 GB (`docs/targets/nftables.md`).
const MAX_PAIR_RULES: usize = 50_000;

/// The monitored zones, and every zone a would-drop can name.
pub(crate) struct Monitor {
    /// Monitored zones with an address (not `self`).
    monitored: BTreeSet<ZoneId>,
    /// Every zone with an address (not `self`), in zone order.
    zones: Vec<ZoneId>,
    /// Whether each pair has its log rule (the prefix names both zones).
    per_pair: bool,
}

impl Monitor {
    pub(crate) fn new(model: &Model, partition: &Partition) -> Monitor {
        let has_space = |z: ZoneId| Family::ALL.iter().any(|&f| partition.has_space(z, f));
        let zones: Vec<ZoneId> = model
            .zone_ids()
            .filter(|&z| !model.is_self(z) && has_space(z))
            .collect();
        let monitored = model
            .monitored_zones()
            .into_iter()
            .filter(|z| zones.contains(z))
            .collect();
        let mut monitor = Monitor {
            monitored,
            zones,
            per_pair: true,
        };
        monitor.per_pair = monitor.pair_rules(partition) <= MAX_PAIR_RULES;
        monitor
    }

    /// How many log rules of one pair each the chains would hold.
    fn pair_rules(&self, partition: &Partition) -> usize {
        let with = |f: Family| {
            let all = self.zones.iter().filter(|&&z| partition.has_space(z, f));
            let monitored = all.clone().filter(|z| self.monitored.contains(z)).count();
            (all.count(), monitored)
        };
        Family::ALL
            .into_iter()
            .map(|f| {
                let (all, monitored) = with(f);
                // From each monitored zone to every other, and to it from
                // every enforced zone.
                monitored.saturating_mul(all.saturating_mul(2).saturating_sub(monitored + 1))
            })
            .sum()
    }

    /// What the ruleset's header says about monitoring.
    pub(crate) fn summary(&self) -> Vec<String> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![
            format!(
                "Monitored zones: {}. What the policy would drop to or from them is",
                self.monitored.len()
            ),
            "accepted, counted (counter would_ZONE) and logged at most 10 a second".into(),
        ];
        if self.per_pair {
            lines.push("per monitored zone, with the prefix `zonec would-drop FROM->TO: `;".into());
            lines.push("each pair's log rule in chains wdfrom_ZONE, wdto_ZONE counts it.".into());
        } else {
            lines.push("per monitored zone, with the prefix `zonec would-drop ZONE->*: `".into());
            lines.push("(`*->ZONE: `): too many pairs for a rule each, so the log line's".into());
            lines.push("address names the other zone (`zonec flows` reads it).".into());
        }
        lines
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.monitored.is_empty()
    }

    /// How the source map enters a class's chain: `jump` when monitoring,
    /// so an enforced source's would-drop to a monitored zone can come back
    /// to the forward chain; `goto` otherwise.
    pub(crate) fn source_verdict(&self) -> &'static str {
        if self.is_empty() {
            "goto"
        } else {
            "jump"
        }
    }

    /// The named counter and limit of each monitored zone.
    pub(crate) fn write_objects(&self, out: &mut Text, names: &Names) {
        for &zone in &self.monitored {
            let z = names.zone(zone);
            out.line(format!(
                "counter {} {{{} }}",
                names.would_counter(zone),
                comment_clause(&format!(
                    "packets from or to monitored {z} that the policy would drop"
                ))
            ));
            out.line(format!(
                "limit {} {{ {LOG_RATE};{} }}",
                names.would_limit(zone),
                comment_clause(&format!("would-drop logs of monitored {z}"))
            ));
        }
    }

    /// The rules `from_CLASS` runs just before its drop.
    pub(crate) fn source_tail(
        &self,
        class: ZoneClass,
        classes: &ZonePartition,
        partition: &Partition,
        names: &Names,
    ) -> Vec<String> {
        if self.is_empty() {
            return Vec::new();
        }
        let members = classes.members(class);
        let monitored: Vec<ZoneId> = members
            .iter()
            .copied()
            .filter(|z| self.monitored.contains(z))
            .collect();
        if monitored.is_empty() {
            return Family::ALL
                .into_iter()
                .filter(|&f| !monitored_ranges(self, partition, f).is_empty())
                .map(|f| format!("{} @{} return", f.daddr(), monitored_set(f)))
                .collect();
        }
        if let [only] = members {
            return vec![format!("jump {}", names.would_from_chain(*only))];
        }
        let mut lines = Vec::new();
        for zone in monitored {
            for family in Family::ALL {
                if let Some(m) = zone_match(partition, names, zone, family) {
                    let chain = names.would_from_chain(zone);
                    lines.push(format!("{} {m} jump {chain}", family.saddr()));
                }
            }
        }
        lines
    }

    /// Write the sets, maps and chains; the forward chain's lookups that
    /// send an enforced zone's would-drops to a monitored zone's chain.
    pub(crate) fn write(
        &self,
        out: &mut Text,
        partition: &Partition,
        names: &Names,
    ) -> Vec<String> {
        if self.is_empty() {
            return Vec::new();
        }
        out.comment("Monitored zones: what the policy would drop is counted, logged and accepted.");
        self.write_sets(out, partition, names);
        for &zone in &self.monitored {
            self.write_from(out, partition, names, zone);
            self.write_to(out, partition, names, zone);
        }
        let mut lookups = Vec::new();
        for family in Family::ALL {
            let elements: Vec<Element> = self
                .monitored
                .iter()
                .flat_map(|&z| {
                    let verdict: std::sync::Arc<str> =
                        format!("jump {}", names.would_to_chain(z)).into();
                    partition
                        .ranges_of([z], family)
                        .into_iter()
                        .map(move |s| Element {
                            first: s.first,
                            last: s.last,
                            comment: String::new(),
                            verdict: verdict.clone(),
                        })
                })
                .collect();
            let map = AddrMap::new(format!("wdto{}", family.digit()), family, elements);
            if !map.is_empty() {
                map.write(out);
                lookups.push(map.lookup(family.daddr()));
            }
        }
        out.blank();
        lookups
    }

    /// `zoned4`, `monitored4` and the set of every zone of several ranges.
    fn write_sets(&self, out: &mut Text, partition: &Partition, names: &Names) {
        for family in Family::ALL {
            let all: Vec<String> = partition
                .ranges_of(self.zones.iter().copied(), family)
                .into_iter()
                .map(|s| range_text(s.first, s.last))
                .collect();
            write_set(out, &zoned_set(family), family, &all);
            let monitored = monitored_ranges(self, partition, family);
            write_set(out, &monitored_set(family), family, &monitored);
            if !self.per_pair {
                self.write_counter_map(out, partition, names, family);
            }
            for &zone in &self.zones {
                let ranges = zone_ranges(partition, zone, family);
                if ranges.len() > 1 {
                    write_set(out, &names.zone_set(zone, family), family, &ranges);
                }
            }
        }
    }

    /// `wdc4`: monitored address → its zone's counter.
    fn write_counter_map(
        &self,
        out: &mut Text,
        partition: &Partition,
        names: &Names,
        family: Family,
    ) {
        let elements: Vec<String> = self
            .monitored
            .iter()
            .flat_map(|&z| {
                let counter = names.would_counter(z);
                partition
                    .ranges_of([z], family)
                    .into_iter()
                    .map(move |s| format!("{} : \"{counter}\"", range_text(s.first, s.last)))
            })
            .collect();
        if elements.is_empty() {
            return;
        }
        out.open(format!("map {}", counter_map(family)));
        out.line(format!("type {} : counter", family.addr_type()));
        out.line("flags interval");
        out.elements(&elements);
        out.close();
    }

    /// `wdfrom_M`: what the policy would drop from monitored `zone`.
    fn write_from(&self, out: &mut Text, partition: &Partition, names: &Names, zone: ZoneId) {
        out.open(format!("chain {}", names.would_from_chain(zone)));
        let families: Vec<Family> = Family::ALL
            .into_iter()
            .filter(|&f| partition.has_space(zone, f))
            .collect();
        self.write_head(out, names, zone, &families, Family::daddr);
        if !self.per_pair {
            write_other_counter(out, &families, Family::daddr);
            return zone_log_tail(out, names, zone, &names.would_prefix(Some(zone), None));
        }
        for &family in &families {
            for &other in self.zones.iter().filter(|&&o| o != zone) {
                let Some(m) = zone_match(partition, names, other, family) else {
                    continue;
                };
                let also = if self.monitored.contains(&other) {
                    format!(" counter name \"{}\"", names.would_counter(other))
                } else {
                    String::new()
                };
                let prefix = names.would_prefix(Some(zone), Some(other));
                out.line(log_line(family.daddr(), &m, &also, names, zone, &prefix));
            }
        }
        out.line("accept");
        out.close();
    }

    /// `wdto_M`: what the policy would drop from an enforced zone to
    /// monitored `zone`.
    fn write_to(&self, out: &mut Text, partition: &Partition, names: &Names, zone: ZoneId) {
        out.open(format!("chain {}", names.would_to_chain(zone)));
        let families: Vec<Family> = Family::ALL
            .into_iter()
            .filter(|&f| partition.has_space(zone, f))
            .collect();
        self.write_head(out, names, zone, &families, Family::saddr);
        if !self.per_pair {
            return zone_log_tail(out, names, zone, &names.would_prefix(None, Some(zone)));
        }
        for &family in &families {
            let enforced = self.zones.iter().filter(|o| !self.monitored.contains(o));
            for &other in enforced {
                let Some(m) = zone_match(partition, names, other, family) else {
                    continue;
                };
                let prefix = names.would_prefix(Some(other), Some(zone));
                out.line(log_line(family.saddr(), &m, "", names, zone, &prefix));
            }
        }
        out.line("accept");
        out.close();
    }

    /// A would-drop chain's first rules: back out when the other end is in
    /// no zone, then count.
    fn write_head(
        &self,
        out: &mut Text,
        names: &Names,
        zone: ZoneId,
        families: &[Family],
        selector: fn(Family) -> &'static str,
    ) {
        // `zone` has addresses of each of `families`, so `zoned` has too.
        for &family in families {
            out.line(format!(
                "{} != @{} return",
                selector(family),
                zoned_set(family)
            ));
        }
        out.line(format!("counter name \"{}\"", names.would_counter(zone)));
    }
}

/// Without pair rules, the other end's counter when it is monitored: one
/// lookup in the map from monitored address to counter name.
fn write_other_counter(out: &mut Text, families: &[Family], selector: fn(Family) -> &'static str) {
    for &family in families {
        let sel = selector(family);
        out.line(format!(
            "{sel} @{} counter name {sel} map @{}",
            monitored_set(family),
            counter_map(family)
        ));
    }
}

/// Without pair rules, the end of a would-drop chain: one log rule naming
/// the monitored zone, then accept what the rate leaves unlogged.
fn zone_log_tail(out: &mut Text, names: &Names, zone: ZoneId, prefix: &str) {
    out.line(format!(
        "limit name \"{}\" log prefix \"{prefix}\" accept",
        names.would_limit(zone)
    ));
    out.line("accept");
    out.close();
}

/// The map from a monitored zone's address to its counter: `wdc4`, `wdc6`.
fn counter_map(family: Family) -> String {
    format!("wdc{}", family.digit())
}

/// One pair's log rule: count, log within the monitored zone's rate, accept.
fn log_line(
    selector: &str,
    zone_match: &str,
    also: &str,
    names: &Names,
    monitored: ZoneId,
    prefix: &str,
) -> String {
    format!(
        "{selector} {zone_match} counter{also} limit name \"{}\" log prefix \"{prefix}\" accept",
        names.would_limit(monitored)
    )
}

/// `10.1.0.0/24` for a zone of one range, `@zone4_Z` for a zone of
/// several; `None` when it has no address of `family`.
fn zone_match(
    partition: &Partition,
    names: &Names,
    zone: ZoneId,
    family: Family,
) -> Option<String> {
    match zone_ranges(partition, zone, family).as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        _ => Some(format!("@{}", names.zone_set(zone, family))),
    }
}

fn zone_ranges(partition: &Partition, zone: ZoneId, family: Family) -> Vec<String> {
    partition
        .ranges_of([zone], family)
        .into_iter()
        .map(|s| range_text(s.first, s.last))
        .collect()
}

fn monitored_ranges(monitor: &Monitor, partition: &Partition, family: Family) -> Vec<String> {
    partition
        .ranges_of(monitor.monitored.iter().copied(), family)
        .into_iter()
        .map(|s| range_text(s.first, s.last))
        .collect()
}

/// Every zone's addresses: `zoned4`, `zoned6`.
fn zoned_set(family: Family) -> String {
    format!("zoned{}", family.digit())
}

/// The monitored zones' addresses: `monitored4`, `monitored6`.
fn monitored_set(family: Family) -> String {
    format!("monitored{}", family.digit())
}

/// An interval set; nothing when it has no element.
fn write_set(out: &mut Text, name: &str, family: Family, ranges: &[String]) {
    if ranges.is_empty() {
        return;
    }
    out.open(format!("set {name}"));
    out.line(format!("type {}", family.addr_type()));
    out.line("flags interval");
    out.elements(ranges);
    out.close();
}
