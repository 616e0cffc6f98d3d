//! The diff as GitHub-flavoured Markdown, for a pull-request comment: a
//! heading, the summary line, then a table per kind of change. Every value
//! from the policy is written as inline code, so `->*` or `@phi` never turn
//! into formatting.

use super::text::{peer, range_list, summary_line, zone_or_none};
use super::{outcome_word, FlowChange, PolicyDiff, RangeChange};
use std::fmt::Write;
use zonec_escape::markdown::code;

pub fn markdown(diff: &PolicyDiff) -> String {
    let mut out = String::from("## zonec diff: reachability changes\n\n");
    let warn = match (diff.opens_flows(), diff.closes_flows()) {
        (true, true) => "**This change opens and closes flows.** ",
        (true, false) => "**This change opens flows.** ",
        (false, true) => "**This change closes flows.** ",
        (false, false) => "",
    };
    let _ = writeln!(out, "{warn}{}", summary_line(&diff.summary));
    flows(&mut out, "Flows opened", &diff.opened);
    flows(&mut out, "Flows closed", &diff.closed);
    if !diff.invariants.is_empty() {
        out.push_str(
            "\n### Invariants\n\n| invariant | before | after | witness |\n|---|---|---|---|\n",
        );
        for c in &diff.invariants {
            let witness = c
                .after
                .as_ref()
                .and_then(|o| o.witness.as_ref())
                .map_or(String::new(), |p| code(&p.join(" -> ")));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {witness} |",
                code(&c.invariant),
                outcome_word(&c.before),
                outcome_word(&c.after)
            );
        }
    }
    names(
        &mut out,
        "Zones",
        "zone",
        &diff.zones_added,
        &diff.zones_removed,
    );
    names(
        &mut out,
        "Labels",
        "label",
        &diff.labels_added,
        &diff.labels_removed,
    );
    if !diff.zone_labels.is_empty() {
        out.push_str(
            "\n### Zone labels\n\n| zone | labels added | labels removed |\n|---|---|---|\n",
        );
        for z in &diff.zone_labels {
            let list = |v: &[String]| {
                v.iter()
                    .map(|l| code(&format!("@{l}")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code(&z.zone),
                list(&z.added),
                list(&z.removed)
            );
        }
    }
    if !diff.prefixes.is_empty() {
        out.push_str("\n### Prefixes\n\n| prefix | zone before | zone after |\n|---|---|---|\n");
        for p in &diff.prefixes {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code(&p.prefix),
                zone_cell(&p.before),
                zone_cell(&p.after)
            );
        }
    }
    ranges(&mut out, &diff.ranges);
    out
}

/// The view by address: one row per flow a range group gains or loses.
fn ranges(out: &mut String, changes: &[RangeChange]) {
    if changes.is_empty() {
        return;
    }
    out.push_str("\n### Addresses that changed zone\n\n| ranges | zone before | zone after | change | direction | peer | ports | services |\n|---|---|---|---|---|---|---|---|\n");
    for c in changes {
        let head = format!(
            "| {} | {} | {} |",
            code(&range_list(c)),
            zone_cell(&c.before),
            zone_cell(&c.after)
        );
        let flows = c.gained.iter().map(|f| ("gained", f));
        let flows: Vec<_> = flows.chain(c.lost.iter().map(|f| ("lost", f))).collect();
        if flows.is_empty() {
            let _ = writeln!(out, "{head} no flow gained or lost | | | | |");
        }
        for (change, f) in flows {
            let services = match &f.inside {
                Some(zone) => format!("inside {}", code(zone)),
                None => f
                    .services
                    .iter()
                    .map(|s| code(s))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let _ = writeln!(
                out,
                "{head} {change} | {} | {} | {} | {services} |",
                f.direction,
                code(&peer(f)),
                code(&f.ports)
            );
        }
    }
}

fn flows(out: &mut String, title: &str, changes: &[FlowChange]) {
    if changes.is_empty() {
        return;
    }
    let _ = write!(out, "\n### {title}\n\n| from | to | ports | services | allowed before | allowed after |\n|---|---|---|---|---|---|\n");
    for c in changes {
        let services: Vec<String> = c.services.iter().map(|s| code(s)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            code(&c.from),
            code(&c.to),
            code(&c.ports),
            services.join(", "),
            code(&c.before),
            code(&c.after)
        );
    }
}

fn names(out: &mut String, title: &str, noun: &str, added: &[String], removed: &[String]) {
    if added.is_empty() && removed.is_empty() {
        return;
    }
    let _ = write!(out, "\n### {title}\n\n| {noun} | change |\n|---|---|\n");
    for n in added {
        let _ = writeln!(out, "| {} | added |", code(n));
    }
    for n in removed {
        let _ = writeln!(out, "| {} | removed |", code(n));
    }
}

fn zone_cell(z: &Option<String>) -> String {
    match z {
        Some(name) => code(name),
        None => zone_or_none(z).to_string(),
    }
}
