//! What to test for one policy: a host address per zone and family, one
//! representative probe per service class, and the matrix the analysis
//! says the kernel must show.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_analysis::classes::ServiceClasses;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::ports::{ICMPV6_BASE, ICMP_BASE};
use zonec_model::{AddressTable, EffectiveSpace, Model, Proto, ZoneId};

/// How one service class is probed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rep {
    Tcp(u16),
    Udp(u16),
    /// ICMP echo-request (ping), IPv4 only.
    Echo4,
    /// ICMPv6 echo-request (ping -6), IPv6 only.
    Echo6,
}

impl Rep {
    /// The point on the port line this probe exercises.
    pub fn point(self) -> u32 {
        match self {
            Rep::Tcp(p) => u32::from(p),
            Rep::Udp(p) => 65_536 + u32::from(p),
            Rep::Echo4 => ICMP_BASE + 8,
            Rep::Echo6 => ICMPV6_BASE + 128,
        }
    }

    pub fn fits(self, v6: bool) -> bool {
        match self {
            Rep::Echo4 => !v6,
            Rep::Echo6 => v6,
            _ => true,
        }
    }
}

impl std::fmt::Display for Rep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rep::Tcp(p) => write!(f, "tcp/{p}"),
            Rep::Udp(p) => write!(f, "udp/{p}"),
            Rep::Echo4 => f.write_str("icmp/echo-request"),
            Rep::Echo6 => f.write_str("icmpv6/echo-request"),
        }
    }
}

/// A zone's test host: its addresses (none where the zone has no space).
#[derive(Clone, Debug)]
pub struct HostPlan {
    pub zone: ZoneId,
    pub v4: Option<Ipv4Addr>,
    pub v6: Option<Ipv6Addr>,
}

impl HostPlan {
    pub fn addr(&self, v6: bool) -> Option<IpAddr> {
        if v6 {
            self.v6.map(IpAddr::V6)
        } else {
            self.v4.map(IpAddr::V4)
        }
    }
}

/// One cell of the matrix: from, to, IPv6?, probe.
pub type Cell = (ZoneId, ZoneId, bool, Rep);

pub struct Plan {
    pub hosts: Vec<HostPlan>,
    pub reps: Vec<Rep>,
    /// Classes with no probe (ICMP types other than echo, other protocols).
    pub unprobed: usize,
    pub expected: BTreeMap<Cell, bool>,
}

impl Plan {
    pub fn new(model: &Model, effective: &EffectivePolicy, table: &AddressTable) -> Plan {
        Plan::sampled(model, effective, table, |_| true)
    }

    /// The plan for the zones `keep` accepts only: a sample of the pairs of
    /// a policy too large to probe whole.
    pub fn sampled(
        model: &Model,
        effective: &EffectivePolicy,
        table: &AddressTable,
        keep: impl Fn(ZoneId) -> bool,
    ) -> Plan {
        let hosts: Vec<HostPlan> = model
            .zone_ids()
            .filter(|&zone| keep(zone))
            .map(|zone| host(zone, table.effective_ranges(zone)))
            .filter(|h| h.v4.is_some() || h.v6.is_some())
            .collect();
        let classes = ServiceClasses::of_model(model);
        let reps: Vec<Rep> = classes.ids().filter_map(|c| rep(&classes, c)).collect();
        let unprobed = classes.len() - reps.len();
        let mut expected = BTreeMap::new();
        for a in &hosts {
            for b in hosts.iter().filter(|b| b.zone != a.zone) {
                let allowed = effective.allowed(a.zone, b.zone);
                for v6 in [false, true] {
                    if a.addr(v6).is_none() || b.addr(v6).is_none() {
                        continue;
                    }
                    for &r in reps.iter().filter(|r| r.fits(v6)) {
                        expected.insert((a.zone, b.zone, v6, r), allowed.contains(r.point()));
                    }
                }
            }
        }
        Plan {
            hosts,
            reps,
            unprobed,
            expected,
        }
    }

