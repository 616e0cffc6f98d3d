//! The comparison for a cloud: each family's address space is cut into
//! atoms at every range a rule names, and every pair of atoms with an end
//! in a zone placed in the cloud is evaluated at the source's outbound
//! point and the destination's inbound point (a packet must pass both).
//! What the pair may carry is compared with the policy: every port inside
//! one zone, the effective ports between two zones, nothing to or from
//! addresses no zone owns. Differences are gathered per zone pair like the
//! router's (`gather.rs`).

use super::rule::{evaluate, relevant, Point, Rule, Verdict};
use crate::addr::{Fam, Interval};
use crate::atoms::{self, Atom};
use crate::finding::{Class, Finding, Witness};
use crate::gather::{self, Found};
use crate::{Policy, Report, Unsupported};
use std::collections::BTreeMap;
use zonec_model::{PortSet, Proto, ZoneId};

/// The most rule evaluations (atom pairs times rules) one input may ask
/// for: seconds of work. More is refused (exit 2), never left running.
pub const MAX_WORK: u64 = 400_000_000;

/// A cloud's deployed rules, read from its describe output.
pub struct Deployed {
    /// The cloud as messages name it (`AWS`).
    pub cloud: &'static str,
    /// The witness' `hook` (`aws`).
    pub tag: &'static str,
    pub rules: Vec<Rule>,
    /// Every zone placed in the cloud has both points.
    pub ingress: BTreeMap<ZoneId, Point>,
    pub egress: BTreeMap<ZoneId, Point>,
    /// `unmanaged` findings and findings about the groups themselves.
    pub notes: Vec<Finding>,
}

impl Deployed {
    pub fn new(cloud: &'static str, tag: &'static str) -> Deployed {
        Deployed {
            cloud,
            tag,
            rules: Vec::new(),
            ingress: BTreeMap::new(),
            egress: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// Set a zone's inbound or outbound point.
    pub fn set(&mut self, zone: ZoneId, inbound: bool, point: Point) {
        let points = if inbound {
            &mut self.ingress
        } else {
            &mut self.egress
        };
        points.insert(zone, point);
    }
}

pub fn compare(policy: &Policy, d: Deployed) -> Result<Report, Unsupported> {
    let mut found = Found::new();
    let mut pairs = 0;
    let longest = d
        .ingress
        .values()
        .chain(d.egress.values())
        .map(|p| p.rules.len() as u64 + 1)
        .max()
        .unwrap_or(1);
    for fam in Fam::ALL {
        let atoms = cut(policy, &d, fam);
        let placed = atoms.iter().filter(|a| is_placed(&d, a)).count() as u64;
        let work = placed
            .saturating_mul(atoms.len() as u64)
            .saturating_mul(2 * longest);
        if work > MAX_WORK {
            return Err(Unsupported::new(format!(
                "{} {fam:?} address ranges against up to {longest} rules per group ({work} rule evaluations, more than {MAX_WORK})",
                atoms.len()
            )));
        }
        for a in &atoms {
            for b in &atoms {
                if is_placed(&d, a) || is_placed(&d, b) {
                    pairs += 1;
                    cell(policy, &d, (a, b), &mut found);
                }
            }
        }
    }
    let mut findings = gather::finish(policy, found, d.cloud);
    findings.extend(d.notes);
    findings.sort_by_key(|f| f.class);
    Ok(Report {
        findings,
        pairs_checked: pairs,
        subject: d.cloud.to_string(),
    })
}

fn is_placed(d: &Deployed, a: &Atom) -> bool {
    a.zone.is_some_and(|z| d.ingress.contains_key(&z))
}

/// The atoms of `fam` outside loopback, which no cloud firewall sees.
fn cut(policy: &Policy, d: &Deployed, fam: Fam) -> Vec<Atom> {
    let loopback: Interval = match fam {
        Fam::V4 => (0x7f00_0000, 0x7fff_ffff),
        Fam::V6 => (1, 1),
    };
    let mut named: Vec<Interval> = d
        .rules
        .iter()
        .flat_map(|r| r.local.ranges(fam).chain(r.peer.ranges(fam)))
        .collect();
    named.push(loopback);
    let mut atoms = atoms::cut(policy.addresses, fam, named);
    atoms.retain(|a| a.range.0 < loopback.0 || a.range.1 > loopback.1);
    atoms
}

/// One point's verdict on a pair, if the zone has the point.
struct Side<'a> {
    point: &'a Point,
    verdict: Verdict,
}

fn cell(policy: &Policy, d: &Deployed, (a, b): (&Atom, &Atom), found: &mut Found) {
    let all = relevant(a.fam);
    let want = match (a.zone, b.zone) {
        (Some(x), Some(y)) if x == y => all.clone(),
        (Some(x), Some(y)) => policy.effective.allowed(x, y).intersect(&all),
        _ => PortSet::empty(),
    };
    let sides = [side(d, &d.egress, a, b), side(d, &d.ingress, b, a)];
    let mut allowed = all.clone();
    let mut reach = all;
    for s in sides.iter().flatten() {
        allowed = allowed.intersect(&s.verdict.allowed);
        reach = reach.intersect(&s.verdict.allowed.union(&s.verdict.unsure));
    }
    for (class, diff) in [
        (Class::Extra, reach.subtract(&want)),
        (Class::Missing, want.subtract(&allowed)),
    ] {
        gather::add(found, (0, class, a.zone, b.zone), &diff, |p| {
            let responsible = sides
                .iter()
                .flatten()
                .filter(|s| class == Class::Extra || !s.verdict.allowed.contains(p))
                .map(|s| s.verdict.label(&d.rules, s.point, p))
                .collect();
            (witness(d.tag, (a, b), p), responsible)
        });
    }
}

fn side<'a>(
    d: &Deployed,
    points: &'a BTreeMap<ZoneId, Point>,
    local: &Atom,
    peer: &Atom,
) -> Option<Side<'a>> {
    let zone = local.zone?;
    let point = points.get(&zone)?;
    Some(Side {
        point,
        verdict: evaluate(&d.rules, point, zone, local, peer),
    })
}

fn witness(tag: &str, (a, b): (&Atom, &Atom), point: u32) -> Witness {
    let (proto, n) = Proto::of_point(point);
    let (src, mut dst) = (a.host(), b.host());
    if src == dst && dst < b.range.1 {
        dst += 1;
    }
    Witness {
        hook: tag.to_string(),
        family: match a.fam {
            Fam::V4 => "ipv4".into(),
            Fam::V6 => "ipv6".into(),
        },
        src: Some(a.fam.show(src)),
        dst: Some(a.fam.show(dst)),
        protocol: proto.name().to_string(),
        port: (proto != Proto::Other).then_some(n),
    }
}
