//! Addresses and VLANs of zones: a prefix length must fit its family, host
//! bits must be zero (the help names the network meant), a VLAN id is
//! 1..=4094; and across zones, no prefix and no VLAN id is declared twice.

use crate::policy::{Prefix, Vlan, Zone};
use ipnetwork::IpNetwork;
use std::collections::BTreeMap;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::{IntLit, PrefixLit, StrLit};

/// A prefix as written → a canonical network. A prefix with host bits set is
/// reported and kept as the network it lies in (so one typo does not also
/// cause a "missing prefix" error); a length out of range is dropped.
pub(super) fn prefix(p: &PrefixLit, diags: &mut Vec<Diagnostic>) -> Option<Prefix> {
    let max = if p.addr.is_ipv4() { 32 } else { 128 };
    let net = u8::try_from(p.len)
        .ok()
        .filter(|&len| u64::from(len) <= max)
        .and_then(|len| IpNetwork::new(p.addr, len).ok());
    let Some(net) = net else {
        diags.push(prefix_length(p, max));
        return None;
    };
    let canonical = IpNetwork::new(net.network(), net.prefix()).unwrap_or(net);
    if canonical.ip() != p.addr {
        diags.push(host_bits(p, canonical));
    }
    Some(Prefix {
        net: canonical,
        span: p.span,
    })
}

fn prefix_length(p: &PrefixLit, max: u64) -> Diagnostic {
    let family = if max == 32 { "IPv4" } else { "IPv6" };
    Diagnostic::error(
        Code::PrefixLength,
        format!(
            "prefix length `/{}` is out of range for an {family} address",
            p.len
        ),
    )
    .with_label(
        p.span,
        format!("{family} prefix lengths run from 0 to {max}"),
    )
    .with_help("the number after `/` counts the network bits: at most 32 for IPv4, 128 for IPv6")
}

fn host_bits(p: &PrefixLit, canonical: IpNetwork) -> Diagnostic {
    Diagnostic::error(
        Code::HostBitsSet,
        format!("prefix `{}/{}` has host bits set", p.addr, p.len),
    )
    .with_label(p.span, "the address is not the first of its network")
    .with_help(format!("did you mean `{canonical}`?"))
}

/// `vlan ID [NAME]` → a VLAN, or `None` after reporting an id outside 1..=4094.
pub(super) fn vlan(
    id: &IntLit,
    name: Option<&StrLit>,
    field: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vlan> {
    match u16::try_from(id.value) {
        Ok(v) if (1..=4094).contains(&v) => Some(Vlan {
            id: v,
            name: name.map(|n| n.value.clone()),
            span: field,
        }),
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::VlanRange,
                    format!("VLAN id `{}` is out of range", id.value),
                )
                .with_label(id.span, "not a VLAN id from 1 to 4094")
                .with_help("802.1Q VLAN ids run from 1 to 4094 (0 and 4095 are reserved)"),
            );
            None
        }
    }
}

/// No two zones (or two `net` entries of one zone) declare the same prefix,
/// and no two zones share a VLAN id.
pub(super) fn check_across_zones(zones: &[Zone], diags: &mut Vec<Diagnostic>) {
    let mut prefixes: BTreeMap<IpNetwork, (usize, Span)> = BTreeMap::new();
    let mut vlans: BTreeMap<u16, (usize, Span)> = BTreeMap::new();
    for (i, zone) in zones.iter().enumerate() {
        for p in &zone.prefixes {
            match prefixes.get(&p.net) {
                Some(&(j, first)) => diags.push(duplicate_prefix(p, first, &zones[j], zone)),
                None => {
                    prefixes.insert(p.net, (i, p.span));
                }
            }
        }
        if let Some(v) = &zone.vlan {
            match vlans.get(&v.id) {
                Some(&(j, first)) => diags.push(duplicate_vlan(v, first, &zones[j], zone)),
                None => {
                    vlans.insert(v.id, (i, v.span));
                }
            }
        }
    }
}

fn duplicate_prefix(p: &Prefix, first: Span, first_zone: &Zone, zone: &Zone) -> Diagnostic {
    let (message, help) = if first_zone.name == zone.name {
        (
            format!(
                "prefix `{}` is declared twice in zone `{}`",
                p.net, zone.name
            ),
            "remove one of them".to_string(),
        )
    } else {
        (
            format!("prefix `{}` is declared by zones `{}` and `{}`", p.net, first_zone.name, zone.name),
            "an address belongs to exactly one zone; zones may nest (a longer prefix inside a shorter one) but may not declare the same prefix".to_string(),
        )
    };
    Diagnostic::error(Code::DuplicatePrefix, message)
        .with_label(p.span, format!("declared again by `{}`", zone.name))
        .with_label(first, format!("first declared by `{}`", first_zone.name))
        .with_help(help)
}

fn duplicate_vlan(v: &Vlan, first: Span, first_zone: &Zone, zone: &Zone) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateVlan,
        format!(
            "VLAN `{}` is used by zones `{}` and `{}`",
            v.id, first_zone.name, zone.name
        ),
    )
    .with_label(v.span, format!("used again by `{}`", zone.name))
    .with_label(first, format!("first used by `{}`", first_zone.name))
    .with_help("each zone is its own VLAN; give one of them another id")
}
