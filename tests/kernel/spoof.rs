//! The anti-spoofing check: a host forges the source address of a VLAN zone
//! (the victim) towards a zone the victim may reach over UDP. With the
//! interface template the router must drop it (and count it); with the
//! ruleset built without the template, the same packet must arrive — the
//! control that shows the forged packet is otherwise deliverable.

use super::plan::{Plan, Rep};
use super::topology::Topology;
use std::net::IpAddr;
use zonec_model::{Model, ZoneId};

pub struct Case {
    pub victim: ZoneId,
    /// Every other host of the family: each forges the victim's address.
    pub attackers: Vec<ZoneId>,
    pub dest: ZoneId,
    pub forged: IpAddr,
    pub dst: IpAddr,
    pub port: u16,
}

/// The first victim (zone on a VLAN, a member zone first: it is guarded by
/// its family root's interface) and destination reachable from it over
/// UDP, in zone order; every other host of the family attacks, but those
/// on the victim's own segment, whose interface it shares.
pub fn find(model: &Model, plan: &Plan) -> Option<Case> {
    let on_vlan = |h: &&super::plan::HostPlan| {
        let root = model.segment_root(h.zone);
        model.zone(root).vlan.is_some()
    };
    let members = plan
        .hosts
        .iter()
        .filter(on_vlan)
        .filter(|h| model.zone(h.zone).parent.is_some());
    let roots = plan
        .hosts
        .iter()
        .filter(on_vlan)
        .filter(|h| model.zone(h.zone).parent.is_none());
    for victim in members.chain(roots) {
        for v6 in [false, true] {
            let Some(forged) = victim.addr(v6) else {
                continue;
            };
            // a destination outside the victim's family: inside it the
            // forged packet would not need the router
            let outside = |d: &&super::plan::HostPlan| {
                d.zone != victim.zone && !model.same_segment(d.zone, victim.zone)
            };
            for dest in plan.hosts.iter().filter(outside) {
                let Some(dst) = dest.addr(v6) else { continue };
                let allowed =
                    |r: &&Rep| plan.expected.get(&(victim.zone, dest.zone, v6, **r)) == Some(&true);
                let Some(Rep::Udp(port)) = plan
                    .reps
                    .iter()
                    .filter(|r| matches!(r, Rep::Udp(_)))
                    .find(allowed)
                else {
                    continue;
                };
                let attackers: Vec<ZoneId> = plan
                    .hosts
                    .iter()
                    .filter(|a| {
                        a.zone != victim.zone
                            && a.zone != dest.zone
                            && !model.same_segment(a.zone, victim.zone)
                            && a.addr(v6).is_some()
                    })
                    .map(|a| a.zone)
                    .collect();
                if !attackers.is_empty() {
                    return Some(Case {
                        victim: victim.zone,
                        attackers,
                        dest: dest.zone,
                        forged,
                        dst,
                        port: *port,
                    });
                }
            }
        }
    }
    None
}

/// The probe line for the prober in an attacker's namespace.
pub fn line(case: &Case, token: &str) -> String {
    format!("{token} udp {} {} {}", case.dst, case.port, case.forged)
}

/// Whether the destination's listener logged the forged datagram.
pub fn arrived(log: &[String], case: &Case, token: &str) -> bool {
    let expect = format!("udp {} {} {token}", case.port, case.forged);
    log.iter().any(|l| l == &expect)
}

/// The token an attacker's forged datagram carries.
pub fn token(phase: &str, attacker: ZoneId) -> String {
    format!("forged-{phase}-{}", attacker.0)
}

pub fn describe(model: &Model, topo: &Topology, case: &Case, attacker: ZoneId) -> String {
    let iface = topo.host(attacker).map_or("?", |h| h.router_if.as_str());
    format!(
        "{} address {} forged from {} (interface {iface}) to {} udp/{}",
        model.zone(case.victim).name,
        case.forged,
        model.zone(attacker).name,
        model.zone(case.dest).name,
        case.port
    )
}
