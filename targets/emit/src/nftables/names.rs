//! Names of the ruleset's chains, maps and counters, and its log prefixes.
//!
//! Zone-derived objects carry the zone's name (`from_guest`, `out4_guest`,
//! `drop_guest`) so the ruleset reads like the policy. The objects of a zone
//! class (`classes.rs`) are named after the class: a class of one zone by
//! that zone, a class of several by its first zone with the prefix
//! `class-` (`from_class-lobby`), which no zone-derived name can have since
//! zone names have no `-` and the numbered fallback starts with `zone-`. Zone names are
//! identifiers (`[A-Za-z_][A-Za-z0-9_]*`), which nft accepts as they are; a
//! fixed prefix keeps them clear of nft keywords (a zone may be called `ip`).
//! A name too long for nft (256 bytes with the prefix) falls back to
//! `zone-N`, which no identifier can collide with since identifiers have no
//! `-`. Fixed objects (`forward`, `src4`, `unzoned`) can collide with no
//! zone-derived name because those all have a prefix with `_`.

use super::Family;
use zonec_analysis::partition::{ZoneClass, ZonePartition};
use zonec_escape::nft;
use zonec_model::{Model, ZoneId};

/// Longest zone name used as is inside an nft object name.
const MAX_NAME_IN_OBJECT: usize = 200;

/// The kernel's limit on a log prefix, in bytes (`NF_LOG_PREFIXLEN` - 1).
const MAX_LOG_PREFIX: usize = 127;

/// Object names and log prefixes for every zone of one model.
pub(crate) struct Names {
    /// The part of each object name that stands for the zone, by zone index.
    bases: Vec<String>,
    /// Each zone's name as written, for log prefixes and comments.
    zones: Vec<String>,
    /// The part of each object name that stands for a zone class, by class.
    class_bases: Vec<String>,
    /// Each class's name in comments and log prefixes: its zone's name for
    /// a class of one zone, `class-FIRST` otherwise.
    class_labels: Vec<String>,
}

