//! Policies of one extreme shape each, for the benchmarks that find where
//! cost grows with something other than the size of the policy: many
//! distinct flows ([`dense`]), one rule over every zone pair
//! ([`any_to_any`]), many zones and one rule ([`one_rule`]), and one service
//! of many single ports ([`many_ports`]). Unlike [`super::generate`] they
//! model no organisation; each stresses one dimension and nothing else.
//! The same arguments always give the same text.

use super::Rng;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Ports [`dense`] draws from: the most common services, a few ranges.
const DENSE_PORTS: &[&str] = &[
    "tcp/22",
    "tcp/25",
    "tcp/53",
    "tcp/80",
    "tcp/88",
    "tcp/389",
    "tcp/443",
    "tcp/445",
    "tcp/636",
    "tcp/993",
    "tcp/1433",
    "tcp/1521",
    "tcp/2049",
    "tcp/3306",
    "tcp/3389",
    "tcp/5432",
    "tcp/5900",
    "tcp/6379",
    "tcp/6443",
    "tcp/8080",
    "tcp/8443",
    "tcp/9092",
    "tcp/9200",
    "tcp/27017",
    "tcp/5000-5010",
    "udp/53",
    "udp/67",
    "udp/123",
    "udp/161",
    "udp/500",
    "udp/514",
    "udp/1812",
    "udp/4500",
    "udp/5353",
    "udp/10000-20000",
];

/// `zones` zones `z0`, `z1`, ..., each one IPv4 /24 and one IPv6 /64, an
/// external `internet`, and `flows` allows between distinct random zone
/// pairs (some to the internet), each on one to three ports with a reason
/// and a ticket: the most distinct flows, and so the most map elements, a
/// policy of this size can ask for. `flows` is capped at the number of
/// ordered pairs of distinct zones, the internet included as a destination.
pub fn dense(zones: usize, flows: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::from("policy \"Dense\" { owner \"net@example.org\" }\n");
    for i in 0..zones {
        let _ = writeln!(
            out,
            "zone z{i} {{ net 10.{}.{}.0/24, fd00:{:x}::/64 }}",
            i / 256,
            i % 256,
            i + 1
        );
    }
    out.push_str("zone internet external { net 0.0.0.0/0, ::/0 }\n");
    let mut pairs = BTreeSet::new();
    while pairs.len() < flows.min(zones.saturating_mul(zones)) {
        let (a, b) = (rng.below(zones), rng.below(zones + 1));
        if a != b {
            pairs.insert((a, b));
        }
    }
    for (n, (a, b)) in pairs.into_iter().enumerate() {
        let to = if b == zones {
            "internet".to_string()
        } else {
            format!("z{b}")
        };
        let mut chosen: Vec<&str> = (0..1 + rng.below(3))
            .filter_map(|_| DENSE_PORTS.get(rng.below(DENSE_PORTS.len())).copied())
            .collect();
        chosen.sort_unstable();
        chosen.dedup();
        let _ = writeln!(
            out,
            "allow z{a} -> {to} : {} {{ reason \"flow {n}\"; ticket \"CHG-{n}\" }}",
            chosen.join(", ")
        );
    }
    out
}

/// `zones` zones of one /24 each (`10.0.0.0/24`, `10.0.1.0/24`, ...; at
/// most 65,536) and the single rule `allow any -> any : tcp/22`: one line
/// that names every ordered zone pair.
pub fn any_to_any(zones: usize) -> String {
    let mut out = String::from("policy \"anyany\" { owner \"bench\" }\n\n");
    for i in 0..zones {
        let _ = writeln!(
            out,
            "zone z{i} {{ net 10.{}.{}.0/24 }}",
            i / 256 % 256,
            i % 256
        );
    }
    out.push_str("\nallow any -> any : tcp/22\n");
    out
}

