//! The proof obligation, the same for every cloud: for every ordered pair
//! of zones (and the space no zone owns) with at least one end placed in
//! the cloud, and each family both ends have addresses in,
//! - at the destination's ingress (when it is placed) and at the source's
//!   egress (when it is placed), the cloud allows exactly the effective
//!   ports, for every address of the pair, and nothing partly;
//! - so the pair's traffic, which must pass both, is allowed exactly on the
//!   effective ports.
//!
//! Expected ports: `EffectivePolicy::allowed` for distinct zones, every
//! port inside one zone (the language always allows it), nothing to or from
//! unowned addresses. The result is also folded into the zone x zone x
//! service-class matrix the analysis works with, compared class by class.

use super::eval::{relevant, Verdict};
use super::space::{Fam, World, FAMS};
use std::collections::{BTreeMap, BTreeSet};
use zonec_analysis::classes::{ClassId, ServiceClasses};
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{CloudProvider, Model, PortSet, ZoneId};

/// One cloud's configuration, read back from its file, as an enforcer.
pub trait Cloud {
    /// What `dst`'s group lets in from `src` (`None`: unowned addresses).
    fn ingress(&self, world: &World, src: Option<ZoneId>, dst: ZoneId, fam: Fam) -> Verdict;
    /// What `src`'s group lets out to `dst`.
    fn egress(&self, world: &World, src: ZoneId, dst: Option<ZoneId>, fam: Fam) -> Verdict;
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Report {
    pub mismatches: Vec<String>,
    /// Enforcement points checked (pair x family x end).
    pub checked: usize,
    /// Zone x zone x class: the classes the cloud allows, per placed pair.
    pub matrix: BTreeMap<(ZoneId, ZoneId), BTreeSet<ClassId>>,
}

pub fn placed(model: &Model, zone: ZoneId, provider: CloudProvider) -> bool {
    model
        .zone(zone)
        .cloud
        .iter()
        .any(|p| p.provider == provider)
}

pub fn check(
    model: &Model,
    eff: &EffectivePolicy,
    provider: CloudProvider,
    cloud: &dyn Cloud,
) -> Report {
    let world = World::new(model);
    let classes = ServiceClasses::of_model(model);
    let mut report = Report::default();
    let ends: Vec<Option<ZoneId>> = model.zone_ids().map(Some).chain([None]).collect();
    for &a in &ends {
        for &b in &ends {
            let at_a = a.filter(|&z| placed(model, z, provider));
            let at_b = b.filter(|&z| placed(model, z, provider));
            if at_a.is_none() && at_b.is_none() {
                continue;
            }
            pair(
                model,
                eff,
                &world,
                &classes,
                cloud,
                (a, b),
                (at_a, at_b),
                &mut report,
            );
        }
    }
    report
}

fn expected(eff: &EffectivePolicy, (a, b): (Option<ZoneId>, Option<ZoneId>), fam: Fam) -> PortSet {
    match (a, b) {
        (Some(a), Some(b)) if a == b => relevant(fam),
        (Some(a), Some(b)) => eff.allowed(a, b).intersect(&relevant(fam)),
        _ => PortSet::empty(),
    }
}

#[allow(clippy::too_many_arguments)]
fn pair(
    model: &Model,
    eff: &EffectivePolicy,
    world: &World,
    classes: &ServiceClasses,
    cloud: &dyn Cloud,
    (a, b): (Option<ZoneId>, Option<ZoneId>),
    (at_a, at_b): (Option<ZoneId>, Option<ZoneId>),
    report: &mut Report,
) {
    if a.is_none() && b.is_none() {
        return;
    }
    let name =
        |z: Option<ZoneId>| z.map_or("<unowned>".to_string(), |z| model.zone(z).name.clone());
    let mut allowed_any = PortSet::empty();
    let mut carried = PortSet::empty();
    for fam in FAMS {
        if world.space(a, fam).is_empty() || world.space(b, fam).is_empty() {
            continue;
        }
        carried = carried.union(&relevant(fam));
        let want = expected(eff, (a, b), fam);
        let mut combined = relevant(fam);
        let sides = [
            ("ingress", at_b.map(|b| cloud.ingress(world, a, b, fam))),
            ("egress", at_a.map(|a| cloud.egress(world, a, b, fam))),
        ];
        for (end, verdict) in sides {
            let Some(v) = verdict else { continue };
            report.checked += 1;
            if v.allowed != want || !v.partial.is_empty() {
                report.mismatches.push(format!(
                    "{} -> {} ({fam:?}) at {end}: expected `{want}`, allowed `{}`, partly `{}`",
                    name(a),
                    name(b),
                    v.allowed,
                    v.partial
                ));
            }
            combined = combined.intersect(&v.allowed);
        }
        if combined != want {
            report.mismatches.push(format!(
                "{} -> {} ({fam:?}) combined: expected `{want}`, got `{combined}`",
                name(a),
                name(b)
            ));
        }
        allowed_any = allowed_any.union(&combined);
    }
    if let (Some(a), Some(b), false) = (a, b, carried.is_empty()) {
        record_classes(eff, classes, (a, b), (&allowed_any, &carried), report);
    }
}

/// Fold the pair into classes: a class is allowed when the cloud allows
/// every point of it that the pair's families can carry (ICMPv6 never
/// flows between IPv4-only zones), and must agree with the policy's class.
fn record_classes(
    eff: &EffectivePolicy,
    classes: &ServiceClasses,
    (a, b): (ZoneId, ZoneId),
    (allowed, carried): (&PortSet, &PortSet),
    report: &mut Report,
) {
    let want = if a == b {
        PortSet::any()
    } else {
        eff.allowed(a, b)
    };
    let mut got = BTreeSet::new();
    for c in classes.ids() {
        let part = classes.ports(c).intersect(carried);
        if part.is_empty() {
            continue;
        }
        let cloud = part.is_subset(allowed);
        let policy = classes.ports(c).is_subset(&want);
        if cloud != policy {
            report.mismatches.push(format!(
                "class `{}` of {a:?} -> {b:?}: cloud allows {cloud}, policy allows {policy}",
                classes.ports(c)
            ));
        }
        if cloud {
            got.insert(c);
        }
    }
    report.matrix.insert((a, b), got);
}
