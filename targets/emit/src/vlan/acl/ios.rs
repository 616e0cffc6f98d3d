//! The filters in `ios.cfg`: IPv4 `object-group network` per zone and
//! `object-group service` per multi-item service entry, an extended ACL per
//! zone and an IPv6 access list per zone, each ending in `deny ... log`.
//! IOS-XE takes object groups in IPv4 extended ACLs only, so the IPv6 lists
//! name prefixes, one line per source and destination prefix (the same
//! hardware entries the groups expand to). The SVIs apply them inbound
//! (`ip access-group NAME in`, `ipv6 traffic-filter NAME in`, in `super::super::ios`).

use super::entries::{Ace, AclProto, Family, Line, Peer, Role};
use super::{names, Filters};
use std::fmt::Write;
use zonec_escape::ios;
use zonec_model::ZoneId;

/// Longest `remark` text IOS keeps.
const REMARK_MAX: usize = 100;

pub(crate) fn render(filters: &Filters, out: &mut String) {
    out.push_str("! Filters: the switch enforces the policy. Each SVI gets an inbound access\n");
    out.push_str("! list per address family; replies pass statelessly (`established`, source\n");
    out.push_str("! ports, echo replies), as proved for the policy's invariants. Paste on a\n");
    out.push_str("! switch without these objects: IOS appends to an existing access list.\n!\n");
    groups(filters, out);
    for acl in &filters.acls {
        let vlan = filters.vlan(acl.zone).unwrap_or_default();
        let name = names::acl(vlan, acl.family);
        match acl.family {
            Family::V4 => {
                let _ = writeln!(out, "ip access-list extended {name}");
            }
            Family::V6 => {
                let _ = writeln!(out, "ipv6 access-list {name}");
            }
        }
        let remark = format!(
            "zonec: traffic entering from zone {} (VLAN {vlan})",
            filters.zone_name(acl.zone)
        );
        let _ = writeln!(out, " remark {}", ios::text(&remark, REMARK_MAX));
        let mut service = 0;
        let mut last_dst = None;
        for line in &acl.lines {
            if let Some(dst) = block_start(line, &mut last_dst) {
                let remark = format!(
                    "to zone {}: replies, then new connections",
                    filters.zone_name(dst)
                );
                let _ = writeln!(out, " remark {}", ios::text(&remark, REMARK_MAX));
            }
            entry_lines(filters, acl.family, vlan, line, &mut service, out);
        }
        out.push_str("!\n");
    }
}

/// The destination zone when `line` starts another zone's block.
fn block_start(line: &Line, last: &mut Option<ZoneId>) -> Option<ZoneId> {
    let Peer::Zone(dst) = line.aces.first()?.dst else {
        return None;
    };
    if *last == Some(dst) {
        return None;
    }
    *last = Some(dst);
    Some(dst)
}

/// The name of service group `n` of the list of VLAN `vlan`.
fn service_name(vlan: u16, n: usize) -> String {
    format!("zonec-svc-{vlan}-{n}")
}

/// The network groups of every zone an IPv4 list names, and the service
/// groups of the IPv4 lists' multi-item entries.
fn groups(filters: &Filters, out: &mut String) {
    let v4 = filters.acls.iter().filter(|a| a.family == Family::V4);
    for z in filters.zones_named(Family::V4) {
        let _ = writeln!(out, "object-group network {}", filters.names.ios(z));
        let description = format!("zone {}", filters.zone_name(z));
        let _ = writeln!(out, " description {}", ios::text(&description, REMARK_MAX));
        for p in filters.v4_prefixes(z) {
            if p.prefix() == 32 {
                let _ = writeln!(out, " host {}", p.ip());
            } else {
                let _ = writeln!(out, " {} {}", p.network(), p.mask());
            }
        }
        out.push_str("!\n");
    }
    for acl in v4 {
        let vlan = filters.vlan(acl.zone).unwrap_or_default();
        let services = acl
            .lines
            .iter()
            .filter(|l| l.is_service() && l.aces.len() > 1);
        for (n, line) in services.enumerate() {
            let _ = writeln!(out, "object-group service {}", service_name(vlan, n + 1));
            for ace in &line.aces {
                let _ = writeln!(out, " {}{}", proto(ace.proto, Family::V4), dport(ace));
            }
            out.push_str("!\n");
        }
    }
}

