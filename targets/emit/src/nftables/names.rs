//! Names of the ruleset's chains, maps and counters, and its log prefixes.
//!
//! Zone-derived objects carry the zone's name (`from_guest`, `out4_guest`,
//! `drop_guest`) so the ruleset reads like the policy. Zone names are
//! identifiers (`[A-Za-z_][A-Za-z0-9_]*`), which nft accepts as they are; a
//! fixed prefix keeps them clear of nft keywords (a zone may be called `ip`).
//! A name too long for nft (256 bytes with the prefix) falls back to
//! `zone-N`, which no identifier can collide with since identifiers have no
//! `-`. Fixed objects (`forward`, `src4`, `unzoned`) can collide with no
//! zone-derived name because those all have a prefix with `_`.

use super::Family;
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
}

impl Names {
    pub(crate) fn new(model: &Model) -> Names {
        let bases = model
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| object_base(i, &z.name))
            .collect();
        let zones = model.zones.iter().map(|z| z.name.clone()).collect();
        Names { bases, zones }
    }

    /// The zone's name as written in the policy.
    pub(crate) fn zone(&self, zone: ZoneId) -> &str {
        self.zones.get(zone.index()).map_or("", String::as_str)
    }

    fn base(&self, zone: ZoneId) -> &str {
        self.bases.get(zone.index()).map_or("", String::as_str)
    }

    /// The chain that decides traffic from `zone`.
    pub(crate) fn source_chain(&self, zone: ZoneId) -> String {
        format!("from_{}", self.base(zone))
    }

    /// The map from destination address to verdict for traffic from `zone`.
    pub(crate) fn out_map(&self, zone: ZoneId, family: Family) -> String {
        format!("out{}_{}", family.digit(), self.base(zone))
    }

    /// The map from source address to verdict for traffic into `zone`.
    pub(crate) fn in_map(&self, zone: ZoneId, family: Family) -> String {
        format!("in{}_{}", family.digit(), self.base(zone))
    }

    /// The chain that checks the pairs decided on `zone`'s side as destination.
    pub(crate) fn dest_chain(&self, zone: ZoneId) -> String {
        format!("to_{}", self.base(zone))
    }

    /// The chain that drops traffic from `zone` on the wrong interface.
    pub(crate) fn guard_chain(&self, zone: ZoneId) -> String {
        format!("guard_{}", self.base(zone))
    }

    /// The counter of packets from `zone` dropped by policy.
    pub(crate) fn drop_counter(&self, zone: ZoneId) -> String {
        format!("drop_{}", self.base(zone))
    }

    /// The counter of packets claiming `zone`'s addresses on the wrong interface.
    pub(crate) fn spoof_counter(&self, zone: ZoneId) -> String {
        format!("spoof_{}", self.base(zone))
    }

    /// `zonec drop guest: `, within the kernel's limit.
    pub(crate) fn log_prefix(&self, what: &str, zone: ZoneId) -> String {
        log_prefix(what, self.zone(zone))
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
