//! `ios.cfg`: Cisco IOS / IOS-XE configuration, pasted in global
//! configuration mode.
//!
//! It creates and names one VLAN per zone (`vlan N` / ` name NAME`), with
//! `--vlan-svi` an `interface VlanN` per zone with its gateway addresses, and
//! ends with port templates: an access port per zone and one trunk to the
//! router carrying exactly the zones' VLANs. The templates are `!` comments,
//! so pasting the whole file configures no port; an engineer copies one,
//! puts the port in for `<PORT>` and drops the `! `.
//!
//! IOS limits honoured here: VLAN names of at most 32 characters (see
//! `names`); VLAN 1 exists already and cannot be renamed, and 1002–1005 are
//! FDDI/Token Ring VLANs that cannot be created or carry Ethernet ports, so
//! those get a comment instead of commands; VLANs above 1005 need VTP
//! transparent mode or VTP version 3, which the header says when it matters.
//! The trunk's allowed list is compressed into ranges (`110,120-125,900`) and
//! continued on `switchport trunk allowed vlan add` lines, as IOS itself
//! prints long lists.

use super::acl::entries::Family;
use super::acl::{self, Filters};
use super::gateway::Gateway;
use super::names::IOS_DESCRIPTION_MAX;
use super::{ios_configurable, Plan, VlanZone};
use std::fmt::Write;
use zonec_escape::ios;

/// Longest `switchport trunk allowed vlan` line written, leading space included.
const MAX_LINE: usize = 80;

pub(crate) fn render(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    header(plan, &mut out);
    for z in &plan.zones {
        vlan(z, &mut out);
    }
    if let Some(filters) = &plan.filters {
        super::acl::ios::render(filters, &mut out);
    }
    if plan.options.svi {
        svis(plan, &mut out);
    }
    templates(plan, &mut out);
    out.push_str("end\n");
    out
}

fn header(plan: &Plan<'_>, out: &mut String) {
    out.push_str("! zonec: VLAN configuration for Cisco IOS / IOS-XE\n");
    if let Some(policy) = plan.policy {
        let _ = writeln!(out, "! policy: {}", ios::text(policy, 200));
    }
    out.push_str("! Generated from the policy: change the policy, not this file.\n");
    out.push_str("! Paste in global configuration mode. It creates and names the VLANs");
    out.push_str(if plan.options.svi {
        " and their SVIs;\n"
    } else {
        ";\n"
    });
    out.push_str("! the port templates at the end are comments, so pasting configures no port.\n");
    if plan.zones.iter().any(|z| z.vlan.id > 1005) {
        out.push_str("! VLANs above 1005 need `vtp mode transparent` (or VTP version 3) first.\n");
    }
    if plan.zones.is_empty() {
        out.push_str("! The policy has no zone with a `vlan`: there is nothing to configure.\n");
    }
    out.push_str("!\n");
}

fn vlan(z: &VlanZone<'_>, out: &mut String) {
    let id = z.vlan.id;
    if id == 1 {
        let _ = writeln!(
            out,
            "! VLAN 1 (zone {}) is the default VLAN: it exists and keeps its name\n!",
            z.zone
        );
    } else if !ios_configurable(id) {
        let _ = writeln!(
            out,
            "! VLAN {id} (zone {}) is reserved on IOS and is left out\n!",
            z.zone
        );
    } else {
        let _ = writeln!(out, "vlan {id}\n name {}\n!", z.ios_name);
    }
}

fn svis(plan: &Plan<'_>, out: &mut String) {
    out.push_str("! SVIs: the switch answers at each zone's gateway address and routes between\n");
    if plan.filters.is_some() {
        out.push_str("! these VLANs itself, filtered by the access lists above.\n");
    } else {
        out.push_str(
            "! these VLANs itself, past the nftables router, UNFILTERED. See README.txt.\n",
        );
    }
    if plan.zones.iter().any(|z| !z.gateways.v6.is_empty()) {
        out.push_str(
            "! IPv6 routing needs `ipv6 unicast-routing`; IPv4 routing needs `ip routing`.\n",
        );
    }
    out.push_str("!\n");
    for z in plan
        .zones
        .iter()
        .filter(|z| ios_configurable(z.vlan.id) || z.vlan.id == 1)
    {
        svi(z, plan.filters.as_ref(), out);
    }
}

