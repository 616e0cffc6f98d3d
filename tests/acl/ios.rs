//! Reads `ios.cfg` as IOS-XE would: object groups, extended and IPv6
//! access lists, and the `ip access-group` / `ipv6 traffic-filter` of each
//! `interface VlanN`. Anything it does not know is a test failure.

use super::device::{addr, prefix, Device, Item, Nets, Rule, ICMP, ICMPV6, TCP, UDP};
use std::collections::BTreeMap;
use zonec_props::cloud::space::Fam;

enum Block {
    /// A block the filters do not depend on (`vlan N`, `end`).
    Other,
    Net(String),
    Service(String),
    List(String, Fam),
    Vlan(u16),
}

#[derive(Default)]
struct Groups {
    nets: BTreeMap<String, Nets>,
    services: BTreeMap<String, Vec<Item>>,
}

pub fn read(text: &str) -> Device {
    let mut dev = Device::default();
    let mut groups = Groups::default();
    let mut block = Block::Other;
    for line in text.lines() {
        if line.starts_with('!') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            block = head(line, &mut dev);
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match &block {
            Block::Net(name) => net_member(&words, groups.nets.entry(name.clone()).or_default()),
            Block::Service(name) => {
                let item = service_item(&words);
                groups.services.entry(name.clone()).or_default().push(item);
            }
            Block::List(name, fam) => {
                if words[0] != "remark" {
                    let rule = ace(&words, *fam, &groups);
                    dev.lists.entry(name.clone()).or_default().push(rule);
                }
            }
            Block::Vlan(id) => match words.as_slice() {
                ["ip", "access-group", name, "in"] => {
                    dev.bound.insert((*id, Fam::V4), name.to_string());
                }
                ["ipv6", "traffic-filter", name, "in"] => {
                    dev.bound.insert((*id, Fam::V6), name.to_string());
                }
                _ => {}
            },
            Block::Other => {}
        }
    }
    dev
}

fn head(line: &str, dev: &mut Device) -> Block {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["object-group", "network", name] => Block::Net(name.to_string()),
        ["object-group", "service", name] => Block::Service(name.to_string()),
        ["ip", "access-list", "extended", name] => {
            assert!(
                dev.lists.insert(name.to_string(), Vec::new()).is_none(),
                "{name} twice"
            );
            Block::List(name.to_string(), Fam::V4)
        }
        ["ipv6", "access-list", name] => {
            assert!(
                dev.lists.insert(name.to_string(), Vec::new()).is_none(),
                "{name} twice"
            );
            Block::List(name.to_string(), Fam::V6)
        }
        ["interface", vlan] if vlan.starts_with("Vlan") => Block::Vlan(vlan[4..].parse().unwrap()),
        _ => Block::Other,
    }
}

fn net_member(words: &[&str], nets: &mut Nets) {
    match words {
        ["description", ..] => {}
        ["host", a] => {
            let (_, a) = addr(a);
            nets.push((a, a));
        }
        [a, mask] => {
            let (_, a) = addr(a);
            let (_, m) = addr(mask);
            let len = (m as u32).leading_ones();
            assert_eq!(
                u128::from(u32::MAX << (32 - len)) & u128::from(u32::MAX),
                m,
                "mask {mask}"
            );
            let host = (1u128 << (32 - len)) - 1;
            assert_eq!(a & host, 0, "{a} has host bits");
            nets.push((a, a | host));
        }
        _ => panic!("object-group network member: {words:?}"),
    }
}

fn proto_number(word: &str, fam: Fam) -> Option<u8> {
    match (word, fam) {
        ("ip", Fam::V4) | ("ipv6", Fam::V6) => None,
        ("tcp", _) => Some(TCP),
        ("udp", _) => Some(UDP),
        ("icmp", Fam::V4) => Some(ICMP),
        ("icmp", Fam::V6) => Some(ICMPV6),
        _ => panic!("protocol `{word}`"),
    }
}

fn service_item(words: &[&str]) -> Item {
    let proto = proto_number(words[0], Fam::V4).expect("service item without a protocol");
    let mut rest = &words[1..];
    let ports = ports(&mut rest).into_iter().collect();
    let types = rest.iter().map(|t| icmp_type(t)).collect();
    (proto, ports, types)
}

/// `eq N` / `range A B` at the front of `words`, consumed.
fn ports(words: &mut &[&str]) -> Option<(u16, u16)> {
    match *words {
        ["eq", p, rest @ ..] => {
            *words = rest;
            let p = p.parse().unwrap();
            Some((p, p))
        }
        ["range", a, b, rest @ ..] => {
            *words = rest;
            Some((a.parse().unwrap(), b.parse().unwrap()))
        }
        ["gt" | "lt" | "neq", ..] => panic!("operator not expected: {words:?}"),
        _ => None,
    }
}

fn icmp_type(word: &str) -> u8 {
    match word {
        "router-solicitation" => 133,
        "nd-ns" => 135,
        "nd-na" => 136,
        "echo-reply" => 0,
        "echo" => 8,
        n => n.parse().unwrap_or_else(|_| panic!("ICMP type `{n}`")),
    }
}

/// An address spec at the front of `words`, consumed: `None` is any.
fn address(words: &mut &[&str], fam: Fam, groups: &Groups) -> Option<Nets> {
    let (nets, rest) = match (*words, fam) {
        (["any", rest @ ..], _) => (None, rest),
        (["object-group", name, rest @ ..], Fam::V4) => (
            Some(
                groups
                    .nets
                    .get(*name)
                    .unwrap_or_else(|| panic!("no group {name}"))
                    .clone(),
            ),
            rest,
        ),
        (["host", a, rest @ ..], _) => {
            let (_, a) = addr(a);
            (Some(vec![(a, a)]), rest)
        }
        ([p, rest @ ..], Fam::V6) if p.contains('/') => (Some(vec![prefix(p).1]), rest),
        _ => panic!("address: {words:?}"),
    };
    *words = rest;
    nets
}

fn ace(words: &[&str], fam: Fam, groups: &Groups) -> Rule {
    let permit = match words[0] {
        "permit" => true,
        "deny" => false,
        w => panic!("entry starts with `{w}`"),
    };
    let mut rest = &words[1..];
    let mut rule = Rule {
        permit,
        ..Rule::default()
    };
    if rest[0] == "object-group" {
        assert_eq!(fam, Fam::V4, "service groups are IPv4 only");
        let name = rest[1];
        rule.items = groups
            .services
            .get(name)
            .unwrap_or_else(|| panic!("no service {name}"))
            .clone();
        rest = &rest[2..];
        rule.src = address(&mut rest, fam, groups);
        rule.dst = address(&mut rest, fam, groups);
    } else {
        rule.proto = proto_number(rest[0], fam);
        rest = &rest[1..];
        rule.src = address(&mut rest, fam, groups);
        let with_ports = matches!(rule.proto, Some(TCP | UDP));
        if with_ports {
            rule.sport = ports(&mut rest).into_iter().collect();
        }
        rule.dst = address(&mut rest, fam, groups);
        if with_ports {
            rule.dport = ports(&mut rest).into_iter().collect();
        }
        if matches!(rule.proto, Some(ICMP | ICMPV6)) {
            if let Some(t) = rest.first().filter(|w| !matches!(**w, "log")) {
                rule.icmp_types = vec![icmp_type(t)];
                rest = &rest[1..];
            }
        }
    }
    for w in rest {
        match *w {
            "established" => rule.established = true,
            "log" => {}
            other => panic!("unknown word `{other}` in {words:?}"),
        }
    }
    rule
}
