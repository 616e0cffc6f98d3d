//! "Observed traffic" (`zonec report --flows`): the rows `zonec flows`
//! classified, worst first, each with the invariants it breaks or that
//! cover it and the rules that decide it, and the records it could not
//! read. Every text (zone names, rule heads, file names, addresses) goes
//! through `html::esc`.

use super::html::{code, collapse_long, esc};
use super::ReportInput;
use std::fmt::Write;
use zonec_analysis::export::Location;
use zonec_flows::report::Row;
use zonec_flows::{Report, Verdict};

pub fn observed(out: &mut String, input: &ReportInput) {
    let Some(report) = input.observed else {
        return;
    };
    let s = &report.summary;
    out.push_str("<section id=\"observed\" class=\"page\">\n<h2>Observed traffic</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} flow record(s) from {} input(s), in {} row(s): one per source zone, destination zone, protocol, port and verdict. \
         Forbidden flows break an invariant (an incident to investigate); blocked ones are flows the policy drops. \
         The direction of {} record(s) was guessed from their ports; {} record(s) could not be read.</p>",
        s.counts.records,
        s.inputs.len(),
        s.rows,
        s.counts.guessed,
        s.counts.malformed
    );
    table(out, report);
    skipped(out, report);
    out.push_str("</section>\n");
}

fn table(out: &mut String, report: &Report) {
    let start = out.len();
    out.push_str("<table class=\"wide\"><tr><th>from</th><th>to</th><th>service</th><th>verdict</th><th>flows</th><th>bytes</th><th>why</th><th>e.g.</th></tr>\n");
    for r in &report.rows {
        let service = match r.port {
            Some(p) => format!("{}/{p}", r.proto),
            None => r.proto.clone(),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
            zone(&r.from),
            zone(&r.to),
            esc(&service),
            verdict(r),
            r.count,
            r.bytes,
            why(r),
            r.samples
                .first()
                .map_or(String::new(), |s| esc(&format!("{} → {}", s.src, s.dst))),
        );
    }
    out.push_str("</table>\n");
    let summary = format!("{} rows: show the table", report.rows.len());
    collapse_long(out, start, report.rows.len(), &summary);
}

fn zone(name: &Option<String>) -> String {
    name.as_deref().map_or("<em>no zone</em>".to_string(), code)
}

fn verdict(r: &Row) -> String {
    let badge = |v: Verdict| {
        let class = match v {
            Verdict::Allowed => "allow",
            Verdict::Forbidden => "violated",
            Verdict::Blocked => "deny",
            Verdict::Unzoned => "warning",
        };
        format!("<span class=\"badge {class}\">{}</span>", v.as_str())
    };
    match r.candidate_verdict {
        Some(c) => format!("{} → {} (candidate)", badge(r.verdict), badge(c)),
        None => badge(r.verdict),
    }
}

fn why(r: &Row) -> String {
    let at = |l: &Option<Location>| {
        l.as_ref().map_or(String::new(), |l| {
            format!(
                "<div class=\"loc\">{}</div>",
                esc(&format!("{}:{}", l.file, l.line))
            )
        })
    };
    let mut parts: Vec<String> = r
        .invariants
        .iter()
        .map(|i| format!("{}{}", code(&i.invariant), at(&i.location)))
        .collect();
    parts.extend(
        r.rules
            .iter()
            .map(|x| format!("{}{}", code(&x.rule), at(&x.location))),
    );
    if parts.is_empty() && r.verdict == Verdict::Blocked {
        parts.push("no allow covers this pair and port".to_string());
    }
    parts.join(" ")
}

fn skipped(out: &mut String, report: &Report) {
    if report.skipped.is_empty() {
        return;
    }
    out.push_str("<h3>Records not read</h3>\n<ul class=\"tight small\">\n");
    for k in &report.skipped {
        let place = k.line.map_or(k.file.clone(), |l| format!("{}:{l}", k.file));
        let _ = writeln!(out, "<li>{}: {}</li>", code(&place), esc(&k.reason));
    }
    out.push_str("</ul>\n");
}
