//! Every `forbid` and `require` proved again on what the switch's lists let
//! through ([`super::reach`]), where that differs from the policy: pairs
//! whose source has a VLAN (its list decides), and for `require` the
//! replies, which the replying zone's list must let back.
//!
//! The analysis already proved the invariants for a stateful firewall, so
//! any pair found here is one the reply entries open (or, for a `require`,
//! one whose packets the lists drop): an error of this target, with the
//! packet that gets through and the entry that lets it, first [`SHOWN`]
//! pairs of each invariant, the rest counted.
//!
//! The stateless reach of a source counts a TCP port when a segment that
//! can open a connection (no ACK or RST) passes: segments that `established`
//! lets through cannot open one, so they are the documented
//! over-approximation, not a path.

use super::entries::{icmp_replies, port_ranges, Ace, AclProto, Family, Peer};
use super::reach::{Cell, ACK, OPENING};
use super::Filters;
use crate::Input;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use zonec_base::{Code, Diagnostic};
use zonec_model::ports::OTHER_POINT;
use zonec_model::{Invariant, InvariantKind, PortSet, Proto, ZoneId};

/// How many offending pairs of one invariant are shown.
const SHOWN: usize = 3;

/// The ephemeral port replies are checked against (IANA's dynamic range
/// starts here; the reply entries accept every destination port).
const EPHEMERAL: u32 = 49_152;

/// Every invariant that the lists break.
pub(super) fn check(input: &Input, filters: &Filters) -> Vec<Diagnostic> {
    let model = input.model;
    let mut diags = Vec::new();
    let mut graph = None;
    // Where the lists open nothing the policy does not, every forbid holds
    // as the analysis proved it.
    let widens = filters.widens(input);
    for inv in &model.invariants {
        let found = match inv.kind {
            InvariantKind::Forbid | InvariantKind::ForbidPath if !widens => Vec::new(),
            InvariantKind::Forbid => forbid(input, filters, inv),
            InvariantKind::ForbidPath => {
                let g = graph.get_or_insert_with(|| Graph::new(input, filters));
                forbid_path(input, filters, g, inv)
            }
            InvariantKind::Require => require(input, filters, inv),
        };
        diags.extend(report(input, inv, found));
    }
    diags
}

/// One offending pair: its zones and what was found.
struct Offence {
    from: ZoneId,
    to: ZoneId,
    what: String,
}

/// The pairs of `inv` (self-pairs and `self` left out) whose source the
/// switch filters, or whose destination it does when `either`.
fn pairs<'a>(
    input: &'a Input,
    filters: &'a Filters,
    inv: &'a Invariant,
    either: bool,
) -> impl Iterator<Item = (ZoneId, ZoneId)> + 'a {
    inv.pairs(input.model)
        .filter(move |&(x, y)| !input.model.is_self(x) && !input.model.is_self(y))
        .filter(move |&(x, y)| filters.is_filtered(x) || (either && filters.is_filtered(y)))
}

fn forbid(input: &Input, filters: &Filters, inv: &Invariant) -> Vec<Offence> {
    pairs(input, filters, inv, false)
        .filter_map(|(x, y)| {
            let hit = filters.opening(input, x, y).intersect(&inv.ports);
            let what = hop(input, filters, x, y, &hit)?;
            Some(Offence {
                from: x,
                to: y,
                what,
            })
        })
        .collect()
}

/// How `x` reaches `y` on a point of `hit` through its list, or `None`
/// when `hit` is empty.
fn hop(input: &Input, filters: &Filters, x: ZoneId, y: ZoneId, hit: &PortSet) -> Option<String> {
    let point = hit.ranges().first()?.0;
    let port = PortSet::range(point, point);
    let entry = Family::BOTH.iter().find_map(|&f| {
        let (i, sport) = filters.passed(x, y, f)?.entry_for(point, OPENING)?;
        let acl = filters.acl(x, f)?;
        let ace = acl.aces().nth(i)?;
        Some(describe(input, ace, f, i, sport))
    });
    let (a, b) = (name(input, x), name(input, y));
    Some(match entry {
        Some(e) => format!("`{a}` reaches `{b}` on {port}: {e}"),
        None => format!("`{a}` reaches `{b}` on {port}"),
    })
}

fn name(input: &Input, z: ZoneId) -> String {
    input.model.zone(z).name.clone()
}

