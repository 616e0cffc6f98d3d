//! `--format markdown`: a table per kind of row, worst first, for a
//! ticket or a pull-request comment; names through
//! `zonec_escape::markdown`.

use super::{service, zone, LISTED};
use crate::classify::Verdict;
use crate::report::{Report, Row};
use std::fmt::Write;
use zonec_escape::markdown::code;

pub fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
        "### Observed traffic\n\n{} record(s), {} row(s); direction guessed for {}, {} malformed.\n",
        s.counts.records, s.rows, s.counts.guessed, s.counts.malformed
    );
    table(&mut out, report, "Forbidden", |r| {
        r.verdict == Verdict::Forbidden
    });
    table(
        &mut out,
        report,
        "Allowed now, not by the candidate",
        Row::breaks,
    );
    table(&mut out, report, "Blocked", |r| {
        r.verdict == Verdict::Blocked
    });
    table(&mut out, report, "Unzoned", |r| {
        r.verdict == Verdict::Unzoned
    });
    table(
        &mut out,
        report,
        "Blocked now, allowed by the candidate",
        Row::opens,
    );
    table(&mut out, report, "Allowed", |r| {
        r.verdict == Verdict::Allowed && !r.breaks()
    });
    out
}

fn table(out: &mut String, report: &Report, title: &str, keep: impl Fn(&Row) -> bool) {
    let rows: Vec<&Row> = report.rows.iter().filter(|r| keep(r)).collect();
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n#### {title} ({})\n\n| from | to | service | verdict | flows | bytes | why |\n|---|---|---|---|---|---|---|\n",
        rows.len()
    );
    for r in rows.iter().take(LISTED) {
        let why: Vec<String> = r
            .invariants
            .iter()
            .map(|i| code(&i.invariant))
            .chain(r.rules.iter().map(|x| code(&x.rule)))
            .collect();
        let verdict = match r.candidate_verdict {
            Some(c) => format!("{} → {}", r.verdict.as_str(), c.as_str()),
            None => r.verdict.as_str().to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {verdict} | {} | {} | {} |",
            code(zone(&r.from)),
            code(zone(&r.to)),
            service(r),
            r.count,
            r.bytes,
            why.join(", ")
        );
    }
    if rows.len() > LISTED {
        let _ = writeln!(out, "\n… and {} more.", rows.len() - LISTED);
    }
}
