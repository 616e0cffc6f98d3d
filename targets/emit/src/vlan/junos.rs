//! `junos.set`: Junos `set` commands for switches with the Enhanced Layer 2
//! Software (EX, QFX): `load set terminal` in configuration mode, review with
//! `show | compare`, `commit`.
//!
//! One `set vlans NAME vlan-id N` and `description` per zone; with
//! `--vlan-svi` the VLAN's `l3-interface irb.N` and the irb unit's gateway
//! addresses (`family inet` / `family inet6`), unit number = VLAN id. Port
//! templates follow as `#` comments (Junos ignores lines starting with `#`),
//! so loading the file configures no port.
//!
//! Junos limits honoured here: names start with a letter and use letters,
//! digits, `-` and `.` (see `names`); VLAN 1 already exists on ELS switches
//! as the VLAN named `default`, so a zone on VLAN 1 uses that VLAN instead of
//! creating a second one with the same id.

use super::names::DESCRIPTION_MAX;
use super::{Plan, VlanZone};
use std::fmt::Write;
use zonec_escape::junos;

pub(crate) fn render(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    header(plan, &mut out);
    for z in &plan.zones {
        vlan(z, plan.options.svi, &mut out);
    }
    if let Some(filters) = &plan.filters {
        super::acl::junos::render(filters, &mut out);
    }
    templates(plan, &mut out);
    out
}

/// The name the switch knows the zone's VLAN by.
fn name<'a>(z: &'a VlanZone<'_>) -> &'a str {
    if z.vlan.id == 1 {
        "default"
    } else {
        &z.junos_name
    }
}

fn header(plan: &Plan<'_>, out: &mut String) {
    out.push_str("# zonec: VLAN configuration for Junos (EX/QFX, Enhanced Layer 2 Software)\n");
    if let Some(policy) = plan.policy {
        let _ = writeln!(out, "# policy: {}", junos::string(policy, 200));
    }
    out.push_str("# Generated from the policy: change the policy, not this file.\n");
    out.push_str("# In configuration mode: `load set terminal` (paste) or `load set FILE`,\n");
    out.push_str(
        "# then `show | compare` and `commit`. The port templates at the end are comments.\n",
    );
    if plan.filters.is_some() {
        out.push_str(
            "# The irb units make the switch route between these VLANs itself, filtered\n",
        );
        out.push_str("# by the firewall filters below.\n");
    } else if plan.options.svi {
        out.push_str(
            "# The irb units make the switch route between these VLANs itself, past the\n",
        );
        out.push_str("# nftables router, UNFILTERED. See README.txt before using them.\n");
    }
    if plan.zones.is_empty() {
        out.push_str("# The policy has no zone with a `vlan`: there is nothing to configure.\n");
    }
}

fn vlan(z: &VlanZone<'_>, svi: bool, out: &mut String) {
    let id = z.vlan.id;
    let name = name(z);
    let description = junos::string(&z.description, DESCRIPTION_MAX);
    if id == 1 {
        let _ = writeln!(
            out,
            "# VLAN 1 (zone {}) is the switch's VLAN `default`",
            z.zone
        );
    } else {
        let _ = writeln!(out, "set vlans {name} vlan-id {id}");
    }
    let _ = writeln!(out, "set vlans {name} description \"{description}\"");
    if !svi {
        return;
    }
    let _ = writeln!(out, "set vlans {name} l3-interface irb.{id}");
    let _ = writeln!(
        out,
        "set interfaces irb unit {id} description \"{description}\""
    );
    for g in &z.gateways.v4 {
        let _ = writeln!(
            out,
            "set interfaces irb unit {id} family inet address {}",
            g.address
        );
    }
    for g in &z.gateways.v6 {
        let _ = writeln!(
            out,
            "set interfaces irb unit {id} family inet6 address {}",
            g.address
        );
    }
}

fn templates(plan: &Plan<'_>, out: &mut String) {
    if plan.zones.is_empty() {
        return;
    }
    out.push_str("#\n# Port templates. To use one, copy it, replace <PORT> with the interface\n");
    out.push_str("# (for example ge-0/0/5) and remove the leading \"# \".\n");
    let prefix = "# set interfaces <PORT> unit 0 family ethernet-switching";
    for z in &plan.zones {
        let _ = writeln!(
            out,
            "#\n# Access port for zone {} (VLAN {}):",
            z.zone, z.vlan.id
        );
        let _ = writeln!(out, "{prefix} interface-mode access");
        let _ = writeln!(out, "{prefix} vlan members {}", name(z));
    }
    let trunk = junos::string(&plan.options.trunk, 15);
    let _ = writeln!(
        out,
        "#\n# Trunk to the zonec router ({trunk}), carrying exactly the zones' VLANs:"
    );
    let _ = writeln!(out, "{prefix} interface-mode trunk");
    let members: Vec<&str> = plan.zones.iter().map(|z| name(z)).collect();
    let _ = writeln!(out, "{prefix} vlan members [ {} ]", members.join(" "));
}
