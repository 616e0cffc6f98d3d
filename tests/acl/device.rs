//! A switch's filters as the platforms document them, written without any
//! of the emitter's code: named lists of rules, each bound inbound to a
//! VLAN's routed interface per family; a packet entering a VLAN is judged
//! by that list alone, first match, implicit deny; `established` (IOS) and
//! `tcp-established` (Junos) match TCP segments with ACK or RST; object
//! groups and prefix lists match any of their members.

use std::collections::BTreeMap;
use zonec_props::cloud::space::Fam;

pub const TCP: u8 = 6;
pub const UDP: u8 = 17;
pub const ICMP: u8 = 1;
pub const ICMPV6: u8 = 58;

/// Inclusive address intervals; empty means any.
pub type Nets = Vec<(u128, u128)>;

/// One item of an IOS `object-group service`: protocol, destination
/// ports (empty: any), ICMP types (empty: any).
pub type Item = (u8, Vec<(u16, u16)>, Vec<u8>);

#[derive(Clone, Debug, Default)]
pub struct Rule {
    pub permit: bool,
    /// `None`: every protocol.
    pub proto: Option<u8>,
    pub src: Option<Nets>,
    pub dst: Option<Nets>,
    /// Empty: any port.
    pub sport: Vec<(u16, u16)>,
    pub dport: Vec<(u16, u16)>,
    pub icmp_types: Vec<u8>,
    pub established: bool,
    /// Service items (IOS `object-group service`): (proto, dports, types).
    pub items: Vec<Item>,
}

#[derive(Clone, Copy, Debug)]
pub struct Packet {
    pub src: u128,
    pub dst: u128,
    pub proto: u8,
    pub sport: u16,
    /// Destination port, or the ICMP type.
    pub dport: u16,
    pub ack: bool,
}

#[derive(Debug, Default)]
pub struct Device {
    pub lists: BTreeMap<String, Vec<Rule>>,
    /// (VLAN id, family) -> list bound inbound.
    pub bound: BTreeMap<(u16, Fam), String>,
}

fn in_nets(nets: &Option<Nets>, a: u128) -> bool {
    match nets {
        None => true,
        Some(n) => n.iter().any(|&(lo, hi)| lo <= a && a <= hi),
    }
}

fn in_ports(ranges: &[(u16, u16)], p: u16) -> bool {
    ranges.is_empty() || ranges.iter().any(|&(lo, hi)| lo <= p && p <= hi)
}

fn has_ports(proto: u8) -> bool {
    proto == TCP || proto == UDP
}

fn is_icmp(proto: u8) -> bool {
    proto == ICMP || proto == ICMPV6
}

impl Rule {
    pub fn matches(&self, p: &Packet) -> bool {
        if !in_nets(&self.src, p.src) || !in_nets(&self.dst, p.dst) {
            return false;
        }
        if !self.items.is_empty() {
            return self.items.iter().any(|(proto, ports, types)| {
                *proto == p.proto
                    && (!has_ports(p.proto) || in_ports(ports, p.dport))
                    && (!is_icmp(p.proto) || types.is_empty() || types.contains(&(p.dport as u8)))
            });
        }
        if let Some(proto) = self.proto {
            if proto != p.proto {
                return false;
            }
        }
        let ports_ok = in_ports(&self.sport, p.sport) && in_ports(&self.dport, p.dport);
        if has_ports(p.proto) && self.proto.is_some() && !ports_ok {
            return false;
        }
        if is_icmp(p.proto)
            && !self.icmp_types.is_empty()
            && !self.icmp_types.contains(&(p.dport as u8))
        {
            return false;
        }
        if self.established && !(p.proto == TCP && p.ack) {
            return false;
        }
        true
    }
}

impl Device {
    /// Whether a packet entering VLAN `vlan` passes; `None` when no list
    /// is bound for the family (then the switch filters nothing).
    pub fn passes(&self, vlan: u16, fam: Fam, p: &Packet) -> Option<bool> {
        let name = self.bound.get(&(vlan, fam))?;
        let list = self
            .lists
            .get(name)
            .unwrap_or_else(|| panic!("list {name} bound but not defined"));
        Some(list.iter().find(|r| r.matches(p)).is_some_and(|r| r.permit))
    }
}

/// IPv4 `a.b.c.d` or IPv6 text as a number.
pub fn addr(text: &str) -> (Fam, u128) {
    match text
        .parse::<std::net::IpAddr>()
        .unwrap_or_else(|e| panic!("address `{text}`: {e}"))
    {
        std::net::IpAddr::V4(a) => (Fam::V4, u128::from(u32::from(a))),
        std::net::IpAddr::V6(a) => (Fam::V6, u128::from(a)),
    }
}

/// `PREFIX/LEN` as an interval.
pub fn prefix(text: &str) -> (Fam, (u128, u128)) {
    let (a, len) = text
        .split_once('/')
        .unwrap_or_else(|| panic!("prefix `{text}`"));
    let (fam, a) = addr(a);
    let len: u32 = len.parse().unwrap();
    let bits = if fam == Fam::V4 { 32 } else { 128 };
    let host = bits - len;
    let mask = if host == 128 {
        u128::MAX
    } else {
        (1u128 << host) - 1
    };
    assert_eq!(a & mask, 0, "prefix `{text}` has host bits");
    (fam, (a, a | mask))
}

/// A port `N` or range `A-B`.
pub fn port_range(text: &str) -> (u16, u16) {
    match text.split_once('-') {
        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
        None => {
            let p = text
                .parse()
                .unwrap_or_else(|e| panic!("port `{text}`: {e}"));
            (p, p)
        }
    }
}
