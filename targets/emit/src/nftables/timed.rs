//! Time-bounded allows, enforced in the kernel: an `allow` with `expires`
//! or a `window` is left out of the class maps (which hold what is allowed
//! at all times) and written as rules of chain `timed`, which the forward
//! chain jumps to before the zone lookups. Each rule matches the allow's
//! zones' address ranges and its bound:
//!
//! - `meta time < N`, N the expiry in seconds since 1970 UTC;
//! - per UTC piece of the window (`zonec_base::window`): `meta day { .. }`
//!   (0 is Sunday) and `meta hour A-B`, seconds after midnight UTC.
//!
//! Every value is written as a number, so nft does not convert it with the
//! loading shell's `TZ` (it does for quoted times). The kernel compares
//! `meta time` and `meta hour` in UTC; `meta day` is the weekday of the
//! kernel's time zone (`sys_tz`, set by `settimeofday`, UTC unless the
//! system keeps its hardware clock in local time), which
//! `docs/targets/nftables.md` says to check.
//!
//! Denies win whatever the time: a pair's ports are the allow's minus
//! every deny on the pair, read from the effective policy as written. An
//! allow whose pairs all keep the same ports is one rule per piece of its
//! window; otherwise it is written pair by pair. An allow to or from `self`
//! stays in the maps without its bound (the router's chains are not timed;
//! `zonec check` warns).

use super::classify::Partition;
use super::services::Services;
use super::text::Text;
use super::{addr_map, Family};
use std::collections::BTreeSet;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Action, Model, PortSet, Rule, RuleId, ZoneId};

/// The chain the forward chain jumps to.
pub(crate) const CHAIN: &str = "timed";

/// Whether `rule` is written in chain `timed` rather than the maps.
pub(crate) fn is_timed(model: &Model, rule: &Rule) -> bool {
    let router = |z: &ZoneId| model.is_self(*z);
    rule.action == Action::Allow
        && rule.meta.is_time_bounded()
        && !rule.from.iter().chain(&rule.to).any(router)
}

/// The model without its timed allows (their ids kept, their zones
/// emptied), whose effective policy the maps are written from; `None` when
/// there are none.
pub(crate) fn base_model(model: &Model) -> Option<Model> {
    let timed: Vec<usize> = (0..model.rules.len())
        .filter(|&i| model.rules.get(i).is_some_and(|r| is_timed(model, r)))
        .collect();
    if timed.is_empty() {
        return None;
    }
    let mut base = model.clone();
    for i in timed {
        if let Some(rule) = base.rules.get_mut(i) {
            rule.from.clear();
            rule.to.clear();
        }
    }
    Some(base)
}

/// The warnings for allows to or from `self` whose bound nftables cannot
/// keep (the router's own chains are written from the maps).
pub(crate) fn router_warnings(model: &Model) -> Vec<Diagnostic> {
    model
        .rules
        .iter()
        .filter(|r| r.action == Action::Allow && r.meta.is_time_bounded())
        .filter(|r| !is_timed(model, r))
        .map(|r| {
            Diagnostic::warning(
                Code::TimeIgnored,
                "target `nftables` cannot bound an allow to or from `self` in time and grants it without the bound",
            )
            .with_label(r.head_span, "granted at all times to or from the router")
            .with_help("bound only forwarded flows in time, or remove this allow when the access ends")
        })
        .collect()
}

/// One rule's grant to a set of pairs `from × to` on `ports`.
struct Grant {
    rule: RuleId,
    from: Vec<ZoneId>,
    to: Vec<ZoneId>,
    ports: PortSet,
}

/// Every timed allow's grants.
pub(crate) struct Timed {
    grants: Vec<Grant>,
}

impl Timed {
    /// The grants of every timed allow, denies subtracted (`effective` is
    /// the policy as written).
    pub(crate) fn new(model: &Model, effective: &EffectivePolicy) -> Timed {
        let mut grants = Vec::new();
        for id in model.rule_ids() {
            let rule = model.rule(id);
            if is_timed(model, rule) {
                grants.extend(rule_grants(model, id, rule, effective));
            }
        }
        Timed { grants }
    }

    /// The port sets the grants need service chains for.
    pub(crate) fn port_sets(&self) -> impl Iterator<Item = &PortSet> {
        self.grants.iter().map(|g| &g.ports)
    }

    /// Write chain `timed`; the forward chain's rule that jumps to it, if
    /// it has any rule.
    pub(crate) fn write(
        &self,
        out: &mut Text,
        model: &Model,
        partition: &Partition,
        services: &Services,
    ) -> Option<String> {
        let mut lines = Vec::new();
        for grant in &self.grants {
            lines.extend(grant_lines(grant, model, partition, services));
        }
        if lines.is_empty() {
            return None;
        }
        out.comment(
            "Allows bounded in time (expiry, access window), matched in the kernel in UTC.",
        );
        out.open(format!("chain {CHAIN}"));
        for line in lines {
            out.line(line);
        }
        out.close();
        out.blank();
        Some(format!("jump {CHAIN}"))
    }
}

