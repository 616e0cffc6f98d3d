//! The text for a terminal: the counts, then the rows worst first
//! (forbidden, what the candidate would break, blocked, unzoned), each
//! with what it rests on; allowed rows last and short. Every line goes
//! through `zonec_escape::terminal`.

use super::{service, zone, LISTED};
use crate::classify::Verdict;
use crate::report::{Report, Row};
use std::fmt::Write;
use zonec_escape::terminal;

pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} record(s) in {} row(s): {} forbidden, {} blocked, {} unzoned, {} allowed (flows)",
        s.counts.records,
        s.rows,
        s.flows.get("forbidden").unwrap_or(&0),
        s.flows.get("blocked").unwrap_or(&0),
        s.flows.get("unzoned").unwrap_or(&0),
        s.flows.get("allowed").unwrap_or(&0),
    );
    if let (Some(b), Some(o)) = (s.breaks, s.opens) {
        let _ = writeln!(
            out,
            "candidate: breaks {b} row(s) allowed now, opens {o} row(s)"
        );
    }
    let _ = writeln!(
        out,
        "direction guessed by port for {} record(s); {} malformed, {} NODATA, {} SKIPDATA",
        s.counts.guessed, s.counts.malformed, s.counts.nodata, s.counts.skipdata
    );
    section(
        &mut out,
        report,
        "FORBIDDEN (breaks an invariant: investigate, never allow)",
        |r| r.verdict == Verdict::Forbidden,
    );
    section(
        &mut out,
        report,
        "BREAKS (allowed now, not by the candidate)",
        Row::breaks,
    );
    section(&mut out, report, "BLOCKED (the policy drops it)", |r| {
        r.verdict == Verdict::Blocked
    });
    section(&mut out, report, "UNZONED (an end in no zone)", |r| {
        r.verdict == Verdict::Unzoned
    });
    section(
        &mut out,
        report,
        "OPENS (blocked now, allowed by the candidate)",
        Row::opens,
    );
    section(&mut out, report, "ALLOWED", |r| {
        r.verdict == Verdict::Allowed && !r.breaks()
    });
    for k in &report.skipped {
        let line = k.line.map_or(String::new(), |l| format!(":{l}"));
        let _ = writeln!(out, "malformed: {}{line}: {}", k.file, k.reason);
    }
    terminal::escape_lines(&out).into_owned()
}

fn section(out: &mut String, report: &Report, title: &str, keep: impl Fn(&Row) -> bool) {
    let rows: Vec<&Row> = report.rows.iter().filter(|r| keep(r)).collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}: {} row(s)", rows.len());
    for r in rows.iter().take(LISTED) {
        line(out, r);
    }
    if rows.len() > LISTED {
        let _ = writeln!(
            out,
            "  ... and {} more (--format json lists all)",
            rows.len() - LISTED
        );
    }
}

fn line(out: &mut String, r: &Row) {
    let candidate = r
        .candidate_verdict
        .map_or(String::new(), |c| format!(" -> candidate: {}", c.as_str()));
    let _ = writeln!(
        out,
        "  {} -> {} {}: {}{candidate}, {} flow(s), {} bytes",
        zone(&r.from),
        zone(&r.to),
        service(r),
        r.verdict.as_str(),
        r.count,
        r.bytes
    );
    for i in &r.invariants {
        let at = i.location.as_ref().map_or(String::new(), |l| {
            format!(" at {}:{}:{}", l.file, l.line, l.column)
        });
        let _ = writeln!(out, "    {} `{}`{at}", i.kind, i.invariant);
    }
    for rule in &r.rules {
        let at = rule.location.as_ref().map_or(String::new(), |l| {
            format!(" at {}:{}:{}", l.file, l.line, l.column)
        });
        let _ = writeln!(out, "    rule `{}`{at}", rule.rule);
    }
    if r.verdict == Verdict::Blocked && r.rules.is_empty() {
        let _ = writeln!(out, "    no allow covers this pair and port");
    }
    if let Some(s) = r.samples.first() {
        let _ = writeln!(out, "    e.g. {} -> {}", s.src, s.dst);
    }
}
