//! The switch filters as platform-neutral entries: for each zone with a
//! VLAN and each address family it has, the ordered access list applied
//! inbound on its routed interface. IOS and Junos render these entries one
//! for one, and the stateless proof (`reach`) evaluates the same list, so
//! what is proved is what is written.
//!
//! Per destination zone, in zone order, an ACL holds:
//! 1. the **replies** to what that zone may open towards this one: TCP from
//!    the service port with `established` (ACK or RST), UDP from the service
//!    port to any port, ICMP echo (timestamp, ...) replies, and for other IP
//!    protocols the whole protocol (after denies of TCP, UDP and ICMP, at the
//!    end of the block);
//! 2. the **new connections** this zone may open there: one service entry
//!    (an IOS `object-group service`, a Junos term per protocol), or, when
//!    other IP protocols are allowed too, denies of the ports that are not
//!    and one `permit ip`.
//!
//! IPv6 lists then let neighbour discovery reach the switch (link-local and
//! multicast destinations only), and every list ends in a logged deny.

use std::collections::BTreeSet;
use zonec_model::ports::{ICMPV6_BASE, ICMP_BASE, OTHER_POINT};
use zonec_model::{AddressTable, PortSet, Proto, ZoneId};

/// An address family: one ACL per family per zone.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub const BOTH: [Family; 2] = [Family::V4, Family::V6];

    /// The ICMP of this family (ICMPv6 for IPv6).
    pub fn icmp(self) -> Proto {
        match self {
            Family::V4 => Proto::Icmp,
            Family::V6 => Proto::Icmpv6,
        }
    }

    /// Every point traffic of this family can carry (the other family's
    /// ICMP left out).
    pub fn points(self) -> PortSet {
        let foreign = match self {
            Family::V4 => Proto::Icmpv6,
            Family::V6 => Proto::Icmp,
        };
        PortSet::any().subtract(&PortSet::proto(foreign))
    }

    /// The point of ICMP type `t` of this family.
    pub fn icmp_point(self, t: u8) -> u32 {
        match self {
            Family::V4 => ICMP_BASE + u32::from(t),
            Family::V6 => ICMPV6_BASE + u32::from(t),
        }
    }
}

/// What an entry matches of the IP protocol.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AclProto {
    /// Every protocol (`ip`, `ipv6`; no `protocol` on Junos).
    Ip,
    Tcp,
    Udp,
    /// ICMP, or ICMPv6 in an IPv6 list.
    Icmp,
}

/// The source or destination of an entry.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Peer {
    /// Every address of the zone (its object group or prefix list).
    Zone(ZoneId),
    Any,
    /// `fe80::/10`: neighbour discovery between a host and the switch.
    LinkLocal,
    /// `ff02::/16`: link-scope multicast (solicited-node, all-routers).
    LinkMulticast,
}

/// One access control entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ace {
    pub permit: bool,
    pub proto: AclProto,
    pub src: Peer,
    pub dst: Peer,
    /// TCP/UDP source ports, inclusive; `None` is any.
    pub sport: Option<(u16, u16)>,
    /// TCP/UDP destination ports, or the ICMP type `(t, t)`; `None` is any.
    pub dport: Option<(u16, u16)>,
    /// TCP with ACK or RST only.
    pub established: bool,
    pub log: bool,
}

/// Why an entry is there, for the renderers' remarks and the witnesses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Replies to connections the destination zone opens to this one.
    Reply,
    /// Connections this zone opens to the destination zone.
    Forward,
    /// The switch's own neighbour discovery (IPv6).
    Discovery,
    /// The final deny.
    Default,
}

/// Entries written together: one line each, or one IOS service group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub role: Role,
    /// More than one only for a service group: permits of one source and
    /// destination without source ports, one per service item.
    pub aces: Vec<Ace>,
}

impl Line {
    fn one(role: Role, ace: Ace) -> Line {
        Line {
            role,
            aces: vec![ace],
        }
    }

    /// Whether the line is written as one `permit object-group SVC ...`.
    pub fn is_service(&self) -> bool {
        self.role == Role::Forward
            && self
                .aces
                .iter()
                .all(|a| a.permit && a.proto != AclProto::Ip)
    }
}

/// The inbound list of one zone's routed interface, one family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acl {
    pub zone: ZoneId,
    pub family: Family,
    pub lines: Vec<Line>,
}

impl Acl {
    /// Every entry in order, as the switch evaluates them.
    pub fn aces(&self) -> impl Iterator<Item = &Ace> {
        self.lines.iter().flat_map(|l| &l.aces)
    }
}

/// What one zone's list is built from: the zone, the zones it exchanges
/// traffic with (with addresses in this family), and per destination the
/// ports it may open there and the ports that zone may open to it.
pub(crate) struct Peers {
    pub zone: ZoneId,
    pub family: Family,
    /// `(destination, allowed from zone to it, allowed from it to zone)`.
    pub flows: Vec<(ZoneId, PortSet, PortSet)>,
}

