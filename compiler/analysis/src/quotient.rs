//! The quotient model: the policy restricted to at most two zones of each
//! zone class ([`crate::partition`]), on which the graph, the closure, the
//! proofs and the rule lints run; and the maps that carry their answers back
//! to every zone.
//!
//! Why two zones are enough: zones of one class are interchangeable (swap
//! two and every rule and invariant reads the same), so the subgraph on the
//! kept zones has an edge between two kept zones exactly when the full graph
//! has one, and any walk in the full graph becomes a walk of the same
//! length on the kept zones by sending each zone to the kept zone of its
//! class that differs from its neighbours on the walk. One zone per class
//! is not enough: a class's zones may talk to each other (`allow any ->
//! any`), which needs two distinct zones of the class. Witnesses found on
//! the kept zones are real paths of the full policy; certificates,
//! offending pairs and `require` findings are carried to every zone they
//! speak for (`offenders` for the pairs), and the property tests check them
//! against the full policy.
//!
//! When no class has more than two zones the quotient is the model itself
//! and every map is the identity: the common policy pays nothing.

use crate::partition::{ZoneClass, ZonePartition};
use crate::verdict::{Certificate, ClosedSet, Evidence, Verdict};
use zonec_model::{Invariant, Model, ZoneId};

/// The kept zones and the maps between them and the model's zones.
#[derive(Clone, Debug)]
pub(crate) struct Quotient {
    /// The restricted model, or `None` when it is the model itself.
    model: Option<Model>,
    /// Quotient zone → model zone.
    kept: Vec<ZoneId>,
    /// Model zone → the quotient zone that stands for it: the first zone of
    /// a class stands for itself, every other zone for the class's second.
    role: Vec<ZoneId>,
    /// Per class: its first and (when it has one) second kept zone, as
    /// quotient ids.
    reps: Vec<(ZoneId, Option<ZoneId>)>,
    /// Quotient zone → its class.
    class: Vec<ZoneClass>,
}

