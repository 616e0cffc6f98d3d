//! The effective policy: for every ordered pair of distinct zones, the ports
//! that are allowed once every `allow` is applied and every overlapping
//! `deny` subtracted. The policy is a set, so rule order never matters.
//! Each allowed piece remembers which `allow` rules grant it, so any answer
//! can point at source spans.
//!
//! It is stored per pair of zone classes ([`crate::partition`]): zones of a
//! class have the same flows, so `allow any -> any` over thousands of zones
//! is one entry, not millions. The pair `(C, C)` stands for every two
//! distinct zones of `C`. Questions about zones ([`EffectivePolicy::flow`],
//! [`EffectivePolicy::flows_from`]) are answered through the classes;
//! targets that can say "this class to that class" read
//! [`EffectivePolicy::class_flows`] and write one rule per class pair.

use crate::pairs::PairPolicy;
use crate::partition::{ZoneClass, ZonePartition};
use crate::quotient::Quotient;
use std::collections::BTreeSet;
use zonec_model::{Model, PortSet, RuleId, ZoneId};

/// One `allow` rule's contribution to a pair, after denies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub rule: RuleId,
    /// The ports this rule still grants on the pair (may be empty when a
    /// deny removes all of them).
    pub ports: PortSet,
}

/// What is allowed from one zone to another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// Allowed ports: union of allows minus union of denies.
    pub ports: PortSet,
    /// Every `allow` relating this pair, in rule order.
    pub grants: Vec<Grant>,
    /// Every `deny` relating this pair, with the ports it names, in rule order.
    pub denies: Vec<(RuleId, PortSet)>,
    /// The two zones are on one segment (a member and its parent, or two
    /// members of one family): every port, like traffic inside one zone,
    /// granted and denied by no rule.
    pub segment: bool,
}

#[derive(Clone, Debug)]
pub struct EffectivePolicy {
    partition: ZonePartition,
    /// The quotient model's zones and their maps to the model's.
    quotient: Quotient,
    /// The policy pair by pair on the quotient: every class pair appears
    /// there between the zones that stand for the class, `(C, C)` only when
    /// `C` has two zones or more. A pair whose allows were all denied is
    /// kept with empty `ports`, so explanations can say which deny removed
    /// them.
    pairs: PairPolicy,
}

impl EffectivePolicy {
    pub fn new(model: &Model) -> EffectivePolicy {
        EffectivePolicy::with_partition(model, ZonePartition::of_model(model))
    }

    /// The policy over zone classes that every selector respects (the
    /// model's own, or a finer one).
    pub(crate) fn with_partition(model: &Model, partition: ZonePartition) -> EffectivePolicy {
        let quotient = Quotient::new(model, &partition);
        let pairs = PairPolicy::new(quotient.model(model));
        EffectivePolicy {
            partition,
            quotient,
            pairs,
        }
    }

    pub(crate) fn quotient(&self) -> &Quotient {
        &self.quotient
    }

    pub(crate) fn pairs(&self) -> &PairPolicy {
        &self.pairs
    }

    /// The quotient pair that speaks for the class pair of `(qa, qb)`:
    /// the first zones of two classes, or a class's first and second.
    fn canonical(&self, qa: ZoneId, qb: ZoneId) -> Option<(ZoneClass, ZoneClass)> {
        let (c, d) = (self.quotient.class(qa), self.quotient.class(qb));
        let first = |q: ZoneId, c: ZoneClass| self.quotient.reps(c).0 == q;
        let ok = first(qa, c)
            && if c == d {
                Some(qb) == self.quotient.reps(c).1
            } else {
                first(qb, d)
            };
        ok.then_some((c, d))
    }

    /// The zone classes the policy is stored by.
    pub fn partition(&self) -> &ZonePartition {
        &self.partition
    }

    /// Every stored class pair (allowed or fully denied), in order.
    pub fn class_flows(&self) -> impl Iterator<Item = ((ZoneClass, ZoneClass), &Flow)> {
        let mut out: Vec<_> = self
            .pairs
            .flows
            .iter()
            .filter_map(|(&(qa, qb), f)| Some((self.canonical(qa, qb)?, f)))
            .collect();
        out.sort_unstable_by_key(|(k, _)| *k);
        out.into_iter()
    }

    /// The flow from zone `a` to zone `b`, if some allow relates them.
    pub fn flow(&self, a: ZoneId, b: ZoneId) -> Option<&Flow> {
        if a == b {
            return None;
        }
        let key = self.quotient.pair(&self.partition, a, b);
        self.pairs.flows.get(&key)
    }

    /// Allowed ports from `a` to `b` (empty if none).
    pub fn allowed(&self, a: ZoneId, b: ZoneId) -> PortSet {
        self.flow(a, b).map(|f| f.ports.clone()).unwrap_or_default()
    }

    /// Every stored flow out of `a` (allowed or fully denied), by
    /// destination.
    pub fn flows_from(&self, a: ZoneId) -> impl Iterator<Item = (ZoneId, &Flow)> {
        let (qa, _) = self.quotient.pair(&self.partition, a, a);
        let mut seen = BTreeSet::new();
        let mut out: Vec<(ZoneId, &Flow)> = Vec::new();
        for (qb, flow) in self.pairs.flows_from(qa) {
            let d = self.quotient.class(qb);
            if seen.insert(d) {
                let members = self.partition.members(d).iter();
                out.extend(members.filter(|&&b| b != a).map(|&b| (b, flow)));
            }
        }
        out.sort_unstable_by_key(|(b, _)| *b);
        out.into_iter()
    }

    /// Every stored zone pair (allowed or fully denied), in (source,
    /// destination) order. As long as the pairs are: prefer
    /// [`EffectivePolicy::class_flows`] where a class pair will do.
    pub fn stored_flows(&self) -> impl Iterator<Item = ((ZoneId, ZoneId), &Flow)> {
        (0..self.partition.zone_count())
            .map(ZoneId::from_index)
            .flat_map(move |a| self.flows_from(a).map(move |(b, f)| ((a, b), f)))
    }

    /// How many zone pairs some rule grants at least one port, counted per
    /// class pair without listing them.
    pub fn allowed_pair_count(&self) -> u64 {
        self.class_flows()
            .filter(|(_, f)| !f.ports.is_empty() && !f.segment)
            .map(|((c, d), _)| {
                let (m, n) = (
                    self.partition.members(c).len() as u64,
                    self.partition.members(d).len() as u64,
                );
                if c == d {
                    m * m.saturating_sub(1)
                } else {
                    m * n
                }
            })
            .sum()
    }

    /// Pairs with at least one allowed port, in (source, destination) order,
    /// pairs on one segment included ([`Flow::segment`]): what a network
    /// must let through.
    pub fn allowed_flows(&self) -> impl Iterator<Item = ((ZoneId, ZoneId), &Flow)> {
        self.stored_flows().filter(|(_, f)| !f.ports.is_empty())
    }

    /// [`EffectivePolicy::allowed_flows`] without the pairs on one segment:
    /// the flows some rule grants, which the views list (a member and its
    /// parent talk as freely as one zone does inside, and are not listed).
    pub fn granted_flows(&self) -> impl Iterator<Item = ((ZoneId, ZoneId), &Flow)> {
        self.allowed_flows().filter(|(_, f)| !f.segment)
    }
}
