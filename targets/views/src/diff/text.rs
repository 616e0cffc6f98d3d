//! The diff as plain text for a terminal: a summary line, then one section
//! per kind of change, `+` for what appears and `-` for what goes.

use super::{
    outcome_word, FlowChange, InvariantChange, PolicyDiff, RangeChange, RangeFlow, Summary,
};
use std::fmt::Write;

pub fn text(diff: &PolicyDiff) -> String {
    let mut out = format!("{}\n", summary_line(&diff.summary));
    if diff.is_empty() {
        return out;
    }
    flows(&mut out, "flows opened", '+', &diff.opened);
    flows(&mut out, "flows closed", '-', &diff.closed);
    if !diff.invariants.is_empty() {
        out.push_str("\ninvariants:\n");
        for change in &diff.invariants {
            let _ = writeln!(out, "  {}", invariant_line(change));
        }
    }
    names(&mut out, "zones", &diff.zones_added, &diff.zones_removed);
    names(&mut out, "labels", &diff.labels_added, &diff.labels_removed);
    if !diff.zone_labels.is_empty() {
        out.push_str("\nzone labels:\n");
        for z in &diff.zone_labels {
            let mut parts: Vec<String> = z.added.iter().map(|l| format!("+@{l}")).collect();
            parts.extend(z.removed.iter().map(|l| format!("-@{l}")));
            let _ = writeln!(out, "  {}: {}", z.zone, parts.join(" "));
        }
    }
    if !diff.prefixes.is_empty() {
        out.push_str("\nprefixes:\n");
        for p in &diff.prefixes {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                p.prefix,
                zone_or_none(&p.before),
                zone_or_none(&p.after)
            );
        }
    }
    ranges(&mut out, &diff.ranges);
    out
}

/// The view by address: each group of ranges that changed zone, then the
/// flows it gains (`+`) and loses (`-`).
fn ranges(out: &mut String, changes: &[RangeChange]) {
    if changes.is_empty() {
        return;
    }
    out.push_str(
        "
addresses (ranges that changed zone):
",
    );
    for c in changes {
        let _ = writeln!(
            out,
            "  {}: {} -> {}",
            range_list(c),
            zone_or_none(&c.before),
            zone_or_none(&c.after)
        );
        for (sign, flows) in [('+', &c.gained), ('-', &c.lost)] {
            for f in flows {
                let _ = writeln!(out, "    {sign} {}", range_flow(f));
            }
        }
        if c.gained.is_empty() && c.lost.is_empty() {
            out.push_str("    (no flow gained or lost)\n");
        }
    }
}

/// At most this many prefixes of a range group are written in text and
/// Markdown; JSON has more (`addresses::LISTED_RANGES`).
const SHOWN_RANGES: usize = 8;

/// `10.42.1.20/32, 10.42.2.0/24` or `..., and 3 more prefixes`.
pub(crate) fn range_list(c: &RangeChange) -> String {
    let shown: Vec<&str> = c
        .ranges
        .iter()
        .take(SHOWN_RANGES)
        .map(String::as_str)
        .collect();
    let mut list = shown.join(", ");
    if let Some(rest) = c.prefix_count.checked_sub(shown.len()).filter(|&n| n > 0) {
        let noun = if rest == 1 { "prefix" } else { "prefixes" };
        let _ = write!(list, ", and {rest} more {noun}");
    }
    list
}

/// `to ehr : tcp/443  (https)`, `from x (was y) : any  (inside y)`.
pub(crate) fn range_flow(f: &RangeFlow) -> String {
    let why = match &f.inside {
        Some(zone) => format!("  (inside {zone})"),
        None => via(&f.services),
    };
    format!("{} {} : {}{why}", f.direction, peer(f), f.ports)
}

/// The peer ranges by their zone: `ehr`, or `new (was old)` when it changed.
pub(crate) fn peer(f: &RangeFlow) -> String {
    if f.peer_before == f.peer_after {
        zone_or_none(&f.peer_after).to_string()
    } else {
        format!(
            "{} (was {})",
            zone_or_none(&f.peer_after),
            zone_or_none(&f.peer_before)
        )
    }
}

/// `2 flows opened, 1 closed; 1 invariant broken, 0 fixed; ...` or
/// `no change in reachability`.
pub(crate) fn summary_line(s: &Summary) -> String {
    if s == &Summary::default() {
        return "no change in reachability, invariants, zones or prefixes".to_string();
    }
    let mut line = format!(
        "{} opened, {} closed; {} broken, {} fixed; {} added, {} removed; {} moved",
        count(s.flows_opened, "flow"),
        s.flows_closed,
        count(s.invariants_broken, "invariant"),
        s.invariants_fixed,
        count(s.zones_added, "zone"),
        s.zones_removed,
        count(s.prefixes_moved, "prefix"),
    );
    if s.ranges_moved > 0 {
        let _ = write!(
            line,
            "; by address: {} changed zone, {} gained, {} lost",
            count(s.ranges_moved, "range group"),
            count(s.range_flows_gained, "flow"),
            s.range_flows_lost
        );
    }
    line
}

fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "prefix") => format!("{n} prefixes"),
        _ => format!("{n} {noun}s"),
    }
}

fn flows(out: &mut String, title: &str, sign: char, changes: &[FlowChange]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for c in changes {
        let _ = writeln!(
            out,
            "  {sign} {} -> {} : {}{}",
            c.from,
            c.to,
            c.ports,
            via(&c.services)
        );
    }
}

/// ` (https, hl7)` or nothing.
fn via(services: &[String]) -> String {
    if services.is_empty() {
        String::new()
    } else {
        format!("  ({})", services.join(", "))
    }
}

pub(crate) fn invariant_line(c: &InvariantChange) -> String {
    let mut line = format!(
        "{}: was {}, now {}",
        c.invariant,
        outcome_word(&c.before),
        outcome_word(&c.after)
    );
    if let Some(path) = c.after.as_ref().and_then(|o| o.witness.as_ref()) {
        let _ = write!(line, " (witness: {})", path.join(" -> "));
    }
    line
}

fn names(out: &mut String, title: &str, added: &[String], removed: &[String]) {
    if added.is_empty() && removed.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for n in added {
        let _ = writeln!(out, "  + {n}");
    }
    for n in removed {
        let _ = writeln!(out, "  - {n}");
    }
}

pub(crate) fn zone_or_none(z: &Option<String>) -> &str {
    z.as_deref().unwrap_or("(no zone)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(n: usize) -> RangeChange {
        RangeChange {
            ranges: (0..n.min(64)).map(|i| format!("10.0.{i}.0/24")).collect(),
            prefix_count: n,
            before: Some("a".to_string()),
            after: None,
            gained: Vec::new(),
            lost: Vec::new(),
        }
    }

    #[test]
    fn a_long_range_list_is_cut_and_counted() {
        assert_eq!(range_list(&group(1)), "10.0.0.0/24");
        let long = range_list(&group(100));
        assert!(
            long.ends_with("10.0.7.0/24, and 92 more prefixes"),
            "{long}"
        );
        assert!(range_list(&group(9)).ends_with(", and 1 more prefix"));
    }
}