impl Names {
    pub(crate) fn new(model: &Model, classes: &ZonePartition) -> Names {
        let bases: Vec<String> = model
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| object_base(i, &z.name))
            .collect();
        let zones: Vec<String> = model.zones.iter().map(|z| z.name.clone()).collect();
        let named = |c: ZoneClass, of: &[String]| {
            let members = classes.members(c);
            let first = members
                .first()
                .and_then(|z| of.get(z.index()))
                .map_or("", String::as_str);
            if members.len() == 1 {
                first.to_string()
            } else {
                format!("class-{first}")
            }
        };
        let class_bases = classes.classes().map(|c| named(c, &bases)).collect();
        let class_labels = classes.classes().map(|c| named(c, &zones)).collect();
        Names {
            bases,
            zones,
            class_bases,
            class_labels,
        }
    }

    /// The zone's name as written in the policy.
    pub(crate) fn zone(&self, zone: ZoneId) -> &str {
        self.zones.get(zone.index()).map_or("", String::as_str)
    }

    fn base(&self, zone: ZoneId) -> &str {
        self.bases.get(zone.index()).map_or("", String::as_str)
    }

    /// The class's name in comments: its zone's, or `class-FIRST`.
    pub(crate) fn class(&self, class: ZoneClass) -> &str {
        self.class_labels
            .get(class.index())
            .map_or("", String::as_str)
    }

    fn class_base(&self, class: ZoneClass) -> &str {
        self.class_bases
            .get(class.index())
            .map_or("", String::as_str)
    }

    /// The chain that decides traffic from the zones of `class`.
    pub(crate) fn source_chain(&self, class: ZoneClass) -> String {
        format!("from_{}", self.class_base(class))
    }

    /// The map from destination address to verdict for traffic from `class`.
    pub(crate) fn out_map(&self, class: ZoneClass, family: Family) -> String {
        format!("out{}_{}", family.digit(), self.class_base(class))
    }

    /// The map from source address to verdict for traffic into `class`.
    pub(crate) fn in_map(&self, class: ZoneClass, family: Family) -> String {
        format!("in{}_{}", family.digit(), self.class_base(class))
    }

    /// The chain that checks the pairs decided on `class`'s side as
    /// destination.
    pub(crate) fn dest_chain(&self, class: ZoneClass) -> String {
        format!("to_{}", self.class_base(class))
    }

    /// The chain that accepts traffic inside `zone` when its ranges are too
    /// many or too uneven for the same-zone sets (`same_zone.rs`).
    pub(crate) fn same_chain(&self, zone: ZoneId) -> String {
        format!("same_{}", self.base(zone))
    }

    /// The set of `zone`'s ranges in `family` for its same-zone chain.
    pub(crate) fn same_set(&self, zone: ZoneId, family: Family) -> String {
        format!("same{}_{}", family.digit(), self.base(zone))
    }

    /// The chain that drops traffic from `zone` on the wrong interface.
    pub(crate) fn guard_chain(&self, zone: ZoneId) -> String {
        format!("guard_{}", self.base(zone))
    }

    /// The counter of packets from `class` dropped by policy.
    pub(crate) fn drop_counter(&self, class: ZoneClass) -> String {
        format!("drop_{}", self.class_base(class))
    }

    /// The counter of would-be drops from or to monitored `zone`.
    pub(crate) fn would_counter(&self, zone: ZoneId) -> String {
        format!("would_{}", self.base(zone))
    }

    /// The limit object of the would-drop logs of monitored `zone`.
    pub(crate) fn would_limit(&self, zone: ZoneId) -> String {
        format!("wdl_{}", self.base(zone))
    }

    /// The chain of what the policy would drop from monitored `zone`.
    pub(crate) fn would_from_chain(&self, zone: ZoneId) -> String {
        format!("wdfrom_{}", self.base(zone))
    }

    /// The chain of what the policy would drop from an enforced zone to
    /// monitored `zone`.
    pub(crate) fn would_to_chain(&self, zone: ZoneId) -> String {
        format!("wdto_{}", self.base(zone))
    }

    /// The set of `zone`'s ranges in `family`, for a zone of several.
    pub(crate) fn zone_set(&self, zone: ZoneId, family: Family) -> String {
        format!("zone{}_{}", family.digit(), self.base(zone))
    }

    /// `zonec would-drop FROM->TO: `, within the kernel's limit; `*` for
    /// an end left to the log line's address (`monitor.rs`).
    pub(crate) fn would_prefix(&self, from: Option<ZoneId>, to: Option<ZoneId>) -> String {
        let name = |z: Option<ZoneId>| z.map_or("*", |z| self.zone(z));
        let pair = format!("{}->{}", name(from), name(to));
        log_prefix("would-drop", &pair)
    }

    /// The counter of packets claiming `zone`'s addresses on the wrong interface.
    pub(crate) fn spoof_counter(&self, zone: ZoneId) -> String {
        format!("spoof_{}", self.base(zone))
    }

    /// `zonec spoof guest: `, within the kernel's limit.
    pub(crate) fn log_prefix(&self, what: &str, zone: ZoneId) -> String {
        log_prefix(what, self.zone(zone))
    }

    /// `zonec drop guest: ` (`zonec drop class-lobby: `), within the
    /// kernel's limit.
    pub(crate) fn class_log_prefix(&self, what: &str, class: ZoneClass) -> String {
        log_prefix(what, self.class(class))
    }
}

/// `zonec WHAT SUBJECT: `, with the subject cut to fit the kernel's limit.
pub(crate) fn log_prefix(what: &str, subject: &str) -> String {
    let room = MAX_LOG_PREFIX - "zonec ".len() - what.len() - 1 - ": ".len();
    format!("zonec {what} {}: ", nft::string(subject, room))
}

fn object_base(index: usize, name: &str) -> String {
    let plain = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !name.is_empty() && name.len() <= MAX_NAME_IN_OBJECT {
        name.to_string()
    } else {
        format!("zone-{index}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_kept_and_long_ones_numbered() {
        assert_eq!(object_base(3, "guest"), "guest");
        assert_eq!(object_base(3, "ip"), "ip");
        assert_eq!(object_base(7, &"a".repeat(201)), "zone-7");
        assert_eq!(object_base(1, "bad name"), "zone-1");
    }

    #[test]
    fn log_prefixes_fit_the_kernel_limit() {
        assert_eq!(log_prefix("drop", "guest"), "zonec drop guest: ");
        let long = log_prefix("spoof", &"z".repeat(300));
        assert!(long.len() <= MAX_LOG_PREFIX, "{}", long.len());
        assert!(long.ends_with("...: "));
    }
}
