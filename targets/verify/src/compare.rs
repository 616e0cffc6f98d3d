//! The comparison: the address space of each family is cut into atoms (the
//! policy's partition, refined by every address any rule or element of the
//! deployed table names), so every address of an atom meets the same
//! rules and one representative answers for the atom. For every (source,
//! destination) atom pair, the evaluator's accepted ports are compared with
//! the policy's; differences are gathered per zone pair and class, each
//! keeping the first witness met. The router's own traffic (when the
//! policy names `self`) is checked per source atom on `input` and per
//! destination atom on `output`.
//!
//! The number of pairs is the square of the number of atoms: fine for the
//! ruleset of one router, reported in the summary, and bounded by
//! [`MAX_PAIRS`].

use crate::addr::{Fam, Interval};
use crate::eval::{self, Fate, Packet, Step};
use crate::finding::{Class, Finding, Witness};
use crate::invariants;
use crate::ir::{Action, Cond, Table};
use crate::{Policy, Unsupported};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_model::{PortSet, Proto, ZoneId};

/// ICMPv6 neighbour discovery (types 133 to 136): the emitter accepts it
/// to and from the router whatever the policy says, or IPv6 stops working.
fn neighbour_discovery() -> PortSet {
    PortSet::ports(Proto::Icmpv6, 133, 136)
}

/// The most (source, destination) range pairs of one family verify walks:
/// a few seconds' work. A ruleset with more is refused (exit 2), never
/// left running for hours.
pub const MAX_PAIRS: usize = 4_000_000;

/// The hooks zonec's table filters for this policy.
pub fn hooks(policy: &Policy) -> Vec<&'static str> {
    if policy.model.self_zone.is_some() {
        vec!["forward", "input", "output"]
    } else {
        vec!["forward"]
    }
}

/// A difference being gathered: per hook, class, source and destination zone.
type Key = (u8, Class, Option<ZoneId>, Option<ZoneId>);

struct Gathered {
    ports: PortSet,
    witness: Witness,
    responsible: Vec<String>,
}

pub fn compare(policy: &Policy, table: &Table) -> Result<(Vec<Finding>, usize), Unsupported> {
    let mut cx = Cx {
        policy,
        table,
        found: BTreeMap::new(),
        pairs: 0,
    };
    for fam in Fam::ALL {
        let atoms = atoms(policy, table, fam);
        let pairs = atoms.len().saturating_mul(atoms.len());
        if pairs > MAX_PAIRS {
            return Err(Unsupported::new(format!(
                "{} {fam:?} address ranges ({pairs} pairs to evaluate, more than {MAX_PAIRS})",
                atoms.len()
            )));
        }
        cx.forward(fam, &atoms)?;
        if let Some(router) = policy.model.self_zone {
            cx.router(fam, &atoms, router)?;
        }
    }
    let pairs = cx.pairs;
    Ok((cx.finish(), pairs))
}

/// An atom: an address range that every rule treats alike, and its zone.
struct Atom {
    range: Interval,
    zone: Option<ZoneId>,
}

impl Atom {
    /// The address that stands for the atom, one a probe can send from or
    /// to where the atom has one: not the first of a range of three or
    /// more (a network address), and past the blocks Linux will not route
    /// (0/8, 127/8; IPv6 below 2000::) when the atom reaches beyond them.
    fn host(&self, fam: Fam) -> u128 {
        let (lo, hi) = self.range;
        let first = if hi - lo >= 2 { lo + 1 } else { lo };
        let routable: &[u128] = match fam {
            Fam::V4 => &[0x0100_0001, 0x8000_0001],
            Fam::V6 => &[0x2000_u128 << 112 | 1],
        };
        let martian = |a: u128| match fam {
            Fam::V4 => a >> 24 == 0 || a >> 24 == 127,
            Fam::V6 => a < 0x2000_u128 << 112,
        };
        if !martian(first) {
            return first;
        }
        routable
            .iter()
            .copied()
            .find(|&a| a > first && a <= hi && !martian(a))
            .unwrap_or(first)
    }
}