/// The list of `peers.zone` for its family.
pub(crate) fn acl(peers: &Peers) -> Acl {
    let (a, f) = (peers.zone, peers.family);
    let mut lines = Vec::new();
    for (b, forward, back) in &peers.flows {
        let forward = forward.intersect(&f.points());
        let back = back.intersect(&f.points());
        lines.extend(replies(a, *b, &back, f));
        lines.extend(new_connections(a, *b, &forward, f));
        if back.contains(OTHER_POINT) && !forward.contains(OTHER_POINT) {
            lines.extend(other_replies(a, *b));
        }
    }
    if f == Family::V6 {
        lines.extend(discovery());
    }
    let deny = ace(false, AclProto::Ip, Peer::Any, Peer::Any);
    lines.push(Line::one(Role::Default, Ace { log: true, ..deny }));
    Acl {
        zone: a,
        family: f,
        lines,
    }
}

/// A permit or deny of `proto` from `src` to `dst` on any port.
pub(crate) fn ace(permit: bool, proto: AclProto, src: Peer, dst: Peer) -> Ace {
    Ace {
        permit,
        proto,
        src,
        dst,
        sport: None,
        dport: None,
        established: false,
        log: false,
    }
}

/// The ports of `proto` in `set`, as inclusive port (or type) ranges.
pub(crate) fn port_ranges(set: &PortSet, proto: Proto) -> Vec<(u16, u16)> {
    let (lo, hi) = proto.bounds();
    set.intersect(&PortSet::range(lo, hi))
        .ranges()
        .iter()
        .filter_map(|&(a, b)| Some((u16::try_from(a - lo).ok()?, u16::try_from(b - lo).ok()?)))
        .collect()
}

/// ICMP request types and the reply a stateful firewall lets back.
const ICMP_REPLIES: &[(u8, u8)] = &[(8, 0), (13, 14), (15, 16), (17, 18)];
const ICMPV6_REPLIES: &[(u8, u8)] = &[(128, 129)];

/// The reply types to the ICMP request types in `set`.
pub(crate) fn icmp_replies(set: &PortSet, f: Family) -> BTreeSet<u8> {
    let table = match f {
        Family::V4 => ICMP_REPLIES,
        Family::V6 => ICMPV6_REPLIES,
    };
    table
        .iter()
        .filter(|(request, _)| set.contains(f.icmp_point(*request)))
        .map(|&(_, reply)| reply)
        .collect()
}

/// Replies from `a` to connections `b` opens on `back`.
fn replies(a: ZoneId, b: ZoneId, back: &PortSet, f: Family) -> Vec<Line> {
    let (src, dst) = (Peer::Zone(a), Peer::Zone(b));
    let mut out = Vec::new();
    for r in port_ranges(back, Proto::Tcp) {
        let base = ace(true, AclProto::Tcp, src, dst);
        out.push(Ace {
            sport: Some(r),
            established: true,
            ..base
        });
    }
    for r in port_ranges(back, Proto::Udp) {
        let base = ace(true, AclProto::Udp, src, dst);
        out.push(Ace {
            sport: Some(r),
            ..base
        });
    }
    for t in icmp_replies(back, f) {
        let base = ace(true, AclProto::Icmp, src, dst);
        out.push(Ace {
            dport: Some((u16::from(t), u16::from(t))),
            ..base
        });
    }
    out.into_iter().map(|a| Line::one(Role::Reply, a)).collect()
}

/// The replies of other IP protocols: everything but TCP, UDP and ICMP.
fn other_replies(a: ZoneId, b: ZoneId) -> Vec<Line> {
    let (src, dst) = (Peer::Zone(a), Peer::Zone(b));
    let mut out: Vec<Line> = [AclProto::Tcp, AclProto::Udp, AclProto::Icmp]
        .into_iter()
        .map(|p| Line::one(Role::Reply, ace(false, p, src, dst)))
        .collect();
    out.push(Line::one(Role::Reply, ace(true, AclProto::Ip, src, dst)));
    out
}

/// The protocols with ports (or types) of family `f`, as entries see them.
fn port_protos(f: Family) -> [(AclProto, Proto); 3] {
    [
        (AclProto::Tcp, Proto::Tcp),
        (AclProto::Udp, Proto::Udp),
        (AclProto::Icmp, f.icmp()),
    ]
}

