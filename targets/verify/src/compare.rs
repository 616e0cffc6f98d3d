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
use crate::atoms::{self, Atom};
use crate::eval::{self, Fate, Packet, Step};
use crate::finding::{Class, Finding, Witness};
use crate::gather::{self, Found};
use crate::ir::{Action, Cond, Table};
use crate::{Policy, Unsupported};
use std::collections::BTreeMap;
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

pub fn compare(policy: &Policy, table: &Table) -> Result<(Vec<Finding>, usize), Unsupported> {
    let mut cx = Cx {
        policy,
        table,
        found: Found::new(),
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
    Ok((gather::finish(policy, cx.found, "the router"), cx.pairs))
}

fn atoms(policy: &Policy, table: &Table, fam: Fam) -> Vec<Atom> {
    let mut named: Vec<Interval> = Vec::new();
    for rule in table.chains.iter().flat_map(|c| &c.rules) {
        for cond in &rule.conds {
            match cond {
                Cond::Addr { key, set, .. } if key.fam == fam => named.extend(set.iter().copied()),
                Cond::Concat { keys, elems, .. } => {
                    for e in elems {
                        keys.iter()
                            .zip(e)
                            .filter(|(k, _)| k.fam == fam)
                            .for_each(|(_, &i)| named.push(i));
                    }
                }
                _ => {}
            }
        }
        if let Action::Vmap { key, elements } = &rule.action {
            if key.fam == fam {
                named.extend(elements.iter().map(|e| e.range));
            }
        }
    }
    atoms::cut(policy.addresses, fam, named)
}

struct Cx<'a> {
    policy: &'a Policy<'a>,
    table: &'a Table,
    found: Found,
    pairs: usize,
}

impl<'a> Cx<'a> {
    fn forward(&mut self, fam: Fam, atoms: &[Atom]) -> Result<(), Unsupported> {
        for s in atoms {
            for d in atoms {
                self.pairs += 1;
                let (src, mut dst) = (s.host(), d.host());
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
                src: Some(a.host()),
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
                dst: Some(a.host()),
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
            gather::add(&mut self.found, (hook, class, from, to), &diff, |point| {
                let path = fate.path_of(accepted, point).unwrap_or_default();
                (witness(hook, pkt, point), describe(self.table, path))
            });
        }
    }
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
