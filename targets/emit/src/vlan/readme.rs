//! `README.txt`: which generated file goes where, and the zone → VLAN table
//! an engineer checks the switch against. Short on purpose; the full story is
//! docs/targets/vlan.md.

use super::ios::compress;
use super::{ios_configurable, networkd, Plan, VlanZone};
use std::fmt::Write;
use zonec_escape::terminal;

pub(crate) fn render(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    out.push_str("zonec VLAN configuration");
    if let Some(policy) = plan.policy {
        let _ = write!(out, " for {}", terminal::quote(policy));
    }
    out.push_str(
        "\nGenerated from the policy: change the policy and rebuild, not these files.\n\n",
    );
    files(plan, &mut out);
    if plan.filters.is_some() {
        svi_filters(&mut out);
    } else if plan.options.svi {
        svi_warning(&mut out);
    }
    table(plan, &mut out);
    out
}

fn files(plan: &Plan<'_>, out: &mut String) {
    let trunk = &plan.options.trunk;
    out.push_str("ios.cfg    Cisco IOS / IOS-XE switch: paste in global configuration mode.\n");
    out.push_str(
        "junos.set  Junos EX/QFX switch: `load set terminal`, `show | compare`, `commit`.\n",
    );
    out.push_str("           Both end with port templates (comments): an access port per zone\n");
    let _ = writeln!(out, "           and the trunk to the router's `{trunk}`.");
    out.push_str(
        "networkd/  The Linux router that loads the nftables ruleset: copy the files to\n",
    );
    out.push_str("           /etc/systemd/network/ and run `networkctl reload`.\n");
    for (name, _) in networkd::render(plan) {
        let _ = writeln!(out, "             {name}");
    }
    let ids: Vec<u16> = plan.zones.iter().map(|z| z.vlan.id).collect();
    let _ = writeln!(
        out,
        "           `{trunk}` carries VLANs {}; the ruleset matches the VLAN interfaces",
        if ids.is_empty() {
            "none".to_string()
        } else {
            compress(&ids).join(",")
        }
    );
    let _ = writeln!(
        out,
        "           by the same template (`{}`). Written for systemd 252; from 256 on,",
        plan.options.interface_template()
    );
    out.push_str(
        "           replace `IPForward=yes` with `IPv4Forwarding=yes` and `IPv6Forwarding=yes`.\n",
    );
}

fn svi_warning(out: &mut String) {
    out.push_str(
        "\nSVIs (--vlan-svi): ios.cfg and junos.set give the switch each zone's gateway\n",
    );
    out.push_str(
        "address, the same addresses as the router's. Use one or the other, never both:\n",
    );
    out.push_str(
        "a switch with SVIs routes between the zones itself, and traffic it routes never\n",
    );
    out.push_str("passes the nftables ruleset. These SVIs are UNFILTERED\n");
    out.push_str("(--vlan-svi-unfiltered): no invariant of the policy holds on the switch.\n");
}

fn svi_filters(out: &mut String) {
    out.push_str(
        "\nSVIs (--vlan-svi): ios.cfg and junos.set give the switch each zone's gateway\n",
    );
    out.push_str(
        "address, the same addresses as the router's: use one or the other, never both.\n",
    );
    out.push_str(
        "The switch routes between the zones itself and enforces the policy there: each\n",
    );
    out.push_str(
        "SVI / irb unit filters what enters it with its zone's list (zonec-in-N for IPv4,\n",
    );
    out.push_str("zonec-in6-N for IPv6), proved against the invariants as the stateless lists\n");
    out.push_str("really behave. Traffic from zones without a VLAN enters through the uplink,\n");
    out.push_str("which the switch does not filter: the nftables router enforces it.\n");
}

fn table(plan: &Plan<'_>, out: &mut String) {
    out.push_str("\nVLAN  zone -> IOS name / Junos name, router interface, gateways\n");
    if plan.zones.is_empty() {
        out.push_str("(no zone has a `vlan`)\n");
    }
    for z in &plan.zones {
        row(z, out);
    }
}

fn row(z: &VlanZone<'_>, out: &mut String) {
    let gateways: Vec<String> = z.gateways.all().map(|g| g.address.to_string()).collect();
    let ios = if ios_configurable(z.vlan.id) {
        z.ios_name.as_str()
    } else {
        "(reserved)"
    };
    let _ = writeln!(
        out,
        "{:<5} {} -> {ios} / {}, {}, {}",
        z.vlan.id,
        z.zone,
        z.junos_name,
        z.interface,
        if gateways.is_empty() {
            "-".to_string()
        } else {
            gateways.join(" ")
        }
    );
}
