//! The router's own traffic, written when the policy names `self`: base
//! chains `input` and `output` with policy drop in the same table, so that
//! the router accepts and opens exactly what the policy allows to and from
//! `self`, plus what it needs to work on its links (see [`KEPT`]).
//!
//! ```text
//! input (hook input, policy drop)         output (hook output, policy drop)
//!   iif lo accept                           oif lo accept
//!   [anti-spoofing guards, as in forward]
//!   ct state established,related accept    ct state established,related accept
//!   ct state invalid → count, drop          ct state invalid → count, drop
//!   ICMPv6 neighbour discovery accept       ICMPv6 neighbour discovery accept
//!   self_in4/6: source → accept | svc_N     self_out4/6: destination → accept | svc_N
//!   → log "zonec drop to-self: ", drop      → log "zonec drop from-self: ", drop
//! ```
//!
//! The zone of the other end is found by the same longest-prefix-match
//! ranges as the forward chain's, so traffic to the router's address on
//! any VLAN is judged by where it comes from, not which address it hits.

use super::flows::{Flows, Index};
use super::names;
use super::text::Text;
use super::{log_rule, Family};
use crate::nftables::addr_map::AddrMap;
use zonec_analysis::effective::Flow;
use zonec_analysis::partition::ZoneClass;

/// What the router keeps open by itself, each with why; the ruleset's
/// header lists them.
pub(super) const KEPT: &[(&str, &str)] = &[
    (
        "loopback (`lo`)",
        "the router's own processes talk to each other",
    ),
    (
        "replies (ct state established,related)",
        "answers to connections the policy let in or out",
    ),
    (
        "ICMPv6 neighbour and router solicitations and advertisements",
        "without them IPv6 stops working on every link",
    ),
];

/// The ICMPv6 types of neighbour discovery, in both directions.
const ND_TYPES: &str =
    "nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert";

/// Counter of dropped packets to the router.
const DROP_IN: &str = "drop_to_self";
/// Counter of dropped packets from the router.
const DROP_OUT: &str = "drop_from_self";

/// Write the counters, maps and the two base chains for `router`; the
/// input chain starts with the forward chain's anti-spoofing `guards`, so a
/// forged management address does not reach the router's SSH either.
pub(super) fn write(
    out: &mut Text,
    flows: &Flows,
    index: &Index,
    router: ZoneClass,
    guards: &[String],
) {
    let none = Vec::new();
    out.comment("The router itself (`self`): its own input and output, policy drop.");
    counter(out, DROP_IN, "packets to the router dropped by policy");
    counter(out, DROP_OUT, "packets from the router dropped by policy");
    let inbound = index.inbound.get(&router).unwrap_or(&none);
    let input = maps(out, flows, inbound, Direction::In);
    let outbound = index.outbound.get(&router).unwrap_or(&none);
    let output = maps(out, flows, outbound, Direction::Out);
    chain(out, Direction::In, guards, &input);
    chain(out, Direction::Out, &[], &output);
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Direction {
    /// To the router: hook input, keyed by source address.
    In,
    /// From the router: hook output, keyed by destination address.
    Out,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// One address map per family that has an element; returns their lookups.
fn maps(
    out: &mut Text,
    flows: &Flows,
    peers: &[(ZoneClass, &Flow)],
    direction: Direction,
) -> Vec<String> {
    let targets = flows.targets_of(peers);
    let mut lookups = Vec::new();
    for family in Family::ALL {
        let peer = |r: &_| flows.run_label(r);
        let router = |_: &_| zonec_model::SELF;
        let elements = match direction {
            Direction::In => flows.elements(family, &targets, |_| true, peer, router),
            Direction::Out => flows.elements(family, &targets, |_| true, router, peer),
        };
        if elements.is_empty() {
            continue;
        }
        let name = format!("self_{}{}", direction.word(), family.digit());
        let map = AddrMap::new(name, family, elements);
        map.write(out);
        lookups.push(match direction {
            Direction::In => map.lookup(family.saddr()),
            Direction::Out => map.lookup(family.daddr()),
        });
    }
    lookups
}

fn chain(out: &mut Text, direction: Direction, guards: &[String], lookups: &[String]) {
    let (hook, lo, counter, what) = match direction {
        Direction::In => ("input", "iif \"lo\" accept", DROP_IN, "to-self"),
        Direction::Out => ("output", "oif \"lo\" accept", DROP_OUT, "from-self"),
    };
    out.open(format!("chain {hook}"));
    out.line(format!(
        "type filter hook {hook} priority filter; policy drop;"
    ));
    out.line(lo);
    for guard in guards {
        out.line(guard);
    }
    out.line("ct state established,related accept");
    out.line("ct state invalid counter name \"invalid\" drop");
    out.line(format!("icmpv6 type {{ {ND_TYPES} }} accept"));
    for lookup in lookups {
        out.line(lookup);
    }
    out.line(log_rule(&names::log_prefix("drop", what)));
    out.line(format!("counter name \"{counter}\" drop"));
    out.close();
}

fn counter(out: &mut Text, name: &str, comment: &str) {
    out.line(format!(
        "counter {name} {{{} }}",
        super::text::comment_clause(comment)
    ));
}
