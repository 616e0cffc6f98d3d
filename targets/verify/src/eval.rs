//! The evaluator: where the traffic of one packet header goes through a
//! hook of zonec's table. The addresses (and interfaces) are concrete, the
//! protocol and port are symbolic: a [`PortSet`] of traffic flows through
//! the rules, each rule takes the part it matches, so one walk answers for
//! every port at once. Each accepted or dropped part keeps the path of
//! rules (and map elements) that decided it, for findings.
//!
//! Jumps nest at most [`MAX_DEPTH`] deep, the kernel's own limit; deeper
//! (a loop) is an error, so the walk's depth never depends on the input.

use crate::addr::{self, Fam};
use crate::ir::{Action, Chain, Cond, Rule, Table, Verdict};
use crate::Unsupported;
use zonec_model::PortSet;

/// nftables refuses jumps nested deeper than this.
pub const MAX_DEPTH: usize = 16;

/// One packet header, the port left open. `None` where the hook cannot
/// know it (the router's own address): a rule that reads it is an error.
#[derive(Clone, Copy, Debug)]
pub struct Packet<'a> {
    pub fam: Fam,
    pub src: Option<u128>,
    pub dst: Option<u128>,
    /// The input and output interfaces; `None` is an interface no rule names.
    pub iif: Option<&'a str>,
    pub oif: Option<&'a str>,
}

/// One step of the path that decided some traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Rule `rule` of chain `chain`, through element `element` of its map.
    Rule {
        chain: usize,
        rule: usize,
        element: Option<usize>,
    },
    /// The policy of base chain `chain`.
    Policy(usize),
    /// No base chain of zonec's table is on the hook.
    NoChain,
}

/// The traffic a hook accepted and dropped, each part with its path.
#[derive(Debug, Default)]
pub struct Fate {
    pub accepted: Vec<(PortSet, Vec<Step>)>,
    pub dropped: Vec<(PortSet, Vec<Step>)>,
}

impl Fate {
    pub fn accepted_ports(&self) -> PortSet {
        PortSet::union_all(self.accepted.iter().map(|(p, _)| p))
    }

    /// The path that accepted (or dropped) the point `p`.
    pub fn path_of(&self, accepted: bool, p: u32) -> Option<&[Step]> {
        let parts = if accepted {
            &self.accepted
        } else {
            &self.dropped
        };
        parts
            .iter()
            .find(|(ports, _)| ports.contains(p))
            .map(|(_, path)| path.as_slice())
    }
}

/// Where `pkt`'s traffic goes through the base chains of `table` on `hook`
/// (all of them must accept).
pub fn hook(table: &Table, name: &str, pkt: &Packet) -> Result<Fate, Unsupported> {
    let chains = table.hooked(name);
    let mut fate = Fate::default();
    if chains.is_empty() {
        fate.accepted.push((PortSet::any(), vec![Step::NoChain]));
        return Ok(fate);
    }
    let mut traffic = PortSet::any();
    for c in chains {
        let mut walk = Walk {
            table,
            pkt,
            fate: Fate::default(),
        };
        let rest = walk.chain(c, traffic, &[], 0)?;
        let policy = (rest, vec![Step::Policy(c)]);
        let drop = table
            .chains
            .get(c)
            .and_then(|ch| ch.base.as_ref())
            .is_some_and(|b| b.drop);
        if drop {
            walk.fate.dropped.push(policy);
        } else {
            walk.fate.accepted.push(policy);
        }
        fate.dropped.append(&mut walk.fate.dropped);
        traffic = walk.fate.accepted_ports();
        fate.accepted = walk.fate.accepted;
    }
    fate.accepted.retain(|(p, _)| !p.is_empty());
    fate.dropped.retain(|(p, _)| !p.is_empty());
    Ok(fate)
}

struct Walk<'a> {
    table: &'a Table,
    pkt: &'a Packet<'a>,
    fate: Fate,
}

