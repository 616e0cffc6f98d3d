//! The deployed `table inet zonec` as the evaluator reads it: chains of
//! rules, each rule a list of conditions and one action, every named map
//! and set already resolved into the rule that looks it up (and every
//! masked lookup already turned into plain address intervals by
//! [`crate::addr::unmask`]). Nothing here is JSON any more: a construct the
//! reader does not know never gets this far.

use crate::addr::{Fam, Interval};
use zonec_model::PortSet;

/// Which address of the packet a condition or lookup reads.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub fam: Fam,
    /// The destination address (`daddr`), else the source.
    pub dst: bool,
}

/// One condition of a rule; a rule matches the part of the traffic every
/// condition matches.
#[derive(Clone, Debug)]
pub enum Cond {
    /// The packet is of this family (`meta nfproto`).
    Family(Fam),
    /// The address `key` is (or, negated, is not) in `set`.
    Addr {
        key: Key,
        neg: bool,
        set: Vec<Interval>,
    },
    /// The addresses `keys` together are (or are not) one of `elems`
    /// (`ip saddr . ip daddr @same4_24`).
    Concat {
        keys: Vec<Key>,
        neg: bool,
        elems: Vec<Vec<Interval>>,
    },
    /// Protocol, port or ICMP type: the points of [`PortSet`] it matches.
    Ports(PortSet),
    /// Whether a new connection's first packet matches (`ct state`).
    CtNew(bool),
    /// The input (`out == false`) or output interface is (not) one of these.
    Iface {
        out: bool,
        neg: bool,
        names: Vec<String>,
    },
}

/// Where a packet goes after a rule that matched it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// `drop` or `reject`.
    Drop,
    Return,
    Continue,
    /// To the chain of this index, and back.
    Jump(usize),
    /// To the chain of this index, for good.
    Goto(usize),
}

/// One element of a verdict map.
#[derive(Clone, Debug)]
pub struct Element {
    pub range: Interval,
    pub verdict: Verdict,
    /// How the element reads, for findings (`map out4_x element 10.0.0.0/24`).
    pub text: String,
}

/// What a rule does to the traffic it matches.
#[derive(Clone, Debug)]
pub enum Action {
    /// Only counts or logs.
    Nothing,
    Verdict(Verdict),
    /// Looks `key` up in a verdict map (elements sorted and disjoint); no
    /// element: the rule did not match.
    Vmap {
        key: Key,
        elements: Vec<Element>,
    },
}

#[derive(Clone, Debug)]
pub struct Rule {
    /// How the rule reads, for findings.
    pub text: String,
    pub conds: Vec<Cond>,
    pub action: Action,
    /// A rate limit gates the rule: past the rate it does not match, so its
    /// verdict holds only if the traffic meets the same fate either way.
    pub limited: bool,
}

/// A base chain's hook.
#[derive(Clone, Debug)]
pub struct Base {
    pub hook: String,
    pub prio: i64,
    /// `policy drop`, else accept.
    pub drop: bool,
}

#[derive(Clone, Debug)]
pub struct Chain {
    pub name: String,
    pub base: Option<Base>,
    pub rules: Vec<Rule>,
}

/// The table zonec owns, ready to evaluate.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The comment of the counter that carries the policy hash.
    pub comment: Option<String>,
    pub chains: Vec<Chain>,
}

impl Table {
    /// The base chains on `hook`, lowest priority first.
    pub fn hooked(&self, hook: &str) -> Vec<usize> {
        let mut out: Vec<(i64, usize)> = self
            .chains
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let b = c.base.as_ref()?;
                (b.hook == hook).then_some((b.prio, i))
            })
            .collect();
        out.sort_unstable();
        out.into_iter().map(|(_, i)| i).collect()
    }
}
