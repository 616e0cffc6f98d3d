//! The change in reachability between two versions of a policy: flows opened
//! and closed, invariants whose verdict changed, zones and labels added or
//! removed, prefixes that moved between zones. Everything is matched by
//! name (a renamed zone is one removed and one added), so the diff reads the
//! way a reviewer thinks about a change; the view by address (`addresses`)
//! adds what names cannot see: the flows an address range gains and loses
//! when it changes zone (a host carved out of its zone).
//!
//! [`diff`] computes it from two [`Side`]s; [`text`], [`markdown`] and serde
//! (JSON) present it.

mod addresses;
mod compute;
mod markdown;
mod text;

pub use compute::{diff, invariant_text};
pub use markdown::markdown;
pub use text::text;

use serde::Serialize;
use zonec_analysis::effective::EffectivePolicy;
use zonec_analysis::{Analysis, Evidence};
use zonec_model::{AddressTable, Model};

/// One version of the policy, with what the analysis says about it.
pub struct Side<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    /// One outcome per `model.invariants`, in the same order.
    pub outcomes: Vec<Outcome>,
    /// The model's address table, for the view by address.
    pub table: &'a AddressTable,
}

impl<'a> Side<'a> {
    /// A side from a model and its analysis.
    pub fn new(model: &'a Model, analysis: &'a Analysis) -> Side<'a> {
        let outcomes = analysis
            .verdicts
            .iter()
            .map(|v| Outcome {
                holds: v.holds,
                witness: match &v.evidence {
                    Evidence::Witnesses(w) => w.pairs.first().map(|w| {
                        let mut path = vec![model.zone(w.from).name.clone()];
                        path.extend(w.hops.iter().map(|h| model.zone(h.to).name.clone()));
                        path
                    }),
                    _ => None,
                },
            })
            .collect();
        Side {
            model,
            effective: &analysis.effective,
            outcomes,
            table: &analysis.addresses,
        }
    }
}

/// An invariant's verdict, reduced to what a diff shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub holds: bool,
    /// For a broken `forbid`: the witness path, zone names in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    pub summary: Summary,
    /// Pairs with ports allowed now that were not before.
    pub opened: Vec<FlowChange>,
    /// Pairs with ports allowed before that are not now.
    pub closed: Vec<FlowChange>,
    /// Invariants added, removed, or whose verdict changed.
    pub invariants: Vec<InvariantChange>,
    pub zones_added: Vec<String>,
    pub zones_removed: Vec<String>,
    pub labels_added: Vec<String>,
    pub labels_removed: Vec<String>,
    /// Zones (present in both) whose labels changed.
    pub zone_labels: Vec<ZoneLabels>,
    /// Declared prefixes whose addresses belong to another zone now.
    pub prefixes: Vec<PrefixMove>,
    /// Address ranges whose zone changed, with the flows they gain and lose.
    pub ranges: Vec<RangeChange>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub flows_opened: usize,
    pub flows_closed: usize,
    /// Invariants that held (or did not exist) and are broken now.
    pub invariants_broken: usize,
    /// Invariants that were broken and hold (or were removed) now.
    pub invariants_fixed: usize,
    pub zones_added: usize,
    pub zones_removed: usize,
    pub prefixes_moved: usize,
    /// Groups of address ranges whose zone changed (`ranges`).
    pub ranges_moved: usize,
    /// Flows those ranges gain and lose, one per peer and direction.
    pub range_flows_gained: usize,
    pub range_flows_lost: usize,
}

impl PolicyDiff {
    /// Whether the change opens any flow, by zone or by address (what
    /// `--fail-on-open` asks).
    pub fn opens_flows(&self) -> bool {
        !self.opened.is_empty() || self.ranges.iter().any(|r| !r.gained.is_empty())
    }

    /// Whether the change closes any flow, by zone or by address (what
    /// `--fail-on-close` asks).
    pub fn closes_flows(&self) -> bool {
        !self.closed.is_empty() || self.ranges.iter().any(|r| !r.lost.is_empty())
    }

    /// Whether the change breaks an invariant (what `--fail-on-violation`
    /// asks): one that holds in the old version, or is new, is violated in
    /// the new one. This is the summary's `invariants_broken`, so the exit
    /// code agrees with what the reviewer reads; an invariant broken in
    /// both versions does not count.
    pub fn breaks_invariants(&self) -> bool {
        self.invariants.iter().any(InvariantChange::is_broken)
    }

    pub fn is_empty(&self) -> bool {
        self == &PolicyDiff::default()
    }
}

/// A change on one ordered zone pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowChange {
    pub from: String,
    pub to: String,
    /// The ports opened (or closed), in the language's port syntax.
    pub ports: String,
    /// The services of the rules that grant (or granted) those ports.
    pub services: Vec<String>,
    /// Everything allowed on the pair before and after.
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvariantChange {
    /// `forbid @guest ->* {@phi, @part2} : https`
    pub invariant: String,
    /// `None` when the invariant did not exist on that side.
    pub before: Option<Outcome>,
    pub after: Option<Outcome>,
}

impl InvariantChange {
    /// Broken now, and not broken before.
    pub fn is_broken(&self) -> bool {
        let broken = |o: &Option<Outcome>| o.as_ref().is_some_and(|o| !o.holds);
        broken(&self.after) && !broken(&self.before)
    }

    /// Broken before, and not broken now.
    pub fn is_fixed(&self) -> bool {
        let broken = |o: &Option<Outcome>| o.as_ref().is_some_and(|o| !o.holds);
        broken(&self.before) && !broken(&self.after)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneLabels {
    pub zone: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// A declared prefix and the zone its addresses belong to on each side (the
/// zone of the longest declared prefix covering it; `None`: no zone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrefixMove {
    pub prefix: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Address ranges that had one zone and have another (or none) now: all
/// cells of the joint address partition with those two zones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RangeChange {
    /// The ranges as a minimal list of prefixes, the first
    /// `LISTED_RANGES` (64) of them.
    pub ranges: Vec<String>,
    /// How many prefixes the ranges are in all.
    pub prefix_count: usize,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Flows the ranges have now and did not have, per peer and direction.
    pub gained: Vec<RangeFlow>,
    /// Flows the ranges had and do not have now.
    pub lost: Vec<RangeFlow>,
}

/// Ports gained or lost between the ranges and one group of peer ranges
/// (named by its zone on each side).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RangeFlow {
    /// `to` (the ranges open connections to the peer) or `from`.
    pub direction: &'static str,
    pub peer_before: Option<String>,
    pub peer_after: Option<String>,
    pub ports: String,
    /// The services of the rules granting (or that granted) the ports.
    pub services: Vec<String>,
    /// The zone both ends were (or are) in: traffic inside a zone, every
    /// port, granted by no rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inside: Option<String>,
}

/// How an outcome reads in text: `holds`, `violated`, `absent`.
pub fn outcome_word(o: &Option<Outcome>) -> &'static str {
    match o {
        None => "absent",
        Some(o) if o.holds => "holds",
        Some(_) => "violated",
    }
}