    pub fn host(&self, zone: ZoneId) -> Option<&HostPlan> {
        self.hosts.iter().find(|h| h.zone == zone)
    }

    pub fn tcp_ports(&self) -> Vec<u16> {
        self.reps
            .iter()
            .filter_map(|r| if let Rep::Tcp(p) = r { Some(*p) } else { None })
            .collect()
    }

    pub fn udp_ports(&self) -> Vec<u16> {
        self.reps
            .iter()
            .filter_map(|r| if let Rep::Udp(p) = r { Some(*p) } else { None })
            .collect()
    }
}

/// The probe for a class, if it has one: its first usable port, or echo.
fn rep(classes: &ServiceClasses, c: zonec_analysis::classes::ClassId) -> Option<Rep> {
    let (lo, hi) = classes.range(c);
    let proto = classes.proto(c);
    let (base, _) = proto.bounds();
    let port = |lo: u32, hi: u32| {
        let p = (lo - base).max(1);
        (p <= hi - base).then(|| u16::try_from(p).ok()).flatten()
    };
    match proto {
        Proto::Tcp => port(lo, hi).map(Rep::Tcp),
        Proto::Udp => port(lo, hi).map(Rep::Udp),
        Proto::Icmp => (lo..=hi).contains(&(ICMP_BASE + 8)).then_some(Rep::Echo4),
        Proto::Icmpv6 => (lo..=hi)
            .contains(&(ICMPV6_BASE + 128))
            .then_some(Rep::Echo6),
        Proto::Other => None,
    }
}

fn host(zone: ZoneId, space: &EffectiveSpace) -> HostPlan {
    let v4 = pick(
        &space.v4,
        V4_PREFERRED,
        |a: Ipv4Addr| u128::from(u32::from(a)),
        bad_v4,
        |n| u32::try_from(n).ok().map(Ipv4Addr::from),
    );
    let v6 = pick(&space.v6, V6_PREFERRED, u128::from, bad_v6, |n| {
        Some(Ipv6Addr::from(n))
    });
    HostPlan { zone, v4, v6 }
}

/// Documentation addresses first (the internet zone gets TEST-NET), then
/// some ordinary ones, for zones that own such space.
const V4_PREFERRED: &[&str] = &[
    "203.0.113.10",
    "198.51.100.10",
    "192.0.2.10",
    "11.0.0.10",
    "100.0.0.10",
];
const V6_PREFERRED: &[&str] = &["2001:db8::10", "2001:db8:1::10", "3fff::10", "2a00::10"];

/// An address in `ranges` a host can use: a preferred one if the zone owns
/// it, else near the start of one of its ranges, never in a special block.
fn pick<A: Copy + std::str::FromStr>(
    ranges: &[(A, A)],
    preferred: &[&str],
    to_int: impl Fn(A) -> u128,
    bad: impl Fn(u128) -> bool,
    from_int: impl Fn(u128) -> Option<A>,
) -> Option<A> {
    let owns = |n: u128| {
        ranges
            .iter()
            .any(|&(a, b)| to_int(a) <= n && n <= to_int(b))
    };
    let preferred = preferred
        .iter()
        .filter_map(|s| s.parse::<A>().ok())
        .map(&to_int);
    let near_start = ranges.iter().flat_map(|&(a, b)| {
        let (a, b) = (to_int(a), to_int(b));
        [
            a.saturating_add(16),
            a.saturating_add(1),
            a,
            b.saturating_sub(1),
        ]
    });
    preferred
        .chain(near_start)
        .find(|&n| owns(n) && !bad(n))
        .and_then(from_int)
}

fn bad_v4(n: u128) -> bool {
    let first = n >> 24;
    let second = (n >> 16) & 0xff;
    first == 0
        || first == 127
        || first >= 224
        || (first == 169 && second == 254)
        || n & 0xff == 0
        || n & 0xff == 255
}

fn bad_v6(n: u128) -> bool {
    let top = n >> 112;
    n >> 64 == 0 || (0xfe80..=0xfebf).contains(&top) || top >> 8 == 0xff
}
