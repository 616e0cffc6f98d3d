//! The switch as the enforcement point: with `--vlan-svi`, each zone's
//! routed interface gets an inbound access list per address family (IOS-XE
//! extended ACL and IPv6 access list, Junos `firewall family inet`/`inet6`
//! filter on the irb unit), and the invariants are proved again on what
//! those stateless lists let through.
//!
//! - `entries`: the lists as platform-neutral entries, built once;
//! - `reach`: what they let through (first match, replies included);
//! - `proof`: every `forbid` and `require` on that, with witnesses;
//! - `tcam`: how many hardware entries the lists expand to;
//! - `ios`, `junos`: the two renderings; `names`: their object names.
//!
//! Traffic from a zone without a VLAN enters the switch through its uplink,
//! which zonec does not filter: those pairs keep the stateful policy (the
//! nftables router or the cloud enforces them), and so do pairs with
//! `self`, the router, which the VLAN target ignores.

pub mod entries;
pub(crate) mod ios;
pub(crate) mod junos;
pub(crate) mod names;
mod proof;
pub mod reach;
mod tcam;

use super::VlanZone;
use crate::Input;
use entries::{has_family, Acl, Family, Peer, Peers};
use ipnetwork::{Ipv4Network, Ipv6Network};
use reach::Passed;
use std::collections::{BTreeMap, BTreeSet};
use zonec_base::diagnostic::Code;
use zonec_base::Diagnostic;
use zonec_model::{PortSet, ZoneId};

pub use tcam::DEFAULT_BUDGET;

/// The lists of every zone with a VLAN and what they let through.
#[derive(Clone, Debug)]
pub struct Filters {
    /// In VLAN order, IPv4 before IPv6.
    pub acls: Vec<Acl>,
    /// VLAN id of each filtered zone.
    vlans: BTreeMap<ZoneId, u16>,
    /// What passed from a filtered zone to another zone, per family.
    passed: BTreeMap<(ZoneId, ZoneId, Family), Passed>,
    /// Object-group and prefix-list names.
    pub(crate) names: names::ZoneNames,
    /// Every zone's name and prefix covers, for the renderers.
    zones: BTreeMap<ZoneId, (String, Vec<Ipv4Network>, Vec<Ipv6Network>)>,
}

impl Filters {
    /// Every zone the lists of `family` name, as source or destination:
    /// the zones the platform writes a network group or prefix list for.
    pub(crate) fn zones_named(&self, family: Family) -> BTreeSet<ZoneId> {
        self.acls
            .iter()
            .filter(|a| a.family == family)
            .flat_map(|a| a.aces())
            .flat_map(|a| [a.src, a.dst])
            .filter_map(|p| match p {
                Peer::Zone(z) => Some(z),
                _ => None,
            })
            .collect()
    }

