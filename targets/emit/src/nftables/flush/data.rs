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

use super::super::port_table::PortTable;
use crate::Input;
use std::fmt::Write;
use zonec_escape::shell;

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
            format_args!(
                "r {:08x} {:08x} {}",
                u32::from(first),
                u32::from(last),
                zone.index()
            ),
        );
    }
    for &(first, last, zone) in addresses.partition_v6() {
        line(
            out,
            format_args!(
                "r {:032x} {:032x} {}",
                u128::from(first),
                u128::from(last),
                zone.index()
            ),
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
    let allowed: Vec<_> = effective
        .class_flows()
        .filter(|(_, f)| !f.ports.is_empty())
        .collect();
    // Numbered from 1 in first-seen order.
    let sets = PortTable::new(allowed.iter().map(|(_, f)| &f.ports));
    for (i, ports) in sets.sets().iter().enumerate() {
        let n = i + 1;
        out.push_str("s ");
        // Writing into a String cannot fail.
        let _ = write!(out, "{n}");
        for (lo, hi) in ports.ranges() {
            let _ = write!(out, " {lo} {hi}");
        }
        out.push('\n');
    }
    for ((from, to), flow) in allowed {
        if let Some(n) = sets.number(&flow.ports) {
            let n = n + 1;
            line(out, format_args!("f {} {} {n}", from.index(), to.index()));
        }
    }
}

fn line(out: &mut String, args: std::fmt::Arguments) {
    // Writing into a String cannot fail.
    let _ = out.write_fmt(args);
    out.push('\n');
}
