//! The diff as plain text for a terminal: a summary line, then one section
//! per kind of change, `+` for what appears and `-` for what goes.

use super::{outcome_word, FlowChange, InvariantChange, PolicyDiff, Summary};
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
    out
}

/// `2 flows opened, 1 closed; 1 invariant broken, 0 fixed; ...` or
/// `no change in reachability`.
pub(crate) fn summary_line(s: &Summary) -> String {
    if s == &Summary::default() {
        return "no change in reachability, invariants, zones or prefixes".to_string();
    }
    format!(
        "{} opened, {} closed; {} broken, {} fixed; {} added, {} removed; {} moved",
        count(s.flows_opened, "flow"),
        s.flows_closed,
        count(s.invariants_broken, "invariant"),
        s.invariants_fixed,
        count(s.zones_added, "zone"),
        s.zones_removed,
        count(s.prefixes_moved, "prefix"),
    )
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
