//! `networkd/`: systemd-networkd files for the Linux router that runs the
//! nftables ruleset (systemd.netdev(5), systemd.network(5), systemd 252).
//!
//! - `10-TRUNK.network` matches the trunk and stacks one VLAN on it per zone
//!   (`VLAN=`); the trunk itself gets no address (`LinkLocalAddressing=no`).
//! - `20-IFACE.netdev` creates the zone's VLAN interface (`Kind=vlan`,
//!   `[VLAN] Id=N`), named by the interface template the ruleset matches.
//! - `20-IFACE.network` gives it the zone's gateway addresses (each with its
//!   prefix's length), turns forwarding on (`IPForward=yes`: systemd 252 has
//!   no `IPv4Forwarding=`; from 256 on that replaces it) and refuses router
//!   advertisements from the zone (`IPv6AcceptRA=no`), since a host there
//!   must not be able to steer the router.
//!
//! The numeric prefixes order the files the way networkd reads them: the
//! trunk's `.network` before any VLAN's.

use super::names::DESCRIPTION_MAX;
use super::{Plan, VlanZone};
use std::fmt::Write;
use zonec_escape::networkd;

/// Every file, as (file name, contents): the trunk's first, then each zone's
/// `.netdev` and `.network` by VLAN id.
pub(crate) fn render(plan: &Plan<'_>) -> Vec<(String, String)> {
    let trunk = &plan.options.trunk;
    let mut files = vec![(format!("10-{trunk}.network"), trunk_network(plan))];
    for z in &plan.zones {
        files.push((format!("20-{}.netdev", z.interface), netdev(plan, z)));
        files.push((format!("20-{}.network", z.interface), network(plan, z)));
    }
    files
}

fn header(plan: &Plan<'_>, what: &str, out: &mut String) {
    let _ = writeln!(out, "# zonec: {what}");
    if let Some(policy) = plan.policy {
        let _ = writeln!(out, "# policy: {}", networkd::value(policy, 200));
    }
    out.push_str("# Generated from the policy: change the policy, not this file.\n");
}

fn trunk_network(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    header(
        plan,
        "the router's trunk to the switch, one VLAN per zone",
        &mut out,
    );
    let _ = writeln!(out, "\n[Match]\nName={}\n", plan.options.trunk);
    out.push_str("[Network]\nDescription=zonec trunk: one VLAN per zone\n");
    out.push_str("LinkLocalAddressing=no\n");
    for z in &plan.zones {
        let _ = writeln!(out, "VLAN={}", z.interface);
    }
    out
}

fn netdev(plan: &Plan<'_>, z: &VlanZone<'_>) -> String {
    let mut out = String::new();
    let what = format!(
        "VLAN {} of zone {} on trunk {}",
        z.vlan.id, z.zone, plan.options.trunk
    );
    header(plan, &what, &mut out);
    let _ = writeln!(out, "\n[NetDev]\nName={}\nKind=vlan", z.interface);
    let _ = writeln!(
        out,
        "Description={}",
        networkd::value(&z.description, DESCRIPTION_MAX)
    );
    let _ = writeln!(out, "\n[VLAN]\nId={}", z.vlan.id);
    out
}

fn network(plan: &Plan<'_>, z: &VlanZone<'_>) -> String {
    let mut out = String::new();
    let what = format!("gateway of zone {} on VLAN {}", z.zone, z.vlan.id);
    header(plan, &what, &mut out);
    let _ = writeln!(out, "\n[Match]\nName={}\n", z.interface);
    out.push_str("[Network]\n");
    let _ = writeln!(
        out,
        "Description={}",
        networkd::value(&z.description, DESCRIPTION_MAX)
    );
    for g in z.gateways.all() {
        let _ = writeln!(out, "Address={}", g.address);
    }
    out.push_str("IPForward=yes\nIPv6AcceptRA=no\n");
    out
}
