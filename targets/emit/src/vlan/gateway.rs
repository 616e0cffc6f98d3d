//! Gateway addresses: the router's (or an SVI's) own address in each of a
//! zone's prefixes, and the checks that make them safe to configure.
//!
//! A zone's gateway in a prefix is the prefix's first usable address: the
//! network address + 1 (IPv4 also keeps the broadcast address out; IPv6 keeps
//! the subnet-router anycast address, the network address itself, out). A
//! prefix needs room for the gateway and at least one host: IPv4 /30 or
//! shorter, IPv6 /126 or shorter.
//!
//! Zones nest (the longest prefix owns an address), so the first usable
//! address of an outer zone's prefix may belong to a nested zone — and may be
//! that zone's gateway too. Either way the two zones would share the router's
//! address, which is refused as a gateway collision.

use ipnetwork::IpNetwork;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_base::{Code, Diagnostic};
use zonec_model::{AddressTable, Model, Prefix, Zone, ZoneId};

/// The router's address in one prefix of a zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Gateway {
    /// The gateway address with the prefix's length (`10.20.0.1/16`).
    pub address: IpNetwork,
}

impl Gateway {
    pub(crate) fn ip(&self) -> IpAddr {
        self.address.ip()
    }

    pub(crate) fn prefix_len(&self) -> u8 {
        self.address.prefix()
    }

    /// The IPv4 netmask in dotted form (`255.255.0.0`), for IOS.
    pub(crate) fn netmask(&self) -> IpAddr {
        self.address.mask()
    }
}

/// A zone's gateways, IPv4 then IPv6, each family in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Gateways {
    pub v4: Vec<Gateway>,
    pub v6: Vec<Gateway>,
}

impl Gateways {
    pub(crate) fn all(&self) -> impl Iterator<Item = &Gateway> {
        self.v4.iter().chain(&self.v6)
    }
}

/// The first usable address of `net` when the prefix also leaves room for a
/// host; `None` for IPv4 /31 and /32 and IPv6 /127 and /128.
pub(crate) fn first_usable(net: IpNetwork) -> Option<IpAddr> {
    match net {
        IpNetwork::V4(n) if n.prefix() <= 30 => {
            Some(IpAddr::V4(Ipv4Addr::from(u32::from(n.network()) + 1)))
        }
        IpNetwork::V6(n) if n.prefix() <= 126 => {
            Some(IpAddr::V6(Ipv6Addr::from(u128::from(n.network()) + 1)))
        }
        _ => None,
    }
}

/// The gateways of `zone`, with a diagnostic for every prefix that cannot
/// hold one and for a zone with no prefix at all.
pub(crate) fn gateways(zone: &Zone, diags: &mut Vec<Diagnostic>) -> Gateways {
    let mut out = Gateways::default();
    if zone.prefixes.is_empty() {
        diags.push(missing_prefix(zone));
    }
    for prefix in &zone.prefixes {
        let Some(ip) = first_usable(prefix.net) else {
            diags.push(no_room(zone, prefix));
            continue;
        };
        let Ok(address) = IpNetwork::new(ip, prefix.net.prefix()) else {
            continue;
        };
        match ip {
            IpAddr::V4(_) => out.v4.push(Gateway { address }),
            IpAddr::V6(_) => out.v6.push(Gateway { address }),
        }
    }
    out
}

/// Every gateway of a VLAN zone whose address belongs (longest prefix
/// match) to another zone: one diagnostic per gateway.
pub(crate) fn check_ownership(
    model: &Model,
    table: &AddressTable,
    zone: ZoneId,
    gateways: &Gateways,
    diags: &mut Vec<Diagnostic>,
) {
    for gateway in gateways.all() {
        let ip = gateway.ip();
        match table.lookup(ip) {
            Some(owner) if owner != zone => diags.push(owned_elsewhere(model, zone, owner, ip)),
            _ => {}
        }
    }
}