/// An entry and the packet it lets through, in words.
fn describe(input: &Input, ace: &Ace, f: Family, index: usize, sport: u32) -> String {
    let peer = |p: Peer| match p {
        Peer::Zone(z) => name(input, z),
        Peer::Any => "any".to_string(),
        Peer::LinkLocal => "fe80::/10".to_string(),
        Peer::LinkMulticast => "ff02::/16".to_string(),
    };
    let proto = match ace.proto {
        AclProto::Ip => "ip",
        AclProto::Tcp => "tcp",
        AclProto::Udp => "udp",
        AclProto::Icmp => "icmp",
    };
    let family = match f {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    };
    let ports = |r: Option<(u16, u16)>, what: &str| match r {
        Some((lo, hi)) if lo == hi => format!(" {what} {lo}"),
        Some((lo, hi)) => format!(" {what} {lo}-{hi}"),
        None => String::new(),
    };
    let (sports, dports) = (
        ports(ace.sport, "port"),
        ports(
            ace.dport,
            if ace.proto == AclProto::Icmp {
                "type"
            } else {
                "port"
            },
        ),
    );
    let from_port = if ace.sport.is_some() {
        format!(" from source port {sport}")
    } else {
        String::new()
    };
    let established = if ace.established { " established" } else { "" };
    let why = if ace.sport.is_some() || ace.established {
        ", a reply entry for what the destination may open"
    } else {
        ""
    };
    format!(
        "a packet{from_port} passes {family} entry {} (`{} {proto} {}{sports} -> {}{dports}{established}`){why}",
        index + 1,
        if ace.permit { "permit" } else { "deny" },
        peer(ace.src),
        peer(ace.dst),
    )
}

/// The zone graph of what passes the switch: lists for filtered sources,
/// the policy for the others.
struct Graph {
    next: BTreeMap<ZoneId, BTreeSet<ZoneId>>,
}

impl Graph {
    fn new(input: &Input, filters: &Filters) -> Graph {
        let next = input
            .model
            .zone_ids()
            .filter(|&z| !input.model.is_self(z))
            .map(|z| (z, filters.successors(input, z)))
            .collect();
        Graph { next }
    }

    /// Every zone reachable from `x` (itself included) with its parent.
    fn tree(&self, x: ZoneId) -> BTreeMap<ZoneId, Option<ZoneId>> {
        let mut parent = BTreeMap::from([(x, None)]);
        let mut queue = VecDeque::from([x]);
        while let Some(z) = queue.pop_front() {
            for &n in self.next.get(&z).into_iter().flatten() {
                if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(n) {
                    e.insert(Some(z));
                    queue.push_back(n);
                }
            }
        }
        parent
    }
}

fn forbid_path(input: &Input, filters: &Filters, g: &Graph, inv: &Invariant) -> Vec<Offence> {
    let mut found = Vec::new();
    let targets: Vec<ZoneId> = inv
        .to
        .iter()
        .copied()
        .filter(|&y| !input.model.is_self(y))
        .collect();
    for &x in inv.from.iter().filter(|&&x| !input.model.is_self(x)) {
        let tree = g.tree(x);
        for &y in targets.iter().filter(|&&y| y != x) {
            let last = tree.keys().copied().find(|&z| {
                z != y
                    && !filters
                        .opening(input, z, y)
                        .intersect(&inv.ports)
                        .is_empty()
            });
            let Some(z) = last else { continue };
            let mut path = vec![z];
            while let Some(Some(p)) = path.last().and_then(|l| tree.get(l)) {
                path.push(*p);
            }
            path.reverse();
            let via: Vec<String> = path
                .iter()
                .map(|&p| format!("`{}`", name(input, p)))
                .collect();
            path.push(y);
            let what = format!(
                "path {} -> `{}`; {}",
                via.join(" -> "),
                name(input, y),
                widened_hop(input, filters, &path, &inv.ports).unwrap_or_default()
            );
            found.push(Offence {
                from: x,
                to: y,
                what,
            });
        }
    }
    found
}

/// The first hop of `path` that the policy does not allow (the last on
/// `ports`), described; the last hop when every hop is allowed.
fn widened_hop(
    input: &Input,
    filters: &Filters,
    path: &[ZoneId],
    ports: &PortSet,
) -> Option<String> {
    let hops: Vec<(ZoneId, ZoneId)> = path
        .windows(2)
        .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
        .collect();
    let last = hops.len().checked_sub(1)?;
    let wanted = |i: usize, u: ZoneId, v: ZoneId| {
        let open = filters.opening(input, u, v);
        let open = if i == last {
            open.intersect(ports)
        } else {
            open
        };
        open.subtract(&input.effective.allowed(u, v))
    };
    let widened = hops.iter().enumerate().find_map(|(i, &(u, v))| {
        let extra = wanted(i, u, v);
        (!extra.is_empty()).then(|| hop(input, filters, u, v, &extra))?
    });
    widened.or_else(|| {
        let &(u, v) = hops.get(last)?;
        hop(
            input,
            filters,
            u,
            v,
            &filters.opening(input, u, v).intersect(ports),
        )
    })
}