fn entry_lines(
    filters: &Filters,
    f: Family,
    vlan: u16,
    line: &Line,
    service: &mut usize,
    out: &mut String,
) {
    if f == Family::V4 && line.is_service() && line.aces.len() > 1 {
        *service += 1;
        if let Some(a) = line.aces.first() {
            let (src, dst) = (v4_peer(filters, a.src), v4_peer(filters, a.dst));
            let _ = writeln!(
                out,
                " permit object-group {} {src} {dst}",
                service_name(vlan, *service)
            );
        }
        return;
    }
    for ace in &line.aces {
        match f {
            Family::V4 => {
                let (src, dst) = (v4_peer(filters, ace.src), v4_peer(filters, ace.dst));
                let _ = writeln!(out, " {}", ace_text(ace, f, &src, &dst));
            }
            Family::V6 => {
                for src in v6_peers(filters, ace.src) {
                    for dst in v6_peers(filters, ace.dst) {
                        let _ = writeln!(out, " {}", ace_text(ace, f, &src, &dst));
                    }
                }
            }
        }
    }
    let _ = line.role == Role::Default;
}

/// `permit tcp SRC [eq P] DST [eq P] [established] [log]`.
fn ace_text(ace: &Ace, f: Family, src: &str, dst: &str) -> String {
    let action = if ace.permit { "permit" } else { "deny" };
    let sport = ace.sport.map(ports).unwrap_or_default();
    let mut text = format!(
        "{action} {} {src}{sport} {dst}{}",
        proto(ace.proto, f),
        dport(ace)
    );
    if ace.established {
        text.push_str(" established");
    }
    if ace.log {
        text.push_str(" log");
    }
    text
}

fn proto(p: AclProto, f: Family) -> &'static str {
    match (p, f) {
        (AclProto::Ip, Family::V4) => "ip",
        (AclProto::Ip, Family::V6) => "ipv6",
        (AclProto::Tcp, _) => "tcp",
        (AclProto::Udp, _) => "udp",
        (AclProto::Icmp, _) => "icmp",
    }
}

/// ` eq P` / ` range A B` for TCP and UDP, ` TYPE` for ICMP, or nothing.
fn dport(ace: &Ace) -> String {
    match (ace.proto, ace.dport) {
        (AclProto::Icmp, Some((t, _))) => format!(" {}", icmp_type(t)),
        (_, Some(r)) => ports(r),
        (_, None) => String::new(),
    }
}

fn ports((lo, hi): (u16, u16)) -> String {
    if lo == hi {
        format!(" eq {lo}")
    } else {
        format!(" range {lo} {hi}")
    }
}

/// IOS's names for the neighbour discovery types, numbers otherwise.
fn icmp_type(t: u16) -> String {
    match t {
        133 => "router-solicitation".to_string(),
        135 => "nd-ns".to_string(),
        136 => "nd-na".to_string(),
        _ => t.to_string(),
    }
}

fn v4_peer(filters: &Filters, p: Peer) -> String {
    match p {
        Peer::Zone(z) => format!("object-group {}", filters.names.ios(z)),
        _ => "any".to_string(),
    }
}

fn v6_peers(filters: &Filters, p: Peer) -> Vec<String> {
    match p {
        Peer::Zone(z) => filters
            .v6_prefixes(z)
            .iter()
            .map(|n| n.to_string())
            .collect(),
        Peer::Any => vec!["any".to_string()],
        Peer::LinkLocal => vec!["FE80::/10".to_string()],
        Peer::LinkMulticast => vec!["FF02::/16".to_string()],
    }
}
