//! The filters in `junos.set`: a `policy-options prefix-list` per zone and
//! family, a `firewall family inet` and `family inet6` filter per zone with
//! one term per entry (a service entry is one term per protocol, its ports
//! a list), and a last term that counts, logs and discards. The irb units
//! apply them as input filters.

use super::entries::{Ace, AclProto, Family, Peer};
use super::{names, Filters};
use std::fmt::Write;
use zonec_escape::junos;

pub(crate) fn render(filters: &Filters, out: &mut String) {
    out.push_str("# Filters: the switch enforces the policy. Each irb unit gets an input filter\n");
    out.push_str("# per address family; replies pass statelessly (`tcp-established`, source\n");
    out.push_str("# ports, echo replies), as proved for the policy's invariants.\n");
    prefix_lists(filters, out);
    for acl in &filters.acls {
        let vlan = filters.vlan(acl.zone).unwrap_or_default();
        let name = names::acl(vlan, acl.family);
        let head = match acl.family {
            Family::V4 => format!("set firewall family inet filter {name}"),
            Family::V6 => format!("set firewall family inet6 filter {name}"),
        };
        let comment = format!("zone {} (VLAN {vlan})", filters.zone_name(acl.zone));
        let _ = writeln!(
            out,
            "# {name}: traffic entering from {}",
            junos::string(&comment, 200)
        );
        let mut n = 0;
        for line in &acl.lines {
            for term in terms(&line.aces, line.is_service()) {
                n += 1;
                let t = if term.last {
                    "default-deny".to_string()
                } else {
                    format!("t{n}")
                };
                write_term(
                    filters,
                    acl.family,
                    &format!("{head} term {t}"),
                    &term,
                    &name,
                    out,
                );
            }
        }
        let family = match acl.family {
            Family::V4 => "inet",
            Family::V6 => "inet6",
        };
        let _ = writeln!(
            out,
            "set interfaces irb unit {vlan} family {family} filter input {name}"
        );
    }
}

fn prefix_lists(filters: &Filters, out: &mut String) {
    for f in Family::BOTH {
        for z in filters.zones_named(f) {
            let name = filters.names.junos(z, f);
            let prefixes: Vec<String> = match f {
                Family::V4 => filters
                    .v4_prefixes(z)
                    .iter()
                    .map(|p| p.to_string())
                    .collect(),
                Family::V6 => filters
                    .v6_prefixes(z)
                    .iter()
                    .map(|p| p.to_string())
                    .collect(),
            };
            for p in prefixes {
                let _ = writeln!(out, "set policy-options prefix-list {name} {p}");
            }
        }
    }
}

/// One term: the entries it stands for (one, or a service entry's items
/// of one protocol).
struct Term<'a> {
    aces: Vec<&'a Ace>,
    last: bool,
}

fn terms(aces: &[Ace], service: bool) -> Vec<Term<'_>> {
    if !service {
        return aces
            .iter()
            .map(|a| Term {
                aces: vec![a],
                last: !a.permit && a.src == Peer::Any && a.dst == Peer::Any,
            })
            .collect();
    }
    let mut out: Vec<Term<'_>> = Vec::new();
    for a in aces {
        match out.last_mut() {
            Some(t) if t.aces.first().is_some_and(|b| b.proto == a.proto) => t.aces.push(a),
            _ => out.push(Term {
                aces: vec![a],
                last: false,
            }),
        }
    }
    out
}

fn write_term(
    filters: &Filters,
    f: Family,
    head: &str,
    term: &Term<'_>,
    acl: &str,
    out: &mut String,
) {
    let Some(first) = term.aces.first() else {
        return;
    };
    match first.src {
        Peer::Zone(z) => {
            let _ = writeln!(
                out,
                "{head} from source-prefix-list {}",
                filters.names.junos(z, f)
            );
        }
        other => address(head, "source-address", other, out),
    }
    match first.dst {
        Peer::Zone(z) => {
            let _ = writeln!(
                out,
                "{head} from destination-prefix-list {}",
                filters.names.junos(z, f)
            );
        }
        other => address(head, "destination-address", other, out),
    }
    let match_proto = match f {
        Family::V4 => "protocol",
        Family::V6 => "next-header",
    };
    let proto = match (first.proto, f) {
        (AclProto::Ip, _) => None,
        (AclProto::Tcp, _) => Some("tcp"),
        (AclProto::Udp, _) => Some("udp"),
        (AclProto::Icmp, Family::V4) => Some("icmp"),
        (AclProto::Icmp, Family::V6) => Some("icmp6"),
    };
    if let Some(p) = proto {
        let _ = writeln!(out, "{head} from {match_proto} {p}");
    }
    if let Some(r) = first.sport {
        let _ = writeln!(out, "{head} from source-port {}", range(r));
    }
    for a in &term.aces {
        if let Some(r) = a.dport {
            let field = if a.proto == AclProto::Icmp {
                "icmp-type"
            } else {
                "destination-port"
            };
            let _ = writeln!(out, "{head} from {field} {}", range(r));
        }
    }
    if first.established {
        let _ = writeln!(out, "{head} from tcp-established");
    }
    if term.last {
        let _ = writeln!(out, "{head} then count {acl}-denied");
        let _ = writeln!(out, "{head} then syslog");
    }
    let action = if first.permit { "accept" } else { "discard" };
    let _ = writeln!(out, "{head} then {action}");
}

fn address(head: &str, field: &str, p: Peer, out: &mut String) {
    let net = match p {
        Peer::LinkLocal => "fe80::/10",
        Peer::LinkMulticast => "ff02::/16",
        Peer::Any | Peer::Zone(_) => return,
    };
    let _ = writeln!(out, "{head} from {field} {net}");
}

fn range((lo, hi): (u16, u16)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}