fn svi(z: &VlanZone<'_>, filters: Option<&Filters>, out: &mut String) {
    let _ = writeln!(out, "interface Vlan{}", z.vlan.id);
    let _ = writeln!(
        out,
        " description {}",
        ios::text(&z.description, IOS_DESCRIPTION_MAX)
    );
    for (i, g) in z.gateways.v4.iter().enumerate() {
        let secondary = if i == 0 { "" } else { " secondary" };
        let _ = writeln!(out, " ip address {} {}{secondary}", g.ip(), g.netmask());
    }
    for g in &z.gateways.v6 {
        let _ = writeln!(out, " ipv6 address {}", address(g));
    }
    for f in Family::BOTH {
        if filters.and_then(|fl| fl.acl(z.id, f)).is_none() {
            continue;
        }
        let name = acl::names::acl(z.vlan.id, f);
        match f {
            Family::V4 => writeln!(out, " ip access-group {name} in"),
            Family::V6 => writeln!(out, " ipv6 traffic-filter {name} in"),
        }
        .unwrap_or_default();
    }
    out.push_str(" no shutdown\n!\n");
}

fn address(g: &Gateway) -> String {
    format!("{}/{}", g.ip(), g.prefix_len())
}

fn templates(plan: &Plan<'_>, out: &mut String) {
    let ports: Vec<&VlanZone<'_>> = plan
        .zones
        .iter()
        .filter(|z| ios_configurable(z.vlan.id) || z.vlan.id == 1)
        .collect();
    if ports.is_empty() {
        return;
    }
    out.push_str("! Port templates. To use one, copy it, replace <PORT> with the interface\n");
    out.push_str("! (for example GigabitEthernet1/0/5) and remove the leading \"! \".\n!\n");
    for z in &ports {
        access_template(z, out);
    }
    trunk_template(plan, &ports, out);
}

fn access_template(z: &VlanZone<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "! Access port for zone {} (VLAN {}):",
        z.zone, z.vlan.id
    );
    out.push_str("! interface <PORT>\n");
    let _ = writeln!(
        out,
        "!  description {}",
        ios::text(&z.description, IOS_DESCRIPTION_MAX)
    );
    out.push_str("!  switchport mode access\n");
    let _ = writeln!(out, "!  switchport access vlan {}", z.vlan.id);
    out.push_str("!  switchport nonegotiate\n!  spanning-tree portfast\n!\n");
}

fn trunk_template(plan: &Plan<'_>, ports: &[&VlanZone<'_>], out: &mut String) {
    let trunk = ios::text(&plan.options.trunk, 15);
    let _ = writeln!(
        out,
        "! Trunk to the zonec router ({trunk}), carrying exactly the zones' VLANs:"
    );
    out.push_str("! interface <PORT>\n");
    let _ = writeln!(out, "!  description trunk to the zonec router ({trunk})");
    out.push_str("!  switchport mode trunk\n");
    let ids: Vec<u16> = ports.iter().map(|z| z.vlan.id).collect();
    for line in allowed_lines(&ids) {
        let _ = writeln!(out, "! {line}");
    }
    out.push_str("!  switchport nonegotiate\n!\n");
}

/// ` switchport trunk allowed vlan LIST` and as many `... add LIST` lines as
/// keep each line within [`MAX_LINE`].
pub(crate) fn allowed_lines(ids: &[u16]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for item in compress(ids) {
        let head = if lines.is_empty() {
            " switchport trunk allowed vlan "
        } else {
            " switchport trunk allowed vlan add "
        };
        if current.is_empty() {
            current = format!("{head}{item}");
        } else if current.len() + 1 + item.len() <= MAX_LINE {
            current.push(',');
            current.push_str(&item);
        } else {
            lines.push(std::mem::take(&mut current));
            current = format!(" switchport trunk allowed vlan add {item}");
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Sorted, deduplicated ids as IOS list items: runs of three or more as
/// `a-b`, others one by one.
pub(crate) fn compress(ids: &[u16]) -> Vec<String> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut items = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            items.push(format!("{}-{}", sorted[i], sorted[j]));
        } else {
            items.extend(sorted[i..=j].iter().map(u16::to_string));
        }
        i = j + 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_compress_runs_of_three_or_more() {
        assert_eq!(
            compress(&[900, 110, 120, 121, 122, 123, 124, 125]),
            ["110", "120-125", "900"]
        );
        assert_eq!(compress(&[10, 11]), ["10", "11"]);
        assert_eq!(compress(&[5, 5, 6, 7]), ["5-7"]);
        assert!(compress(&[]).is_empty());
    }

    #[test]
    fn long_lists_continue_on_add_lines() {
        let ids: Vec<u16> = (0..60).map(|i| 100 + 2 * i).collect();
        let lines = allowed_lines(&ids);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines[0].starts_with(" switchport trunk allowed vlan 100,102,"));
        assert!(lines[1..]
            .iter()
            .all(|l| l.starts_with(" switchport trunk allowed vlan add ")));
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{lines:?}");
        let listed: Vec<u16> = lines
            .iter()
            .flat_map(|l| l.rsplit(' ').next().unwrap().split(','))
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(listed, ids);
    }

    #[test]
    fn short_lists_fit_one_line() {
        assert_eq!(
            allowed_lines(&[110, 120, 121, 122, 900]),
            [" switchport trunk allowed vlan 110,120-122,900"]
        );
    }
}