fn require(input: &Input, filters: &Filters, inv: &Invariant) -> Vec<Offence> {
    pairs(input, filters, inv, true)
        .filter_map(|(x, y)| {
            let what = missing(input, filters, x, y, &inv.ports)?;
            Some(Offence {
                from: x,
                to: y,
                what,
            })
        })
        .collect()
}

/// What of `s` from `x` to `y` the lists drop: new connections through
/// `x`'s list, or their replies through `y`'s.
fn missing(input: &Input, filters: &Filters, x: ZoneId, y: ZoneId, s: &PortSet) -> Option<String> {
    let (a, b) = (name(input, x), name(input, y));
    if filters.is_filtered(x) {
        let lost = s.subtract(&filters.opening(input, x, y));
        if let Some(&(p, _)) = lost.ranges().first() {
            let port = PortSet::range(p, p);
            return Some(format!(
                "the list of `{a}` drops new connections to `{b}` on {port}"
            ));
        }
    }
    if !filters.is_filtered(y) {
        return None;
    }
    for f in Family::BOTH {
        let Some(passed) = filters.passed(y, x, f) else {
            continue;
        };
        for (proto, want) in replies(s, f) {
            if !passed.covers(proto, &want) {
                return Some(format!(
                    "the list of `{b}` drops the {} replies to `{a}`'s connections",
                    proto.name()
                ));
            }
        }
    }
    None
}

/// The reply packets of what `s` opens, per protocol: TCP segments with
/// ACK from each service port, UDP from each service port, ICMP replies,
/// other protocols whole.
fn replies(s: &PortSet, f: Family) -> Vec<(Proto, Cell)> {
    let eph = PortSet::range(EPHEMERAL, EPHEMERAL);
    let raw = |proto| {
        PortSet::from_ranges(
            port_ranges(s, proto)
                .into_iter()
                .map(|(lo, hi)| (u32::from(lo), u32::from(hi))),
        )
    };
    let mut out = Vec::new();
    let tcp = raw(Proto::Tcp);
    if !tcp.is_empty() {
        let cell = Cell {
            sport: tcp,
            dport: eph.clone(),
            flags: ACK,
        };
        out.push((Proto::Tcp, cell));
    }
    let udp = raw(Proto::Udp);
    if !udp.is_empty() {
        let cell = Cell {
            sport: udp,
            dport: eph,
            flags: OPENING,
        };
        out.push((Proto::Udp, cell));
    }
    let types = icmp_replies(s, f);
    if !types.is_empty() {
        let dport = PortSet::from_ranges(types.iter().map(|&t| (u32::from(t), u32::from(t))));
        let cell = Cell {
            dport,
            ..Cell::all(f.icmp())
        };
        out.push((f.icmp(), cell));
    }
    if s.contains(OTHER_POINT) {
        out.push((Proto::Other, Cell::all(Proto::Other)));
    }
    out
}

/// The diagnostics of one invariant's offending pairs.
fn report(input: &Input, inv: &Invariant, found: Vec<Offence>) -> Vec<Diagnostic> {
    let total = found.len();
    let shown = total.min(SHOWN);
    found
        .into_iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, o)| {
            let more = if i + 1 == shown { total - shown } else { 0 };
            offence(input, inv, o, more)
        })
        .collect()
}

fn offence(input: &Input, inv: &Invariant, o: Offence, more: usize) -> Diagnostic {
    let (a, b) = (name(input, o.from), name(input, o.to));
    let (kind, arrow) = match inv.kind {
        InvariantKind::Forbid => ("forbid", "->"),
        InvariantKind::ForbidPath => ("forbid", "->*"),
        InvariantKind::Require => ("require", "->"),
    };
    let head = format!("{kind} {} {arrow} {}", inv.from_text, inv.to_text);
    let (message, help) = if inv.kind == InvariantKind::Require {
        (
            format!("`{head}` holds for the policy but not on the switch: {}", o.what),
            format!("switch ACLs keep no state; make sure the lists of `{a}` and `{b}` are both applied, or enforce the pair `{a}` -> `{b}` on the nftables router"),
        )
    } else {
        (
            format!("`{head}` holds for the policy but not for the switch's stateless ACLs: {}", o.what),
            format!("switch ACLs keep no state, so the replies they let back also let new packets through; enforce the pair `{a}` -> `{b}` on the nftables router (route the two zones' VLANs through it), or narrow the allow whose replies open these ports"),
        )
    };
    let help = if more > 0 {
        format!("{help} ({more} more pair(s) of this invariant fail on the switch)")
    } else {
        help
    };
    Diagnostic::error(Code::AclStatelessViolation, message)
        .with_label(inv.head_span, "proved for a stateful firewall only")
        .with_help(help)
}
