//! Ports as written → [`PortSet`]s: range checks on TCP/UDP ports, ICMP and
//! ICMPv6 type names looked up in the tables of `model::ports`, and the
//! service lists of rules and invariants (names and inline ports, mixed).

use super::fuzzy;
use super::names::Names;
use crate::policy::{Service, ServiceUse};
use crate::ports::{PortSet, Proto, ICMPV6_TYPES, ICMP_TYPES};
use crate::ServiceId;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_syntax::ast::{Ident, PortKind, PortLit, ServiceRef};

/// The points one port literal names, or `None` after reporting why it names
/// none.
pub(super) fn port_set(port: &PortLit, diags: &mut Vec<Diagnostic>) -> Option<PortSet> {
    match &port.kind {
        PortKind::Any => Some(PortSet::any()),
        PortKind::Tcp { lo, hi } => numbered(Proto::Tcp, *lo, *hi, port, diags),
        PortKind::Udp { lo, hi } => numbered(Proto::Udp, *lo, *hi, port, diags),
        PortKind::Icmp(None) => Some(PortSet::proto(Proto::Icmp)),
        PortKind::Icmpv6(None) => Some(PortSet::proto(Proto::Icmpv6)),
        PortKind::Icmp(Some(name)) => icmp_type(Proto::Icmp, name, diags),
        PortKind::Icmpv6(Some(name)) => icmp_type(Proto::Icmpv6, name, diags),
    }
}

/// The union of several ports (a `service` item's list); the ports that are
/// wrong are reported and left out.
pub(super) fn union(ports: &[PortLit], diags: &mut Vec<Diagnostic>) -> PortSet {
    let sets: Vec<PortSet> = ports.iter().filter_map(|p| port_set(p, diags)).collect();
    PortSet::union_all(&sets)
}

fn numbered(
    proto: Proto,
    lo: u64,
    hi: u64,
    port: &PortLit,
    diags: &mut Vec<Diagnostic>,
) -> Option<PortSet> {
    let name = proto.name();
    if let Some(bad) = [lo, hi].into_iter().find(|&p| p == 0 || p > 65_535) {
        diags.push(
            Diagnostic::error(Code::PortRange, format!("port `{bad}` is out of range"))
                .with_label(port.span, "not a port from 1 to 65535")
                .with_help(format!("{} ports run from 1 to 65535", name.to_uppercase())),
        );
        return None;
    }
    if lo > hi {
        diags.push(
            Diagnostic::error(
                Code::InvertedRange,
                format!("port range `{lo}-{hi}` is inverted"),
            )
            .with_label(port.span, "the first port is greater than the last")
            .with_help(format!("did you mean `{name}/{hi}-{lo}`?")),
        );
        return None;
    }
    Some(PortSet::ports(proto, lo as u32, hi as u32))
}

fn icmp_type(proto: Proto, name: &Ident, diags: &mut Vec<Diagnostic>) -> Option<PortSet> {
    let v6 = proto == Proto::Icmpv6;
    let (table, other) = if v6 {
        (ICMPV6_TYPES, ICMP_TYPES)
    } else {
        (ICMP_TYPES, ICMPV6_TYPES)
    };
    if let Some((_, t)) = table.iter().find(|(n, _)| *n == name.name) {
        let t = u32::from(*t);
        return Some(PortSet::ports(proto, t, t));
    }
    let family = if v6 { "ICMPv6" } else { "ICMP" };
    let mut budget = fuzzy::BUDGET;
    let help = match fuzzy::suggest(&name.name, table.iter().map(|(n, _)| *n), &mut budget) {
        Some(s) => format!("did you mean `{}/{s}`?", proto.name()),
        None if other.iter().any(|(n, _)| *n == name.name) => {
            let other_proto = if v6 { "icmp" } else { "icmpv6" };
            format!(
                "`{}` is a type of the other ICMP family: did you mean `{other_proto}/{}`?",
                name.name, name.name
            )
        }
        None => format!(
            "{family} types zonec knows: {}",
            table
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    diags.push(
        Diagnostic::error(
            Code::UnknownIcmpType,
            format!("unknown {family} type `{}`", name.name),
        )
        .with_label(name.span, format!("not an {family} type name"))
        .with_help(help),
    );
    None
}

/// A rule's or invariant's service list → its uses and their union
/// (`any` when the list is empty). `None` when an entry could not be
/// resolved (already reported), so no partial port set reaches the model.
pub(super) fn service_uses(
    refs: &[ServiceRef],
    names: &Names,
    services: &[Service],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<ServiceUse>, PortSet)> {
    let mut uses = Vec::with_capacity(refs.len());
    let mut ok = true;
    for r in refs {
        match service_use(r, names, services, diags) {
            Some(u) => uses.push(u),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let ports = if uses.is_empty() {
        PortSet::any()
    } else {
        PortSet::union_all(uses.iter().map(|u| &u.ports))
    };
    Some((uses, ports))
}

fn service_use(
    r: &ServiceRef,
    names: &Names,
    services: &[Service],
    diags: &mut Vec<Diagnostic>,
) -> Option<ServiceUse> {
    match r {
        ServiceRef::Named(name) => {
            let Some(decl) = names.services.get(&name.name) else {
                if !names.broken_services.contains(&name.name) {
                    diags.push(names.unknown_service(name));
                }
                return None;
            };
            let service = services.get(decl.index)?;
            Some(ServiceUse {
                text: name.name.clone(),
                service: Some(ServiceId::from_index(decl.index)),
                ports: service.ports.clone(),
                span: name.span,
            })
        }
        ServiceRef::Inline(port) => Some(ServiceUse {
            text: port.to_string(),
            service: None,
            ports: port_set(port, diags)?,
            span: port.span,
        }),
    }
}
