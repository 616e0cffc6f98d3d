//! Service chains: one chain per distinct set of allowed ports.
//!
//! Many zone pairs are allowed the same ports (`https, dns` to the internet
//! from every zone), so the address maps do not carry ports themselves:
//! their verdict is `jump svc_N`, and `svc_N` accepts the ports of one
//! distinct set. A protocol allowed in full is one `meta l4proto` rule; a
//! few TCP or UDP port ranges are a rule each (`tcp dport 8000-8100`), more
//! than [`MAX_INLINE`] one lookup in a named interval set of ports; ICMP and
//! ICMPv6 types are a rule per type range; "every other protocol" is a
//! negated lookup in `l4_known`. A set that allows everything needs no
//! chain: its verdict is `accept`.
//!
//! Named sets are kept for long port lists only because every set in the
//! table costs the kernel a scan of all the others when it is created and
//! each time a rule or an element batch names it (sets are found by name in
//! a list): at a thousand zones, one set per service doubled the table's
//! sets and cost about a quarter of a second of load time, while a few
//! more `tcp dport` rules cost little. A packet still meets at most
//! [`MAX_INLINE`] rules per protocol in a service chain, then one lookup.
//!
//! No concatenated (`l4proto . port`) or anonymous sets: the kernel builds
//! each such set at a cost of about a millisecond, which at thousands of
//! distinct services dominates the load time, while a rule or a plain
//! interval set costs microseconds. The cost of one packet stays bounded by
//! the size of one pair's service list, never by the number of rules.

use super::port_table::PortTable;
use super::rule_tree;
use super::text::Text;
use std::sync::Arc;
use zonec_model::{PortSet, Proto};

/// The set of protocols the language names; everything else is "other".
const KNOWN_PROTOCOLS: &str = "l4_known";

/// Most port ranges of one protocol written as rules rather than a set
/// (see the module doc for why this is not smaller).
const MAX_INLINE: usize = 16;

/// Every distinct allowed port set that needs a chain, numbered from 1 in
/// the port sets' order (so the numbering depends only on the policy).
pub(crate) struct Services<'a> {
    /// Service N at N - 1.
    table: PortTable<'a>,
    /// `jump svc_N` for service N at N - 1: one string per service, shared
    /// by every map element that jumps to it.
    jumps: Vec<Arc<str>>,
    accept: Arc<str>,
}

