//! The address side of the evaluators, written independently of the
//! emitters: sets of addresses as sorted inclusive `u128` intervals per
//! family, and each zone's space by the language's own definition (an
//! address belongs to the zone whose prefix is the longest containing it).
//! Loopback is left out of every space: no packet to or from it crosses a
//! cloud firewall.

use ipnetwork::IpNetwork;
use std::collections::BTreeMap;
use zonec_model::{Model, ZoneId};

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fam {
    V4,
    V6,
}

pub const FAMS: [Fam; 2] = [Fam::V4, Fam::V6];

/// Addresses of one family as sorted, disjoint, merged inclusive intervals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Addrs(pub Vec<(u128, u128)>);

impl Addrs {
    pub fn all(fam: Fam) -> Addrs {
        let top = match fam {
            Fam::V4 => u128::from(u32::MAX),
            Fam::V6 => u128::MAX,
        };
        Addrs(vec![(0, top)])
    }

    pub fn from_ranges(mut v: Vec<(u128, u128)>) -> Addrs {
        v.sort_unstable();
        let mut out: Vec<(u128, u128)> = Vec::new();
        for (lo, hi) in v {
            match out.last_mut() {
                Some(l) if lo <= l.1.saturating_add(1) => l.1 = l.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        Addrs(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn union(&self, o: &Addrs) -> Addrs {
        Addrs::from_ranges(self.0.iter().chain(&o.0).copied().collect())
    }

    pub fn intersect(&self, o: &Addrs) -> Addrs {
        let mut out = Vec::new();
        for &(a, b) in &self.0 {
            for &(c, d) in &o.0 {
                let (lo, hi) = (a.max(c), b.min(d));
                if lo <= hi {
                    out.push((lo, hi));
                }
            }
        }
        Addrs::from_ranges(out)
    }

    pub fn subtract(&self, o: &Addrs) -> Addrs {
        let mut cur = self.0.clone();
        for &(c, d) in &o.0 {
            let mut next = Vec::new();
            for (a, b) in cur {
                if d < a || c > b {
                    next.push((a, b));
                    continue;
                }
                if c > a {
                    next.push((a, c - 1));
                }
                if d < b {
                    next.push((d + 1, b));
                }
            }
            cur = next;
        }
        Addrs::from_ranges(cur)
    }

    pub fn covers(&self, o: &Addrs) -> bool {
        o.subtract(self).is_empty()
    }

    pub fn overlaps(&self, o: &Addrs) -> bool {
        !self.intersect(o).is_empty()
    }
}

/// The family and interval of a CIDR string; panics on a bad one (a test
/// failure: the emitter wrote something that is not a prefix).
pub fn cidr(text: &str) -> (Fam, (u128, u128)) {
    let net: IpNetwork = text
        .parse()
        .unwrap_or_else(|e| panic!("bad CIDR `{text}`: {e}"));
    assert_eq!(net.network(), net.ip(), "CIDR `{text}` has host bits set");
    interval(net)
}

fn interval(net: IpNetwork) -> (Fam, (u128, u128)) {
    match net {
        IpNetwork::V4(n) => {
            let lo = u128::from(u32::from(n.network()));
            let hi = u128::from(u32::from(n.broadcast()));
            (Fam::V4, (lo, hi))
        }
        IpNetwork::V6(n) => {
            let lo = u128::from(n.network());
            let host = 128 - u32::from(n.prefix());
            let hi = if host == 128 {
                u128::MAX
            } else {
                lo | ((1u128 << host) - 1)
            };
            (Fam::V6, (lo, hi))
        }
    }
}

/// Addresses of one family from CIDR strings (other families ignored).
pub fn addrs_of(fam: Fam, cidrs: &[String]) -> Addrs {
    Addrs::from_ranges(
        cidrs
            .iter()
            .map(|c| cidr(c))
            .filter(|(f, _)| *f == fam)
            .map(|(_, r)| r)
            .collect(),
    )
}

fn loopback(fam: Fam) -> Addrs {
    match fam {
        Fam::V4 => Addrs(vec![(0x7f00_0000, 0x7fff_ffff)]),
        Fam::V6 => Addrs(vec![(1, 1)]),
    }
}

/// Who owns addresses: every zone's space and the space no zone owns.
#[derive(Clone, Debug)]
pub struct World {
    pub zones: BTreeMap<(ZoneId, Fam), Addrs>,
    pub unzoned: BTreeMap<Fam, Addrs>,
}

impl World {
    pub fn new(model: &Model) -> World {
        let mut prefixes: Vec<(ZoneId, Fam, u8, (u128, u128))> = Vec::new();
        for id in model.zone_ids() {
            for p in &model.zone(id).prefixes {
                let (fam, r) = interval(p.net);
                prefixes.push((id, fam, p.net.prefix(), r));
            }
        }
        let mut zones = BTreeMap::new();
        let mut unzoned = BTreeMap::new();
        for fam in FAMS {
            let mut any = Addrs::default();
            for &(id, f, len, r) in &prefixes {
                if f != fam {
                    continue;
                }
                let inner: Vec<(u128, u128)> = prefixes
                    .iter()
                    .filter(|&&(_, f2, l2, r2)| f2 == fam && l2 > len && r.0 <= r2.0 && r2.1 <= r.1)
                    .map(|p| p.3)
                    .collect();
                let own = Addrs(vec![r])
                    .subtract(&Addrs::from_ranges(inner))
                    .subtract(&loopback(fam));
                let entry: &mut Addrs = zones.entry((id, fam)).or_default();
                *entry = entry.union(&own);
                any = any.union(&Addrs(vec![r]));
            }
            unzoned.insert(fam, Addrs::all(fam).subtract(&any).subtract(&loopback(fam)));
        }
        World { zones, unzoned }
    }

    /// A zone's addresses of one family (`None`: the unzoned space).
    pub fn space(&self, zone: Option<ZoneId>, fam: Fam) -> Addrs {
        match zone {
            Some(z) => self.zones.get(&(z, fam)).cloned().unwrap_or_default(),
            None => self.unzoned.get(&fam).cloned().unwrap_or_default(),
        }
    }
}
