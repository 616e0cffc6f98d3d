//! Reads `junos.set` as Junos would: prefix lists, `firewall family inet`
//! and `inet6` filters whose terms are in the order of their first line,
//! each term's conditions ANDed (the values of one condition ORed), a term
//! without an action accepting, and the irb units' input filters.

use super::device::{port_range, prefix, Device, Nets, Rule, ICMP, ICMPV6, TCP, UDP};
use std::collections::BTreeMap;
use zonec_props::cloud::space::Fam;

pub fn read(text: &str) -> Device {
    let mut dev = Device::default();
    let mut lists: BTreeMap<String, Nets> = BTreeMap::new();
    // filter -> terms in order -> (name, rule, has action)
    let mut terms: BTreeMap<String, Vec<(String, Rule, bool)>> = BTreeMap::new();
    let mut families: BTreeMap<String, Fam> = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("set ")) {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["set", "policy-options", "prefix-list", name, p] => {
                lists.entry(name.to_string()).or_default().push(prefix(p).1);
            }
            ["set", "firewall", "family", fam, "filter", name, "term", term, rest @ ..] => {
                let fam = if *fam == "inet" { Fam::V4 } else { Fam::V6 };
                families.insert(name.to_string(), fam);
                let list = terms.entry(name.to_string()).or_default();
                if !list.iter().any(|t| t.0 == *term) {
                    list.push((
                        term.to_string(),
                        Rule {
                            permit: true,
                            ..Rule::default()
                        },
                        false,
                    ));
                }
                let t = list.iter_mut().find(|t| t.0 == *term).unwrap();
                condition(&mut t.1, &mut t.2, rest, fam, &lists);
            }
            ["set", "interfaces", "irb", "unit", unit, "family", fam, "filter", "input", name] => {
                let fam = if *fam == "inet" { Fam::V4 } else { Fam::V6 };
                dev.bound
                    .insert((unit.parse().unwrap(), fam), name.to_string());
            }
            _ => {}
        }
    }
    for (name, list) in terms {
        dev.lists
            .insert(name, list.into_iter().map(|t| t.1).collect());
    }
    dev
}

fn proto(word: &str) -> u8 {
    match word {
        "tcp" => TCP,
        "udp" => UDP,
        "icmp" => ICMP,
        "icmp6" => ICMPV6,
        _ => panic!("protocol `{word}`"),
    }
}

fn nets(lists: &BTreeMap<String, Nets>, name: &str) -> Nets {
    lists
        .get(name)
        .unwrap_or_else(|| panic!("no prefix-list {name}"))
        .clone()
}

fn condition(
    r: &mut Rule,
    acted: &mut bool,
    rest: &[&str],
    fam: Fam,
    lists: &BTreeMap<String, Nets>,
) {
    match rest {
        ["from", "source-prefix-list", n] => r.src = Some(nets(lists, n)),
        ["from", "destination-prefix-list", n] => r.dst = Some(nets(lists, n)),
        ["from", "source-address", p] => r.src.get_or_insert_with(Vec::new).push(prefix(p).1),
        ["from", "destination-address", p] => r.dst.get_or_insert_with(Vec::new).push(prefix(p).1),
        ["from", "protocol", p] if fam == Fam::V4 => r.proto = Some(proto(p)),
        ["from", "next-header", p] if fam == Fam::V6 => r.proto = Some(proto(p)),
        ["from", "source-port", p] => r.sport.push(port_range(p)),
        ["from", "destination-port", p] => r.dport.push(port_range(p)),
        ["from", "icmp-type", t] => r.icmp_types.push(t.parse().unwrap()),
        ["from", "tcp-established"] => r.established = true,
        ["then", "accept"] => {
            r.permit = true;
            *acted = true;
        }
        ["then", "discard"] => {
            r.permit = false;
            *acted = true;
        }
        ["then", "count" | "syslog", ..] => {}
        _ => panic!("term condition not understood: {rest:?}"),
    }
}