fn atoms(policy: &Policy, table: &Table, fam: Fam) -> Vec<Atom> {
    let mut starts: Vec<u128> = vec![0];
    let mut cut = |(lo, hi): Interval| {
        starts.push(lo);
        if hi < fam.max() {
            starts.push(hi + 1);
        }
    };
    match fam {
        Fam::V4 => policy
            .addresses
            .partition_v4()
            .iter()
            .for_each(|&(lo, hi, _)| cut((u128::from(u32::from(lo)), u128::from(u32::from(hi))))),
        Fam::V6 => policy
            .addresses
            .partition_v6()
            .iter()
            .for_each(|&(lo, hi, _)| cut((u128::from(lo), u128::from(hi)))),
    }
    for rule in table.chains.iter().flat_map(|c| &c.rules) {
        for cond in &rule.conds {
            match cond {
                Cond::Addr { key, set, .. } if key.fam == fam => {
                    set.iter().copied().for_each(&mut cut)
                }
                Cond::Concat { keys, elems, .. } => {
                    for e in elems {
                        keys.iter()
                            .zip(e)
                            .filter(|(k, _)| k.fam == fam)
                            .for_each(|(_, &i)| cut(i));
                    }
                }
                _ => {}
            }
        }
        if let Action::Vmap { key, elements } = &rule.action {
            if key.fam == fam {
                elements.iter().for_each(|e| cut(e.range));
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let ends = starts.iter().skip(1).map(|s| s - 1).chain([fam.max()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&lo, hi)| Atom {
            range: (lo, hi),
            zone: policy.addresses.lookup(ip(fam, lo)),
        })
        .collect()
}

fn ip(fam: Fam, n: u128) -> IpAddr {
    match fam {
        Fam::V4 => IpAddr::V4(Ipv4Addr::from(u32::try_from(n).unwrap_or_default())),
        Fam::V6 => IpAddr::V6(Ipv6Addr::from(n)),
    }
}

struct Cx<'a> {
    policy: &'a Policy<'a>,
    table: &'a Table,
    found: BTreeMap<Key, Gathered>,
    pairs: usize,
}

impl<'a> Cx<'a> {
    fn forward(&mut self, fam: Fam, atoms: &[Atom]) -> Result<(), Unsupported> {
        for s in atoms {
            for d in atoms {
                self.pairs += 1;
                let (src, mut dst) = (s.host(fam), d.host(fam));
                if src == dst && dst < d.range.1 {
                    // Inside one atom: two hosts, so the witness can be probed.
                    dst += 1;
                }
                let pkt = Packet {
                    fam,
                    src: Some(src),
                    dst: Some(dst),
                    iif: self.iface(s.zone),
                    oif: self.iface(d.zone),
                };
                let expected = match (s.zone, d.zone) {
                    (Some(a), Some(b)) if a == b => PortSet::any(),
                    (Some(a), Some(b)) => self.policy.effective.allowed(a, b),
                    _ => PortSet::empty(),
                };
                let fate = eval::hook(self.table, "forward", &pkt)?;
                self.note(0, (s.zone, d.zone), &pkt, &fate, &expected);
            }
        }
        Ok(())
    }

    fn router(&mut self, fam: Fam, atoms: &[Atom], router: ZoneId) -> Result<(), Unsupported> {
        for a in atoms {
            let allowed = |from, to| match (from, to) {
                (Some(x), Some(y)) => self.policy.effective.allowed(x, y),
                _ => PortSet::empty(),
            };
            let into = Packet {
                fam,
                src: Some(a.host(fam)),
                dst: None,
                iif: self.iface(a.zone),
                oif: None,
            };
            let expected = allowed(a.zone, Some(router)).union(&neighbour_discovery());
            let fate = eval::hook(self.table, "input", &into)?;
            self.note(1, (a.zone, Some(router)), &into, &fate, &expected);
            let out = Packet {
                fam,
                src: None,
                dst: Some(a.host(fam)),
                iif: None,
                oif: self.iface(a.zone),
            };
            let expected = allowed(Some(router), a.zone).union(&neighbour_discovery());
            let fate = eval::hook(self.table, "output", &out)?;
            self.note(2, (Some(router), a.zone), &out, &fate, &expected);
            self.pairs += 2;
        }
        Ok(())
    }

    /// The interface a zone's traffic uses, when the build named them.
    fn iface(&self, zone: Option<ZoneId>) -> Option<&'a str> {
        let interfaces: &'a BTreeMap<ZoneId, String> = self.policy.interfaces;
        zone.and_then(|z| interfaces.get(&z)).map(String::as_str)
    }

    /// Gather the differences of one evaluated packet header.
    fn note(
        &mut self,
        hook: u8,
        (from, to): (Option<ZoneId>, Option<ZoneId>),
        pkt: &Packet,
        fate: &Fate,
        expected: &PortSet,
    ) {
        let deployed = fate.accepted_ports();
        for (class, diff, accepted) in [
            (Class::Extra, deployed.subtract(expected), true),
            (Class::Missing, expected.subtract(&deployed), false),
        ] {
            let Some(point) = pick(&diff) else { continue };
            let path = fate.path_of(accepted, point).unwrap_or_default();
            let entry = self.found.entry((hook, class, from, to));
            let g = entry.or_insert_with(|| Gathered {
                ports: PortSet::empty(),
                witness: witness(hook, pkt, point),
                responsible: describe(self.table, path),
            });
            g.ports = g.ports.union(&diff);
        }
    }

    fn finish(self) -> Vec<Finding> {
        let model = self.policy.model;
        let name = |z: Option<ZoneId>| {
            z.map_or_else(|| "(no zone)".to_string(), |z| model.zone(z).name.clone())
        };
        let extras: Vec<(ZoneId, ZoneId, PortSet)> = self
            .found
            .iter()
            .filter(|((_, c, _, _), _)| *c == Class::Extra)
            .filter_map(|(&(_, _, a, b), g)| Some((a?, b?, g.ports.clone())))
            .collect();
        let broken = invariants::broken(self.policy, &extras);
        let mut out = Vec::new();
        for ((_, class, from, to), g) in self.found {
            let invariant = match (from, to) {
                (Some(a), Some(b)) if class == Class::Extra => broken.get(&(a, b)).cloned(),
                _ => None,
            };
            let class = if invariant.is_some() {
                Class::ForbiddenReachable
            } else {
                class
            };
            let verb = match class {
                Class::Missing => "the policy allows, but the router drops,",
                _ => "the router allows, but the policy does not,",
            };
            let mut f = Finding::new(
                class,
                format!("{verb} {} -> {}: {}", name(from), name(to), g.ports),
            );
            f.from = Some(name(from));
            f.to = Some(name(to));
            f.ports = Some(g.ports.to_string());
            f.witness = Some(g.witness);
            f.responsible = g.responsible;
            f.invariant = invariant;
            out.push(f);
        }
        out.sort_by_key(|a| a.class);
        out
    }
}

/// The point of `diff` a probe shows best: a real port, then an ICMP type,
/// then any other protocol, then port 0.
fn pick(diff: &PortSet) -> Option<u32> {
    let probe = |proto: Proto, from: u32| {
        let (lo, hi) = proto.bounds();
        diff.intersect(&PortSet::range(lo + from, hi))
            .ranges()
            .first()
            .map(|r| r.0)
    };
    probe(Proto::Tcp, 1)
        .or_else(|| probe(Proto::Udp, 1))
        .or_else(|| probe(Proto::Icmp, 0))
        .or_else(|| probe(Proto::Icmpv6, 0))
        .or_else(|| diff.ranges().first().map(|r| r.0))
}

fn witness(hook: u8, pkt: &Packet, point: u32) -> Witness {
    let (proto, n) = Proto::of_point(point);
    Witness {
        hook: ["forward", "input", "output"]
            .get(usize::from(hook))
            .copied()
            .unwrap_or_default()
            .to_string(),
        family: match pkt.fam {
            Fam::V4 => "ipv4".into(),
            Fam::V6 => "ipv6".into(),
        },
        src: pkt.src.map(|a| pkt.fam.show(a)),
        dst: pkt.dst.map(|a| pkt.fam.show(a)),
        protocol: proto.name().to_string(),
        port: (proto != Proto::Other).then_some(n),
    }
}

/// The path of rules and elements, as findings show it.
fn describe(table: &Table, path: &[Step]) -> Vec<String> {
    path.iter()
        .map(|step| match *step {
            Step::NoChain => {
                "no base chain of table inet zonec on this hook: accepted by default".to_string()
            }
            Step::Policy(c) => {
                let chain = table.chains.get(c);
                let name = chain.map(|c| c.name.as_str()).unwrap_or_default();
                let policy = chain.and_then(|c| c.base.as_ref()).map_or("accept", |b| {
                    if b.drop {
                        "drop"
                    } else {
                        "accept"
                    }
                });
                format!("chain {name}: policy {policy}")
            }
            Step::Rule {
                chain,
                rule,
                element,
            } => {
                let c = table.chains.get(chain);
                let r = c.and_then(|c| c.rules.get(rule));
                let mut line = format!(
                    "chain {} rule {}: {}",
                    c.map(|c| c.name.as_str()).unwrap_or_default(),
                    rule + 1,
                    r.map(|r| r.text.as_str()).unwrap_or_default()
                );
                let elem = match (r.map(|r| &r.action), element) {
                    (Some(Action::Vmap { elements, .. }), Some(i)) => elements.get(i),
                    _ => None,
                };
                if let Some(e) = elem {
                    line.push_str(&format!(" ({})", e.text));
                }
                line
            }
        })
        .collect()
}