    /// The lists of `zones` (the VLAN plan's, in VLAN order).
    pub(crate) fn new(input: &Input, zones: &[VlanZone<'_>]) -> Filters {
        let model = input.model;
        let mut acls = Vec::new();
        let mut passed = BTreeMap::new();
        for z in zones {
            for f in Family::BOTH {
                if !has_family(input.addresses, z.id, f) {
                    continue;
                }
                let others: Vec<ZoneId> = model
                    .zone_ids()
                    .filter(|&b| b != z.id && !model.is_self(b))
                    .filter(|&b| has_family(input.addresses, b, f))
                    .collect();
                let flows = others
                    .iter()
                    .map(|&b| {
                        let there = input.effective.allowed(z.id, b);
                        let back = input.effective.allowed(b, z.id);
                        (b, there, back)
                    })
                    .filter(|(_, there, back)| !there.is_empty() || !back.is_empty())
                    .collect();
                let acl = entries::acl(&Peers {
                    zone: z.id,
                    family: f,
                    flows,
                });
                for (b, p) in reach::through(&acl, &others) {
                    passed.insert((z.id, b, f), p);
                }
                acls.push(acl);
            }
        }
        let covers = model
            .zone_ids()
            .map(|z| {
                let space = input.addresses.effective_ranges(z);
                let name = model.zone(z).name.clone();
                (z, (name, space.v4_prefixes(), space.v6_prefixes()))
            })
            .collect();
        Filters {
            acls,
            vlans: zones.iter().map(|z| (z.id, z.vlan.id)).collect(),
            passed,
            names: names::ZoneNames::new(model),
            zones: covers,
        }
    }

    /// A zone's name as written (not yet made safe for any output).
    pub(crate) fn zone_name(&self, z: ZoneId) -> &str {
        self.zones.get(&z).map_or("", |c| c.0.as_str())
    }

    /// A zone's IPv4 prefix cover.
    pub(crate) fn v4_prefixes(&self, z: ZoneId) -> &[Ipv4Network] {
        self.zones.get(&z).map_or(&[], |c| c.1.as_slice())
    }

    /// A zone's IPv6 prefix cover.
    pub(crate) fn v6_prefixes(&self, z: ZoneId) -> &[Ipv6Network] {
        self.zones.get(&z).map_or(&[], |c| c.2.as_slice())
    }

    /// Whether the switch filters traffic from `zone` (it has a VLAN).
    pub fn is_filtered(&self, zone: ZoneId) -> bool {
        self.vlans.contains_key(&zone)
    }

    /// The VLAN of a filtered zone.
    pub fn vlan(&self, zone: ZoneId) -> Option<u16> {
        self.vlans.get(&zone).copied()
    }

    /// What the list of filtered zone `a` lets through to `b` in family `f`
    /// (`None`: no list of that family, or `b` has no such address).
    pub fn passed(&self, a: ZoneId, b: ZoneId, f: Family) -> Option<&Passed> {
        self.passed.get(&(a, b, f))
    }

    /// The list of zone `a` for family `f`.
    pub fn acl(&self, a: ZoneId, f: Family) -> Option<&Acl> {
        self.acls.iter().find(|l| l.zone == a && l.family == f)
    }

    /// The points on which `a` can open connections to `b` through the
    /// switch: the lists' answer for a filtered `a`, else the policy's.
    pub fn opening(&self, input: &Input, a: ZoneId, b: ZoneId) -> PortSet {
        if a == b {
            return PortSet::empty();
        }
        if !self.is_filtered(a) {
            return input.effective.allowed(a, b);
        }
        let sets: Vec<PortSet> = Family::BOTH
            .iter()
            .filter_map(|&f| Some(self.passed(a, b, f)?.opening(f)))
            .collect();
        PortSet::union_all(&sets)
    }

    /// Whether some filtered zone can open connections the policy does not
    /// allow (through reply entries).
    pub(crate) fn widens(&self, input: &Input) -> bool {
        self.vlans.keys().any(|&a| {
            input
                .model
                .zone_ids()
                .filter(|&b| b != a && !input.model.is_self(b))
                .any(|b| {
                    let allowed = input.effective.allowed(a, b);
                    !self.opening(input, a, b).subtract(&allowed).is_empty()
                })
        })
    }

    /// The zones that receive anything from filtered zones, by source.
    pub(crate) fn successors(&self, input: &Input, a: ZoneId) -> BTreeSet<ZoneId> {
        if !self.is_filtered(a) {
            return input
                .effective
                .flows_from(a)
                .filter(|(_, f)| !f.ports.is_empty())
                .map(|(b, _)| b)
                .collect();
        }
        self.passed
            .range((a, ZoneId(0), Family::V4)..=(a, ZoneId(u32::MAX), Family::V6))
            .filter(|(&(_, _, f), p)| !p.opening(f).is_empty())
            .map(|(&(_, b, _), _)| b)
            .collect()
    }
}

/// A member zone's hosts sit on its family root's VLAN, but the lists
/// filter by the zone that owns a VLAN: the member's own and inherited
/// flows would meet the list's final deny. Until the lists carry members,
/// such a policy is refused for the filtered switch rather than written
/// wrong.
fn members_on_filtered_vlans(input: &Input, filters: &Filters) -> Vec<Diagnostic> {
    let model = input.model;
    model
        .zone_ids()
        .filter_map(|id| {
            let zone = model.zone(id);
            let root = zone.parent.and(zone.segment)?;
            filters.is_filtered(root).then(|| {
                let root_name = &model.zone(root).name;
                Diagnostic::error(
                    Code::AclMemberZone,
                    format!(
                        "member zone `{}` sits on the VLAN of `{root_name}`, whose switch list cannot filter it yet",
                        zone.name
                    ),
                )
                .with_label(zone.span, "a member zone on a filtered VLAN")
                .with_help(format!(
                    "enforce `{root_name}`'s family on the nftables router (build the switch with `--vlan-svi-unfiltered`), or make `{}` a zone with a VLAN of its own",
                    zone.name
                ))
            })
        })
        .collect()
}

/// The filters for a plan, and the diagnostics of their proof and size.
pub(crate) fn build(
    input: &Input,
    zones: &[VlanZone<'_>],
    budget: u32,
) -> (Filters, Vec<Diagnostic>) {
    let filters = Filters::new(input, zones);
    let members = members_on_filtered_vlans(input, &filters);
    if !members.is_empty() {
        return (filters, members);
    }
    let mut diags = proof::check(input, &filters);
    diags.extend(tcam::check(input, &filters, budget));
    (filters, diags)
}