/// The grants of one rule: one for all its pairs when they keep the same
/// ports, else one per pair.
fn rule_grants(model: &Model, id: RuleId, rule: &Rule, effective: &EffectivePolicy) -> Vec<Grant> {
    let pairs: Vec<(ZoneId, PortSet)> = rule
        .pairs(model)
        .map(|(a, b)| (a, pair_ports(rule, effective, a, b)))
        .collect();
    let uniform = pairs.windows(2).all(|w| w[0].1 == w[1].1);
    if uniform {
        let ports = pairs.first().map_or_else(PortSet::empty, |p| p.1.clone());
        return vec![Grant {
            rule: id,
            from: rule.from.clone(),
            to: rule.to.clone(),
            ports,
        }];
    }
    rule.pairs(model)
        .map(|(a, b)| Grant {
            rule: id,
            from: vec![a],
            to: vec![b],
            ports: pair_ports(rule, effective, a, b),
        })
        .collect()
}

/// The rule's ports on `a -> b`, minus every deny on the pair.
fn pair_ports(rule: &Rule, effective: &EffectivePolicy, a: ZoneId, b: ZoneId) -> PortSet {
    let mut ports = rule.ports.clone();
    for (_, denied) in effective
        .flow(a, b)
        .map_or(&[][..], |f| f.denies.as_slice())
    {
        ports = ports.subtract(denied);
    }
    ports
}

/// The lines of one grant: a comment, then per family and window piece
/// one rule.
fn grant_lines(
    grant: &Grant,
    model: &Model,
    partition: &Partition,
    services: &Services,
) -> Vec<String> {
    let Some(verdict) = services.verdict(&grant.ports) else {
        return Vec::new();
    };
    let rule = model.rule(grant.rule);
    let bounds = bounds(rule);
    let mut lines = Vec::new();
    for family in Family::ALL {
        let from = address_set(partition, &grant.from, family);
        let to = address_set(partition, &grant.to, family);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        for bound in &bounds {
            lines.push(format!(
                "{} {from} {} {to}{bound} {verdict}",
                family.saddr(),
                family.daddr()
            ));
        }
    }
    lines
}

/// The time matches of a rule, one per piece of its window (one without a
/// window): ` meta time < N meta day { .. } meta hour A-B`.
fn bounds(rule: &Rule) -> Vec<String> {
    let expiry = rule
        .meta
        .expires
        .map(|e| format!(" meta time < {}", e.end_unix()))
        .unwrap_or_default();
    let Some(window) = &rule.meta.window else {
        return vec![expiry];
    };
    window
        .window
        .utc_spans()
        .iter()
        .map(|s| {
            format!(
                "{expiry} meta day {} meta hour {}-{}",
                days_text(s.days),
                s.start,
                s.end.saturating_sub(1)
            )
        })
        .collect()
}

/// The weekdays of a bit mask (bit 0 Sunday) as nft writes them: `3`,
/// `1-5` for a run, `{ 0, 6 }` otherwise, so the common windows need no
/// anonymous set.
fn days_text(mask: u8) -> String {
    let days: Vec<u8> = (0..7).filter(|d| mask & (1 << d) != 0).collect();
    match (days.first(), days.last()) {
        (Some(first), Some(_)) if days.len() == 1 => format!("{first}"),
        (Some(first), Some(last)) if usize::from(last - first) + 1 == days.len() => {
            format!("{first}-{last}")
        }
        _ => {
            let list: Vec<String> = days.iter().map(u8::to_string).collect();
            format!("{{ {} }}", list.join(", "))
        }
    }
}

/// The address ranges of `zones` in `family`: `a` for one range, else
/// `{ a, b-c }`; `None` when they have none.
fn address_set(partition: &Partition, zones: &[ZoneId], family: Family) -> Option<String> {
    let unique: BTreeSet<ZoneId> = zones.iter().copied().collect();
    let ranges: Vec<String> = partition
        .ranges_of(unique, family)
        .into_iter()
        .map(|s| addr_map::range_text(s.first, s.last))
        .collect();
    match ranges.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        _ => Some(format!("{{ {} }}", ranges.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::days_text;

    #[test]
    fn weekdays_are_a_number_a_run_or_a_set() {
        assert_eq!(days_text(0b000_0010), "1");
        assert_eq!(days_text(0b011_1110), "1-5");
        assert_eq!(days_text(0b100_0001), "{ 0, 6 }");
        assert_eq!(days_text(0b111_1111), "0-6");
    }
}