fn owned_elsewhere(model: &Model, zone: ZoneId, owner: ZoneId, ip: IpAddr) -> Diagnostic {
    let z = model.zone(zone);
    let o = model.zone(owner);
    let mine = containing(z, ip);
    let theirs = containing(o, ip);
    let shared = theirs.is_some_and(|p| first_usable(p.net) == Some(ip));
    let also = if shared && o.vlan.is_some() {
        ", whose gateway it is too".to_string()
    } else {
        String::new()
    };
    let mut d = Diagnostic::error(
        Code::GatewayCollision,
        format!(
            "gateway `{ip}` of zone `{}` belongs to zone `{}`{also}",
            z.name, o.name
        ),
    );
    if let Some(p) = mine {
        d = d.with_label(
            p.span,
            format!("`{ip}` is the first usable address of `{}`", p.net),
        );
    }
    if let Some(p) = theirs {
        d = d.with_label(
            p.span,
            format!("`{}` is longer, so `{ip}` belongs to `{}`", p.net, o.name),
        );
    }
    d.with_help(format!(
        "the router would answer for both zones at one address; move the nested prefix off the first addresses of `{}`",
        mine.map_or_else(|| ip.to_string(), |p| p.net.to_string())
    ))
}

/// The longest prefix of `zone` that contains `ip`.
fn containing(zone: &Zone, ip: IpAddr) -> Option<&Prefix> {
    zone.prefixes
        .iter()
        .filter(|p| p.net.contains(ip))
        .max_by_key(|p| p.net.prefix())
}

fn no_room(zone: &Zone, prefix: &Prefix) -> Diagnostic {
    let (shortest, family) = match prefix.net {
        IpNetwork::V4(_) => ("/30", "IPv4"),
        IpNetwork::V6(_) => ("/126", "IPv6"),
    };
    Diagnostic::error(
        Code::GatewayCollision,
        format!(
            "prefix `{}` of zone `{}` has no address for a gateway",
            prefix.net, zone.name
        ),
    )
    .with_label(prefix.span, "too small for a gateway and a host")
    .with_help(format!(
        "the gateway takes the first usable address and hosts need another: an {family} prefix of a VLAN zone must be {shortest} or shorter"
    ))
}

fn missing_prefix(zone: &Zone) -> Diagnostic {
    let span = zone.vlan.as_ref().map_or(zone.span, |v| v.span);
    Diagnostic::error(
        Code::MissingGatewayPrefix,
        format!(
            "zone `{}` has a VLAN but no prefix for its gateway",
            zone.name
        ),
    )
    .with_label(span, "the VLAN interface needs an address")
    .with_help("add a `net` prefix to the zone; its first usable address becomes the gateway")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNetwork {
        s.parse().unwrap()
    }

    #[test]
    fn first_usable_addresses() {
        assert_eq!(
            first_usable(net("10.20.0.0/16")),
            Some("10.20.0.1".parse().unwrap())
        );
        assert_eq!(
            first_usable(net("10.0.0.4/30")),
            Some("10.0.0.5".parse().unwrap())
        );
        assert_eq!(first_usable(net("10.0.0.4/31")), None);
        assert_eq!(first_usable(net("10.0.0.4/32")), None);
        assert_eq!(
            first_usable(net("fd00::/64")),
            Some("fd00::1".parse().unwrap())
        );
        assert_eq!(
            first_usable(net("fd00::4/126")),
            Some("fd00::5".parse().unwrap())
        );
        assert_eq!(first_usable(net("fd00::/127")), None);
        assert_eq!(first_usable(net("fd00::/128")), None);
    }

    #[test]
    fn gateway_keeps_the_prefix_length_and_mask() {
        let g = Gateway {
            address: IpNetwork::new("10.20.0.1".parse().unwrap(), 16).unwrap(),
        };
        assert_eq!(g.address.to_string(), "10.20.0.1/16");
        assert_eq!(g.netmask().to_string(), "255.255.0.0");
        assert_eq!(g.prefix_len(), 16);
    }
}