impl<'a> Services<'a> {
    pub(crate) fn new(sets: impl IntoIterator<Item = &'a PortSet>) -> Services<'a> {
        let chained = sets.into_iter().filter(|s| !s.is_empty() && !s.is_any());
        let mut sorted = PortTable::new(chained).sets().to_vec();
        sorted.sort_unstable();
        let table = PortTable::new(sorted);
        let jumps = (1..=table.sets().len())
            .map(|n| Arc::from(format!("jump {}", chain_name(n))))
            .collect();
        Services {
            table,
            jumps,
            accept: Arc::from("accept"),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.table.sets().len()
    }

    /// The verdict that allows exactly `ports`: `accept` for every port,
    /// `jump svc_N` otherwise; `None` for nothing (or a set not registered).
    pub(crate) fn verdict(&self, ports: &PortSet) -> Option<Arc<str>> {
        if ports.is_any() {
            return Some(Arc::clone(&self.accept));
        }
        let n = self.table.number(ports)?;
        self.jumps.get(n).cloned()
    }

    /// The services as (number, ports), in number order.
    fn numbered(&self) -> impl Iterator<Item = (usize, &'a PortSet)> + '_ {
        self.table
            .sets()
            .iter()
            .enumerate()
            .map(|(i, s)| (i + 1, *s))
    }

    /// Write `l4_known` (if needed), then each service's set and chain.
    pub(crate) fn write(&self, out: &mut Text) {
        if self
            .numbered()
            .any(|(_, s)| s.by_proto().iter().any(|(p, _)| *p == Proto::Other))
        {
            write_known_protocols(out);
        }
        let mut services = Vec::new();
        for (n, ports) in self.numbered() {
            services.push((n, service_rules(out, n, ports)));
        }
        let mut chains = rule_tree::share(&services, chain_name);
        // Services in number order.
        chains.sort_by_key(|c| c.service);
        for chain in chains {
            let index = chain.service.checked_sub(1);
            if let Some(ports) = index.and_then(|i| self.table.sets().get(i)) {
                out.comment(&format!("{}: {ports}", chain.name));
            }
            out.open(format!("chain {}", chain.name));
            for line in chain.lines() {
                out.line(line);
            }
            out.close();
            out.blank();
        }
    }
}

fn chain_name(n: usize) -> String {
    format!("svc_{n}")
}

fn write_known_protocols(out: &mut Text) {
    out.comment("The protocols the policy language names; any other is `other`.");
    out.open(format!("set {KNOWN_PROTOCOLS}"));
    out.line("type inet_proto");
    out.line("elements = { tcp, udp, icmp, ipv6-icmp }");
    out.close();
    out.blank();
}

/// The rules of service `n`, writing the named port sets they use.
fn service_rules(out: &mut Text, n: usize, ports: &PortSet) -> Vec<String> {
    let chain = chain_name(n);
    let mut rules = Vec::new();
    for (proto, ranges) in ports.by_proto() {
        if matches!(proto, Proto::Tcp | Proto::Udp)
            && ranges.len() > MAX_INLINE
            && !whole(proto, &ranges)
        {
            let set = format!("{chain}_{}", proto.name());
            out.comment(&format!("{set}: the {} ports of {chain}", proto.name()));
            write_port_set(out, &set, &ranges);
            rules.push(format!("{} dport @{set} accept", proto.name()));
        } else {
            rules.extend(proto_rules(proto, &ranges));
        }
    }
    rules
}

fn write_port_set(out: &mut Text, name: &str, ranges: &[(u32, u32)]) {
    out.open(format!("set {name}"));
    out.line("type inet_service");
    out.line("flags interval");
    let elements: Vec<String> = ranges.iter().map(|&(lo, hi)| span(lo, hi)).collect();
    out.elements(&elements);
    out.close();
}

/// Whether `ranges` is every port or type of `proto`.
fn whole(proto: Proto, ranges: &[(u32, u32)]) -> bool {
    let (base, top) = proto.bounds();
    ranges == [(0, top - base)]
}

/// The rules that accept `ranges` of one protocol.
fn proto_rules(proto: Proto, ranges: &[(u32, u32)]) -> Vec<String> {
    if proto == Proto::Other {
        return vec![format!("meta l4proto != @{KNOWN_PROTOCOLS} accept")];
    }
    if whole(proto, ranges) {
        return vec![format!("meta l4proto {} accept", nft_proto(proto))];
    }
    let field = match proto {
        Proto::Tcp | Proto::Udp => "dport",
        _ => "type",
    };
    ranges
        .iter()
        .map(|&(lo, hi)| format!("{} {field} {} accept", proto.name(), span(lo, hi)))
        .collect()
}

/// nft's name for a protocol number in `meta l4proto`.
fn nft_proto(proto: Proto) -> &'static str {
    match proto {
        Proto::Icmpv6 => "ipv6-icmp",
        other => other.name(),
    }
}

fn span(lo: u32, hi: u32) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(ports: &PortSet) -> String {
        let services = Services::new([ports]);
        let mut out = Text::new();
        services.write(&mut out);
        out.finish()
    }

    #[test]
    fn identical_port_sets_share_one_chain() {
        let https = PortSet::ports(Proto::Tcp, 443, 443);
        let dns = PortSet::ports(Proto::Udp, 53, 53);
        let (any, empty) = (PortSet::any(), PortSet::empty());
        let s = Services::new([&https, &dns, &https, &any, &empty]);
        assert_eq!(s.len(), 2);
        assert_eq!(s.verdict(&https).as_deref(), Some("jump svc_1"));
        assert_eq!(s.verdict(&dns).as_deref(), Some("jump svc_2"));
        assert_eq!(s.verdict(&PortSet::any()).as_deref(), Some("accept"));
        assert_eq!(s.verdict(&PortSet::empty()), None);
    }

    #[test]
    fn ports_ranges_icmp_and_other_protocols() {
        let ports = PortSet::ports(Proto::Tcp, 8000, 8100)
            .union(&PortSet::ports(Proto::Udp, 53, 53))
            .union(&PortSet::ports(Proto::Icmp, 8, 8))
            .union(&PortSet::ports(Proto::Icmp, 13, 14))
            .union(&PortSet::proto(Proto::Icmpv6))
            .union(&PortSet::proto(Proto::Other));
        let text = render(&ports);
        assert!(text.contains("set l4_known {"), "{text}");
        assert!(
            text.contains("\ttcp dport 8000-8100 accept\n\tudp dport 53 accept\n"),
            "{text}"
        );
        assert!(
            text.contains("\ticmp type 8 accept\n\ticmp type 13-14 accept\n"),
            "{text}"
        );
        assert!(text.contains("\tmeta l4proto ipv6-icmp accept\n"), "{text}");
        assert!(
            text.contains("\tmeta l4proto != @l4_known accept\n"),
            "{text}"
        );
        assert!(!text.contains("set svc_"), "few ranges need no set: {text}");
    }

    #[test]
    fn many_ranges_use_a_plain_interval_set() {
        let ports = PortSet::from_ranges((1..=20).map(|i| (i * 100, i * 100 + 9)));
        let text = render(&ports);
        assert!(
            text.contains("set svc_1_tcp {\n\ttype inet_service\n\tflags interval\n"),
            "{text}"
        );
        assert!(text.contains("\t\t100-109,\n"), "{text}");
        assert!(text.contains("\ttcp dport @svc_1_tcp accept\n"), "{text}");
    }

    #[test]
    fn whole_protocols_are_one_rule() {
        let text = render(&PortSet::proto(Proto::Tcp).union(&PortSet::ports(Proto::Udp, 1, 65535)));
        assert!(
            text.contains("\tmeta l4proto tcp accept\n\tudp dport 1-65535 accept\n"),
            "{text}"
        );
    }

    #[test]
    fn icmp_only_service_has_no_port_set() {
        let text = render(&PortSet::ports(Proto::Icmp, 8, 8));
        assert!(text.contains("\ticmp type 8 accept\n"), "{text}");
        assert!(!text.contains("l4_known"), "{text}");
    }
}