/// `zones` zones of one IPv4 address each (`10.0.0.0/32`, `10.0.0.1/32`,
/// ...; at most 2^24) and one rule between the first two, so that every
/// other zone is unused and draws a warning.
pub fn one_rule(zones: usize) -> String {
    let mut out = String::from("policy \"one\" { owner \"bench\" }\n\n");
    for i in 0..zones {
        let _ = writeln!(
            out,
            "zone z{i} {{ net 10.{}.{}.{}/32 }}",
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255
        );
    }
    out.push_str("\nallow z0 -> z1 : tcp/22\n");
    out
}

/// Two zones and a service `many` of `ports` single ports, sixteen to a
/// line, used by one rule: the odd TCP ports, then the even ones, then UDP
/// in the same order (at most 131,070). Each even port joins two ranges in
/// the middle of a set of 32,768, where ports in ascending order would only
/// ever extend its last range.
pub fn many_ports(ports: usize) -> String {
    let mut out = String::from(
        "policy \"ports\" { owner \"bench\" }\n\n\
         zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\n\nservice many =",
    );
    let odd_then_even = || (1..=65_535u32).step_by(2).chain((2..=65_534).step_by(2));
    let all = odd_then_even()
        .map(|p| ("tcp", p))
        .chain(odd_then_even().map(|p| ("udp", p)));
    for (n, (proto, port)) in all.take(ports).enumerate() {
        let sep = match n {
            0 => " ",
            _ if n % 16 == 0 => ",\n  ",
            _ => ", ",
        };
        let _ = write!(out, "{sep}{proto}/{port}");
    }
    out.push_str("\n\nallow a -> b : many\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape is a policy the parser takes without a diagnostic.
    #[test]
    fn every_shape_parses_cleanly() {
        for text in [
            dense(40, 300, 1),
            any_to_any(40),
            one_rule(40),
            many_ports(40),
        ] {
            let (_, diagnostics) = crate::parse(zonec_base::FileId(0), &text);
            assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
        }
    }

    fn count(text: &str, prefix: &str) -> usize {
        text.lines().filter(|l| l.starts_with(prefix)).count()
    }

    #[test]
    fn dense_writes_distinct_flows_deterministically() {
        let text = dense(50, 400, 3);
        assert_eq!(text, dense(50, 400, 3));
        assert_ne!(text, dense(50, 400, 4));
        assert_eq!(count(&text, "zone "), 51);
        assert_eq!(count(&text, "allow "), 400);
        let heads: BTreeSet<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("allow "))
            .filter_map(|l| l.split(" : ").next())
            .collect();
        assert_eq!(heads.len(), 400, "every flow is between a distinct pair");
        assert!(!text.contains("allow z7 -> z7 "));
    }

    #[test]
    fn dense_caps_flows_at_the_ordered_pairs() {
        assert_eq!(count(&dense(3, 100, 1), "allow "), 9);
    }

    #[test]
    fn any_to_any_is_one_rule_over_slash_24s() {
        let text = any_to_any(300);
        assert_eq!(count(&text, "zone "), 300);
        assert!(text.contains("zone z299 { net 10.1.43.0/24 }\n"));
        assert_eq!(count(&text, "allow "), 1);
        assert!(text.ends_with("allow any -> any : tcp/22\n"));
    }

    #[test]
    fn one_rule_numbers_addresses_across_octets() {
        let text = one_rule(70_000);
        assert_eq!(count(&text, "zone "), 70_000);
        assert!(text.contains("zone z69999 { net 10.1.17.111/32 }\n"));
        assert_eq!(count(&text, "allow "), 1);
    }

    #[test]
    fn many_ports_lists_each_port_once() {
        let text = many_ports(65_536);
        let ports = text.matches("tcp/").count() + text.matches("udp/").count();
        assert_eq!(ports, 65_536);
        assert!(text.contains(", tcp/65535,"));
        assert!(text.contains("tcp/65533, tcp/65535,\n  tcp/2, tcp/4,"));
        assert!(text.contains("tcp/65534, udp/1\n"));
        assert!(!text.contains("tcp/0,"));
        assert!(text.ends_with("allow a -> b : many\n"));
    }
}