impl Quotient {
    pub(crate) fn new(model: &Model, partition: &ZonePartition) -> Quotient {
        let identity = partition.classes_at_most(2);
        let mut keep = vec![identity; model.zones.len()];
        if !identity {
            for c in partition.classes() {
                for z in partition.members(c).iter().take(2) {
                    keep[z.index()] = true;
                }
            }
        }
        let mut new_id = vec![ZoneId(u32::MAX); model.zones.len()];
        let mut kept = Vec::new();
        for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            new_id[i] = ZoneId::from_index(kept.len());
            kept.push(ZoneId::from_index(i));
        }
        let mut role = vec![ZoneId(0); model.zones.len()];
        let mut reps = Vec::with_capacity(partition.len());
        let mut class = vec![ZoneClass(0); kept.len()];
        for c in partition.classes() {
            let members = partition.members(c);
            let first = members.first().map_or(ZoneId(0), |z| new_id[z.index()]);
            let second = members.get(1).map(|z| new_id[z.index()]);
            for q in std::iter::once(first).chain(second) {
                if let Some(slot) = class.get_mut(q.index()) {
                    *slot = c;
                }
            }
            for (i, z) in members.iter().enumerate() {
                role[z.index()] = if i == 0 {
                    first
                } else {
                    second.unwrap_or(first)
                };
            }
            reps.push((first, second));
        }
        let model = (!identity).then(|| restrict(model, &keep, &new_id));
        Quotient {
            model,
            kept,
            role,
            reps,
            class,
        }
    }

    /// The class of a quotient zone.
    pub(crate) fn class(&self, q: ZoneId) -> ZoneClass {
        self.class[q.index()]
    }

    /// A class's first and (when it has one) second quotient zone.
    pub(crate) fn reps(&self, c: ZoneClass) -> (ZoneId, Option<ZoneId>) {
        self.reps[c.index()]
    }

    /// Whether the quotient is the model itself.
    pub(crate) fn is_identity(&self) -> bool {
        self.model.is_none()
    }

    /// The model the analysis runs on: the restricted one, or `full`.
    pub(crate) fn model<'a>(&'a self, full: &'a Model) -> &'a Model {
        self.model.as_ref().unwrap_or(full)
    }

    /// The model zone a quotient zone is.
    pub(crate) fn zone(&self, q: ZoneId) -> ZoneId {
        self.kept[q.index()]
    }

    /// The quotient zone that stands for a model zone.
    pub(crate) fn role(&self, z: ZoneId) -> ZoneId {
        self.role[z.index()]
    }

    /// Quotient zones standing for `a` and `b` such that the pair relates
    /// as `(a, b)` does: the same zone twice, two zones of one class, or
    /// zones of two classes.
    pub(crate) fn pair(&self, partition: &ZonePartition, a: ZoneId, b: ZoneId) -> (ZoneId, ZoneId) {
        let (ca, cb) = (partition.class_of(a), partition.class_of(b));
        let (qa, second) = self.reps[ca.index()];
        let qb = if a == b {
            qa
        } else if ca == cb {
            second.unwrap_or(qa)
        } else {
            self.reps[cb.index()].0
        };
        (qa, qb)
    }

    /// The inverse of [`Quotient::pair`] on a path from `a` to `b`: the
    /// model zone each quotient zone of the path stands for.
    pub(crate) fn relabel(
        &self,
        partition: &ZonePartition,
        a: ZoneId,
        b: ZoneId,
    ) -> impl Fn(ZoneId) -> ZoneId + '_ {
        let (ca, cb) = (partition.class_of(a), partition.class_of(b));
        let members_a = partition.members(ca);
        let members_b = partition.members(cb);
        let other = |members: &[ZoneId], not: ZoneId| {
            members.iter().copied().find(|&z| z != not).unwrap_or(not)
        };
        let (a2, b2) = (other(members_a, a), other(members_b, b));
        let (qa1, qa2) = self.reps[ca.index()];
        let (qb1, qb2) = self.reps[cb.index()];
        move |q: ZoneId| {
            if q == qa1 {
                a
            } else if Some(q) == qa2 {
                if ca == cb {
                    b
                } else {
                    a2
                }
            } else if q == qb1 {
                b
            } else if Some(q) == qb2 {
                b2
            } else {
                self.zone(q)
            }
        }
    }

    /// A verdict on the quotient, stated for the model's zones: the checks
    /// state the others so already ([`crate::offenders`]), a certificate's
    /// closed sets are carried here.
    pub(crate) fn verdict(&self, model: &Model, v: Verdict) -> Verdict {
        let Evidence::Certificate(c) = &v.evidence else {
            return v;
        };
        if self.is_identity() {
            return v;
        }
        let inv = model.invariant(v.invariant);
        let evidence = Evidence::Certificate(self.certificate(model, inv, c));
        Verdict { evidence, ..v }
    }

    /// Each closed set over quotient zones, for every model zone it speaks
    /// for. A set for the sources outside `B` holds every zone whose
    /// stand-in it holds. The set of a class's first zone, as the one
    /// source inside `B`, becomes one set per source of that class: the
    /// source in the first zone's place and the class's other zones in the
    /// second's (zones of a class are interchangeable, so the second
    /// zone's own set adds nothing).
    fn certificate(&self, model: &Model, inv: &Invariant, c: &Certificate) -> Certificate {
        let mut parts = Vec::new();
        for part in &c.parts {
            let holds = |q: ZoneId| part.zones.binary_search(&q).is_ok();
            let single = match part.sources.as_slice() {
                [r] if self.role_in(&inv.to, *r) || self.family_in(model, &inv.to, *r) => Some(*r),
                _ => None,
            };
            let Some(r) = single else {
                let sources = inv
                    .from
                    .iter()
                    .copied()
                    .filter(|&z| part.sources.binary_search(&self.role(z)).is_ok())
                    .collect();
                let zones = (0..self.role.len())
                    .map(ZoneId::from_index)
                    .filter(|&z| holds(self.role(z)))
                    .collect();
                parts.push(ClosedSet { sources, zones });
                continue;
            };
            let Some(class) = self.class_with_first(r) else {
                continue; // the second zone's set: its sources use the first's
            };
            let (first, second) = self.reps[class.index()];
            for &a in inv
                .from
                .iter()
                .filter(|&&z| self.rep_class(z) == Some(class))
            {
                let zones = (0..self.role.len())
                    .map(ZoneId::from_index)
                    .filter(|&z| {
                        let q = match self.rep_class(z) {
                            Some(cz) if cz == class && z == a => first,
                            Some(cz) if cz == class => second.unwrap_or(first),
                            _ => self.role(z),
                        };
                        holds(q)
                    })
                    .collect();
                parts.push(ClosedSet {
                    sources: vec![a],
                    zones,
                });
            }
        }
        Certificate { parts }
    }

    /// Whether quotient zone `q` stands for zones of `zones` (sorted model
    /// zones, a union of classes).
    fn role_in(&self, zones: &[ZoneId], q: ZoneId) -> bool {
        zones.binary_search(&self.zone(q)).is_ok()
    }

    /// Whether some zone of `zones` is on the segment of the zone `q`
    /// stands for (`model` is the full model).
    fn family_in(&self, model: &Model, zones: &[ZoneId], q: ZoneId) -> bool {
        let z = self.zone(q);
        model.zone(z).segment.is_some() && zones.iter().any(|&b| model.same_segment(z, b))
    }

    /// The class whose first kept zone is `q`.
    fn class_with_first(&self, q: ZoneId) -> Option<ZoneClass> {
        let c = *self.class.get(q.index())?;
        (self.reps[c.index()].0 == q).then_some(c)
    }

    /// The class of a model zone, read from its stand-in.
    fn rep_class(&self, z: ZoneId) -> Option<ZoneClass> {
        self.class.get(self.role(z).index()).copied()
    }
}

/// The model with only the kept zones; rules and invariants keep their ids
/// and spans, their zone lists are cut to the kept zones.
fn restrict(model: &Model, keep: &[bool], new_id: &[ZoneId]) -> Model {
    let cut = |zones: &[ZoneId]| -> Vec<ZoneId> {
        zones
            .iter()
            .filter(|z| keep[z.index()])
            .map(|z| new_id[z.index()])
            .collect()
    };
    let mut out = Model {
        policy: model.policy.clone(),
        labels: model.labels.clone(),
        services: model.services.clone(),
        zones: model
            .zones
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i])
            .map(|(_, z)| z.clone())
            .collect(),
        rules: model.rules.clone(),
        invariants: model.invariants.clone(),
        mentions: Default::default(),
        self_zone: model
            .self_zone
            .filter(|z| keep.get(z.index()).copied().unwrap_or(false))
            .map(|z| new_id[z.index()]),
        monitors: model.monitors.clone(),
    };
    for monitor in &mut out.monitors {
        monitor.zones = cut(&monitor.zones);
    }
    for rule in &mut out.rules {
        rule.from = cut(&rule.from);
        rule.to = cut(&rule.to);
    }
    for inv in &mut out.invariants {
        inv.from = cut(&inv.from);
        inv.to = cut(&inv.to);
    }
    out
}
