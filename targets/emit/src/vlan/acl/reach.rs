//! What the emitted access lists really let through, computed from the
//! entries themselves with the switches' semantics: stateless, first match,
//! implicit deny, per interface (a packet is filtered by the list of the
//! interface it enters, its source zone's), `established` matching TCP
//! segments with ACK or RST.
//!
//! Per protocol, a set of packets is a union of disjoint cells: source
//! ports × destination ports (or ICMP types) × TCP flags (a segment
//! without ACK/RST, which can open a connection, or with). Walking a list
//! keeps the cells no entry has matched yet; what a permit takes from them
//! passes, with the entry that let it. Each entry splits a cell into at
//! most three, and cells stay on the grid of the entries' port bounds, so
//! the work is bounded by the list, not by the ports.

use super::entries::{Ace, Acl, AclProto, Family, Peer};
use std::collections::BTreeMap;
use zonec_model::{PortSet, Proto, ZoneId};

/// A packet that can open a connection: any UDP, ICMP or other-protocol
/// packet, and TCP without ACK or RST.
pub const OPENING: u8 = 1;
/// A TCP segment with ACK or RST, which only `established` entries and
/// whole-protocol entries let through.
pub const ACK: u8 = 2;

/// A set of packets of one protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Source ports (TCP, UDP); `{0}` for protocols without ports.
    pub sport: PortSet,
    /// Destination ports, or ICMP types; `{0}` for other protocols.
    pub dport: PortSet,
    /// [`OPENING`] and/or [`ACK`] (only TCP has ACK).
    pub flags: u8,
}

impl Cell {
    /// Every packet of `proto`.
    pub fn all(proto: Proto) -> Cell {
        let ports = PortSet::range(0, 65_535);
        let (sport, dport, flags) = match proto {
            Proto::Tcp => (ports.clone(), ports, OPENING | ACK),
            Proto::Udp => (ports.clone(), ports, OPENING),
            Proto::Icmp | Proto::Icmpv6 => (PortSet::range(0, 0), PortSet::range(0, 255), OPENING),
            Proto::Other => (PortSet::range(0, 0), PortSet::range(0, 0), OPENING),
        };
        Cell {
            sport,
            dport,
            flags,
        }
    }

    fn is_empty(&self) -> bool {
        self.sport.is_empty() || self.dport.is_empty() || self.flags == 0
    }

    fn intersect(&self, o: &Cell) -> Cell {
        Cell {
            sport: self.sport.intersect(&o.sport),
            dport: self.dport.intersect(&o.dport),
            flags: self.flags & o.flags,
        }
    }

    /// `self` without `o`, as at most three disjoint cells.
    fn subtract(&self, o: &Cell) -> Vec<Cell> {
        if self.intersect(o).is_empty() {
            return vec![self.clone()];
        }
        let both_s = self.sport.intersect(&o.sport);
        let both_d = self.dport.intersect(&o.dport);
        let pieces = [
            Cell {
                sport: self.sport.subtract(&o.sport),
                ..self.clone()
            },
            Cell {
                sport: both_s.clone(),
                dport: self.dport.subtract(&o.dport),
                flags: self.flags,
            },
            Cell {
                sport: both_s,
                dport: both_d,
                flags: self.flags & !o.flags,
            },
        ];
        pieces.into_iter().filter(|c| !c.is_empty()).collect()
    }
}

/// The packets of `proto` an entry matches, if it matches that protocol.
fn matched(ace: &Ace, proto: Proto) -> Option<Cell> {
    let all = Cell::all(proto);
    let same = match ace.proto {
        AclProto::Ip => true,
        AclProto::Tcp => proto == Proto::Tcp,
        AclProto::Udp => proto == Proto::Udp,
        AclProto::Icmp => matches!(proto, Proto::Icmp | Proto::Icmpv6),
    };
    if !same {
        return None;
    }
    let range = |r: Option<(u16, u16)>, whole: PortSet| {
        r.map_or(whole, |(lo, hi)| {
            PortSet::range(u32::from(lo), u32::from(hi))
        })
    };
    Some(Cell {
        sport: range(ace.sport, all.sport),
        dport: range(ace.dport, all.dport),
        flags: if ace.established { ACK } else { all.flags },
    })
}

/// What passed between two zones in one family, per protocol, with the
/// index (in the list's order) of the entry that let each cell through.
#[derive(Clone, Debug, Default)]
pub struct Passed {
    pub cells: Vec<(Proto, Cell, usize)>,
}

impl Passed {
    /// The points a packet that can open a connection reaches.
    pub fn opening(&self, f: Family) -> PortSet {
        self.points(f, OPENING)
    }

    /// The TCP points reached by segments with ACK or RST.
    pub fn established(&self, f: Family) -> PortSet {
        self.points(f, ACK)
    }

    fn points(&self, f: Family, flag: u8) -> PortSet {
        let sets: Vec<PortSet> = self
            .cells
            .iter()
            .filter(|(p, c, _)| c.flags & flag != 0 && (*p != f.other_icmp()))
            .map(|(p, c, _)| shift(&c.dport, *p))
            .collect();
        PortSet::union_all(&sets)
    }

    /// Whether every packet of `want` (of `proto`) passes.
    pub fn covers(&self, proto: Proto, want: &Cell) -> bool {
        let mut left = vec![want.clone()];
        for (_, c, _) in self.cells.iter().filter(|(p, _, _)| *p == proto) {
            left = left.iter().flat_map(|l| l.subtract(c)).collect();
        }
        left.is_empty()
    }