/// What `a` may open to `b`: `forward` (already of this family).
fn new_connections(a: ZoneId, b: ZoneId, forward: &PortSet, f: Family) -> Vec<Line> {
    let (src, dst) = (Peer::Zone(a), Peer::Zone(b));
    if forward.is_empty() {
        return Vec::new();
    }
    if *forward == f.points() {
        return vec![Line::one(Role::Forward, ace(true, AclProto::Ip, src, dst))];
    }
    if forward.contains(OTHER_POINT) {
        let closed = f.points().subtract(forward);
        let mut out: Vec<Line> = port_protos(f)
            .into_iter()
            .flat_map(|(p, proto)| items(false, p, proto, &closed, src, dst))
            .map(|a| Line::one(Role::Forward, a))
            .collect();
        out.push(Line::one(Role::Forward, ace(true, AclProto::Ip, src, dst)));
        return out;
    }
    let aces = port_protos(f)
        .into_iter()
        .flat_map(|(p, proto)| items(true, p, proto, forward, src, dst))
        .collect();
    vec![Line {
        role: Role::Forward,
        aces,
    }]
}

/// Entries for the ports of `proto` in `set`: one for the whole protocol,
/// else one per port range (per type for ICMP, which has no type ranges).
fn items(permit: bool, p: AclProto, proto: Proto, set: &PortSet, src: Peer, dst: Peer) -> Vec<Ace> {
    let whole = PortSet::proto(proto);
    if set.intersect(&whole) == whole {
        return vec![ace(permit, p, src, dst)];
    }
    let ranges = port_ranges(set, proto);
    let ranges: Vec<(u16, u16)> = if p == AclProto::Icmp {
        ranges
            .into_iter()
            .flat_map(|(lo, hi)| (lo..=hi).map(|t| (t, t)))
            .collect()
    } else {
        ranges
    };
    ranges
        .into_iter()
        .map(|r| Ace {
            dport: Some(r),
            ..ace(permit, p, src, dst)
        })
        .collect()
}

/// IPv6 neighbour discovery with the switch: router solicitations,
/// neighbour solicitations and advertisements, to link-local and
/// link-scope multicast addresses only (never routed to another zone).
fn discovery() -> Vec<Line> {
    let mut out = Vec::new();
    for dst in [Peer::LinkLocal, Peer::LinkMulticast] {
        for t in [133u16, 135, 136] {
            let base = ace(true, AclProto::Icmp, Peer::Any, dst);
            out.push(Line::one(
                Role::Discovery,
                Ace {
                    dport: Some((t, t)),
                    ..base
                },
            ));
        }
    }
    out
}

/// Whether `zone` has addresses of family `f`.
pub(crate) fn has_family(table: &AddressTable, zone: ZoneId, f: Family) -> bool {
    let space = table.effective_ranges(zone);
    match f {
        Family::V4 => !space.v4.is_empty(),
        Family::V6 => !space.v6.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports(text: &[(Proto, u32, u32)]) -> PortSet {
        PortSet::union_all(
            &text
                .iter()
                .map(|&(p, lo, hi)| PortSet::ports(p, lo, hi))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn replies_come_first_and_the_list_ends_in_a_logged_deny() {
        let peers = Peers {
            zone: ZoneId(0),
            family: Family::V4,
            flows: vec![(
                ZoneId(1),
                ports(&[(Proto::Tcp, 443, 443)]),
                ports(&[(Proto::Udp, 53, 53), (Proto::Icmp, 8, 8)]),
            )],
        };
        let acl = acl(&peers);
        let roles: Vec<Role> = acl.lines.iter().map(|l| l.role).collect();
        assert_eq!(
            roles,
            [Role::Reply, Role::Reply, Role::Forward, Role::Default]
        );
        let aces: Vec<&Ace> = acl.aces().collect();
        assert_eq!(
            (aces[0].proto, aces[0].sport),
            (AclProto::Udp, Some((53, 53)))
        );
        assert_eq!(
            (aces[1].proto, aces[1].dport),
            (AclProto::Icmp, Some((0, 0)))
        );
        assert_eq!(aces[2].dport, Some((443, 443)));
        assert!(aces[3].log && !aces[3].permit && aces[3].src == Peer::Any);
    }

    #[test]
    fn other_protocols_return_after_denies_of_the_rest() {
        let peers = Peers {
            zone: ZoneId(0),
            family: Family::V6,
            flows: vec![(ZoneId(1), PortSet::empty(), PortSet::any())],
        };
        let acl = acl(&peers);
        let replies: Vec<&Ace> = acl
            .lines
            .iter()
            .filter(|l| l.role == Role::Reply)
            .flat_map(|l| &l.aces)
            .collect();
        let tail: Vec<(bool, AclProto)> = replies
            .iter()
            .rev()
            .take(4)
            .map(|a| (a.permit, a.proto))
            .collect();
        assert_eq!(
            tail,
            [
                (true, AclProto::Ip),
                (false, AclProto::Icmp),
                (false, AclProto::Udp),
                (false, AclProto::Tcp)
            ]
        );
        assert!(acl.lines.iter().any(|l| l.role == Role::Discovery));
    }
}
