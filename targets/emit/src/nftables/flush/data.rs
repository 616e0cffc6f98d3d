//! The policy as the flush script's classifier reads it: one fact a line,
//! numbers and hex only, but zone names (`zonec_escape::shell::token`):
//!
//! ```text
//! r FIRST LAST ZONE     a range of the longest-prefix-match partition, as
//!                       8 (IPv4) or 32 (IPv6) lowercase hex digits, in order
//! z ZONE CLASS NAME     a zone, the analysis class it belongs to, its name
//! self CLASS ZONE       the class and zone of `self`, when the policy names it
//! s SET LO HI [LO HI]   an allowed port set, as intervals of points
//!                       (zonec_model::ports: tcp p, udp 65536+p, icmp
//!                       131072+t, icmpv6 131328+t, any other protocol 131584)
//! f FROM TO SET         traffic between two distinct zones of these classes
//!                       is allowed on SET
//! ```
//!
//! Its size follows the partition, the zones and the class pairs, like the
//! ruleset's: no line per zone pair.

use crate::Input;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};
use zonec_escape::shell;
use zonec_model::PortSet;

/// Append the data lines for `input`'s policy to `out`.
pub(super) fn write(out: &mut String, input: &Input) {
    let Input {
        model,
        effective,
        addresses,
    } = *input;
    for &(first, last, zone) in addresses.partition_v4() {
        line(
            out,
            format_args!("r {} {} {}", v4(first), v4(last), zone.index()),
        );
    }
    for &(first, last, zone) in addresses.partition_v6() {
        line(
            out,
            format_args!("r {} {} {}", v6(first), v6(last), zone.index()),
        );
    }
    let classes = effective.partition();
    for zone in model.zone_ids() {
        let name = shell::token(&model.zone(zone).name);
        let class = classes.class_of(zone).index();
        line(out, format_args!("z {} {class} {name}", zone.index()));
    }
    if let Some(router) = model.self_zone {
        let class = classes.class_of(router).index();
        line(out, format_args!("self {class} {}", router.index()));
    }
    let mut sets: BTreeMap<&PortSet, usize> = BTreeMap::new();
    let allowed: Vec<_> = effective
        .class_flows()
        .filter(|(_, f)| !f.ports.is_empty())
        .collect();
    for (_, flow) in &allowed {
        let next = sets.len() + 1;
        sets.entry(&flow.ports).or_insert(next);
    }
    let mut by_number: Vec<(usize, &PortSet)> = sets.iter().map(|(p, n)| (*n, *p)).collect();
    by_number.sort_by_key(|(n, _)| *n);
    for (n, ports) in by_number {
        let intervals: Vec<String> = ports
            .ranges()
            .iter()
            .map(|(lo, hi)| format!("{lo} {hi}"))
            .collect();
        line(out, format_args!("s {n} {}", intervals.join(" ")));
    }
    for ((from, to), flow) in allowed {
        if let Some(n) = sets.get(&flow.ports) {
            line(out, format_args!("f {} {} {n}", from.index(), to.index()));
        }
    }
}

fn line(out: &mut String, args: std::fmt::Arguments) {
    // Writing into a String cannot fail.
    let _ = out.write_fmt(args);
    out.push('\n');
}

fn v4(a: Ipv4Addr) -> String {
    format!("{:08x}", u32::from(a))
}

fn v6(a: Ipv6Addr) -> String {
    format!("{:032x}", u128::from(a))
}