    /// The entry that lets `point` through for packets with `flag`, and a
    /// source port it passes with.
    pub fn entry_for(&self, point: u32, flag: u8) -> Option<(usize, u32)> {
        let (proto, port) = Proto::of_point(point);
        let proto_match = |p: Proto| p == proto;
        self.cells
            .iter()
            .filter(|(p, c, _)| proto_match(*p) && c.flags & flag != 0)
            .find(|(_, c, _)| c.dport.contains(port))
            .and_then(|(_, c, i)| Some((*i, c.sport.ranges().first()?.0)))
    }
}

impl Family {
    /// The ICMP of the other family, which never appears in this one.
    fn other_icmp(self) -> Proto {
        match self {
            Family::V4 => Proto::Icmpv6,
            Family::V6 => Proto::Icmp,
        }
    }
}

/// A set of raw ports (or types) of `proto` as points.
fn shift(ports: &PortSet, proto: Proto) -> PortSet {
    let (lo, hi) = proto.bounds();
    let shifted = ports
        .ranges()
        .iter()
        .map(|&(a, b)| (lo + a, (lo + b).min(hi)));
    PortSet::from_ranges(shifted)
}

/// The protocols of family `f`.
fn protos(f: Family) -> [Proto; 4] {
    [Proto::Tcp, Proto::Udp, f.icmp(), Proto::Other]
}

/// First match over `aces` (already those that can match the pair).
pub fn first_match<'a>(aces: impl Iterator<Item = (usize, &'a Ace)> + Clone, f: Family) -> Passed {
    let mut passed = Passed::default();
    for proto in protos(f) {
        let mut left = vec![Cell::all(proto)];
        for (i, ace) in aces.clone() {
            let Some(m) = matched(ace, proto) else {
                continue;
            };
            if ace.permit {
                for c in &left {
                    let hit = c.intersect(&m);
                    if !hit.is_empty() {
                        passed.cells.push((proto, hit, i));
                    }
                }
            }
            left = left.iter().flat_map(|c| c.subtract(&m)).collect();
            if left.is_empty() {
                break;
            }
        }
    }
    passed
}

/// Every pair's packets through one list: from the list's zone to each zone
/// of `to`.
pub fn through(acl: &Acl, to: &[ZoneId]) -> BTreeMap<ZoneId, Passed> {
    let aces: Vec<&Ace> = acl.aces().collect();
    let src_ok = |a: &Ace| matches!(a.src, Peer::Any) || a.src == Peer::Zone(acl.zone);
    let mut by_dst: BTreeMap<Peer, Vec<usize>> = BTreeMap::new();
    for (i, a) in aces.iter().enumerate().filter(|(_, a)| src_ok(a)) {
        by_dst.entry(a.dst).or_default().push(i);
    }
    let any = by_dst.get(&Peer::Any).cloned().unwrap_or_default();
    let mut out = BTreeMap::new();
    for &b in to.iter().filter(|&&b| b != acl.zone) {
        let mut idx: Vec<usize> = by_dst.get(&Peer::Zone(b)).cloned().unwrap_or_default();
        idx.extend(&any);
        idx.sort_unstable();
        let list: Vec<(usize, &Ace)> = idx
            .iter()
            .filter_map(|&i| Some((i, *aces.get(i)?)))
            .collect();
        out.insert(b, first_match(list.iter().copied(), acl.family));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vlan::acl::entries::ace;
    use zonec_model::ports::{OTHER_POINT, UDP_BASE};

    const A: Peer = Peer::Zone(ZoneId(0));
    const B: Peer = Peer::Zone(ZoneId(1));

    fn run(aces: &[Ace]) -> Passed {
        first_match(aces.iter().enumerate(), Family::V4)
    }

    #[test]
    fn the_first_match_decides_and_the_rest_is_denied() {
        let https = Ace {
            dport: Some((443, 443)),
            ..ace(true, AclProto::Tcp, A, B)
        };
        let p = run(&[https, ace(false, AclProto::Ip, Peer::Any, Peer::Any)]);
        assert_eq!(p.opening(Family::V4), PortSet::range(443, 443));
        assert_eq!(p.established(Family::V4), PortSet::range(443, 443));
        assert_eq!(p.entry_for(443, OPENING), Some((0, 0)));
    }

    #[test]
    fn established_lets_no_connection_open() {
        let reply = Ace {
            sport: Some((53, 53)),
            established: true,
            ..ace(true, AclProto::Tcp, A, B)
        };
        let p = run(&[reply]);
        assert!(p.opening(Family::V4).is_empty());
        assert_eq!(p.established(Family::V4), PortSet::proto(Proto::Tcp));
    }

    #[test]
    fn a_udp_reply_opens_every_port_from_its_source_port() {
        let reply = Ace {
            sport: Some((53, 53)),
            ..ace(true, AclProto::Udp, A, B)
        };
        let p = run(&[reply]);
        assert_eq!(p.opening(Family::V4), PortSet::proto(Proto::Udp));
        assert_eq!(p.entry_for(UDP_BASE + 161, OPENING), Some((0, 53)));
        let other_source = Cell {
            sport: PortSet::range(54, 54),
            ..Cell::all(Proto::Udp)
        };
        assert!(!p.covers(Proto::Udp, &other_source));
    }

    #[test]
    fn a_deny_before_permit_ip_closes_its_ports_only() {
        let ssh = Ace {
            dport: Some((22, 22)),
            ..ace(false, AclProto::Tcp, A, B)
        };
        let p = run(&[ssh, ace(true, AclProto::Ip, A, B)]);
        let open = p.opening(Family::V4);
        assert!(!open.contains(22) && open.contains(21) && open.contains(23));
        assert!(open.contains(OTHER_POINT) && open.contains(UDP_BASE + 22));
        assert!(
            !open.contains(Family::V6.icmp_point(128)),
            "no ICMPv6 in IPv4"
        );
    }
}