impl Walk<'_> {
    /// Run `traffic` through chain `c`; what falls off its end (or returns).
    fn chain(
        &mut self,
        c: usize,
        traffic: PortSet,
        path: &[Step],
        depth: usize,
    ) -> Result<PortSet, Unsupported> {
        self.chain_from(c, 0, traffic, path, depth)
    }

    /// [`Walk::chain`] from rule `start` of chain `c` on.
    fn chain_from(
        &mut self,
        c: usize,
        start: usize,
        mut traffic: PortSet,
        path: &[Step],
        depth: usize,
    ) -> Result<PortSet, Unsupported> {
        let table = self.table;
        let chain: &Chain = table
            .chains
            .get(c)
            .ok_or_else(|| Unsupported::new("a jump to a chain that is not there"))?;
        if depth > MAX_DEPTH {
            return Err(Unsupported::new(format!(
                "jumps nested deeper than {MAX_DEPTH} at chain {} (a loop?)",
                chain.name
            )));
        }
        let mut back = PortSet::empty();
        for (r, rule) in chain.rules.iter().enumerate().skip(start) {
            if traffic.is_empty() {
                break;
            }
            let matched = self.matched(chain, rule, &traffic)?;
            if matched.is_empty() {
                continue;
            }
            if rule.limited {
                self.same_fate_past_the_limit(c, r, &matched, path, depth)?;
            }
            let (verdict, element) = match &rule.action {
                Action::Nothing => continue,
                Action::Verdict(v) => (*v, None),
                Action::Vmap { key, elements } => {
                    if key.fam != self.pkt.fam {
                        continue;
                    }
                    let x = self.address(chain, rule, key.dst)?;
                    let ranges: Vec<_> = elements.iter().map(|e| e.range).collect();
                    match addr::find(&ranges, x).and_then(|i| Some((i, elements.get(i)?))) {
                        Some((i, e)) => (e.verdict, Some(i)),
                        None => continue,
                    }
                }
            };
            let mut here = path.to_vec();
            here.push(Step::Rule {
                chain: c,
                rule: r,
                element,
            });
            traffic = traffic.subtract(&matched);
            match verdict {
                Verdict::Accept => self.fate.accepted.push((matched, here)),
                Verdict::Drop => self.fate.dropped.push((matched, here)),
                Verdict::Return => back = back.union(&matched),
                Verdict::Continue => traffic = traffic.union(&matched),
                Verdict::Jump(to) => {
                    let returned = self.chain(to, matched, &here, depth + 1)?;
                    traffic = traffic.union(&returned);
                }
                Verdict::Goto(to) => {
                    let returned = self.chain(to, matched, &here, depth + 1)?;
                    back = back.union(&returned);
                }
            }
        }
        Ok(back.union(&traffic))
    }

    /// A rule gated by a rate limit decides `matched` only while the rate is
    /// low; past it the traffic goes on to the rules after it. Its verdict
    /// stands when that road ends in the same verdict for all of
    /// `matched` (a monitored zone's logged accept, then a final accept);
    /// anything else depends on the traffic rate and is refused.
    fn same_fate_past_the_limit(
        &self,
        c: usize,
        r: usize,
        matched: &PortSet,
        path: &[Step],
        depth: usize,
    ) -> Result<(), Unsupported> {
        let chain = self.table.chains.get(c);
        let rule = chain.and_then(|ch| ch.rules.get(r));
        let refuse = || {
            Unsupported::new(format!(
                "chain {}, rule `{}`: a rate limit decides what the rule does",
                chain.map_or("?", |ch| ch.name.as_str()),
                rule.map_or("?", |ru| ru.text.as_str())
            ))
        };
        let accept = match rule.map(|ru| &ru.action) {
            Some(Action::Nothing) => return Ok(()),
            Some(Action::Verdict(Verdict::Accept)) => true,
            Some(Action::Verdict(Verdict::Drop)) => false,
            _ => return Err(refuse()),
        };
        let mut past = Walk {
            table: self.table,
            pkt: self.pkt,
            fate: Fate::default(),
        };
        let back = past.chain_from(c, r + 1, matched.clone(), path, depth)?;
        let (same, other) = if accept {
            (&past.fate.accepted, &past.fate.dropped)
        } else {
            (&past.fate.dropped, &past.fate.accepted)
        };
        let same = PortSet::union_all(same.iter().map(|(p, _)| p));
        let other_empty = other.iter().all(|(p, _)| p.is_empty());
        if back.is_empty() && other_empty && same == *matched {
            Ok(())
        } else {
            Err(refuse())
        }
    }

    /// The part of `traffic` every condition of `rule` matches.
    fn matched(
        &self,
        chain: &Chain,
        rule: &Rule,
        traffic: &PortSet,
    ) -> Result<PortSet, Unsupported> {
        let mut m = traffic.clone();
        for cond in &rule.conds {
            let keep = match cond {
                Cond::Family(f) => *f == self.pkt.fam,
                Cond::Addr { key, neg, set } => {
                    key.fam == self.pkt.fam
                        && addr::find(set, self.address(chain, rule, key.dst)?).is_some() != *neg
                }
                Cond::Concat { keys, neg, elems } => {
                    if keys.iter().any(|k| k.fam != self.pkt.fam) {
                        false
                    } else {
                        let mut xs = Vec::with_capacity(keys.len());
                        for k in keys {
                            xs.push(self.address(chain, rule, k.dst)?);
                        }
                        let hit = elems.iter().any(|e| {
                            e.len() == xs.len()
                                && e.iter().zip(&xs).all(|(&(lo, hi), &x)| lo <= x && x <= hi)
                        });
                        hit != *neg
                    }
                }
                Cond::Ports(p) => {
                    m = m.intersect(p);
                    true
                }
                Cond::CtNew(new) => *new,
                Cond::Iface { out, neg, names } => {
                    let iface = if *out { self.pkt.oif } else { self.pkt.iif };
                    let hit = iface.is_some_and(|i| names.iter().any(|n| glob(n, i)));
                    hit != *neg
                }
            };
            if !keep || m.is_empty() {
                return Ok(PortSet::empty());
            }
        }
        Ok(m)
    }

    fn address(&self, chain: &Chain, rule: &Rule, dst: bool) -> Result<u128, Unsupported> {
        let known = if dst { self.pkt.dst } else { self.pkt.src };
        known.ok_or_else(|| {
            let which = if dst { "destination" } else { "source" };
            Unsupported::new(format!(
                "chain {}, rule `{}`: reads the {which} address, which is the router's own here",
                chain.name, rule.text
            ))
        })
    }
}

/// nft's interface name match: a trailing `*` matches any suffix.
fn glob(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}
