//! Every invariant with its verdict, reason and citations, and its evidence
//! written out for a person: a broken `forbid` as its witness path (each
//! hop linked to the rules allowing it), a holding `forbid ->*` as its
//! certificate with every flow needed to check it by hand, a holding
//! `forbid ->` or `require` as the pairs checked, a broken `require` as what
//! is missing and which deny removed it. The evidence of a holding
//! invariant is collapsed behind a summary (a certificate can list dozens of
//! flows, and a 25-zone policy has many invariants); a violation's is open.

use super::html::{cites, code, esc, location, rule_link, source_text, zone_link, zone_links};
use super::ReportInput;
use crate::diff::invariant_text;
use std::collections::BTreeSet;
use std::fmt::Write;
use zonec_analysis::effective::Flow;
use zonec_analysis::verdict::{
    Certificate, Checked, ClosedSet, Evidence, Missing, Witness, Witnesses, LISTED,
};
use zonec_analysis::violations::SHOWN;
use zonec_model::{Invariant, InvariantId, InvariantKind, RuleId, ZoneId};

pub fn invariants(out: &mut String, input: &ReportInput) {
    out.push_str("<section id=\"invariants\" class=\"page\">\n<h2>Invariants</h2>\n");
    if input.model.invariants.is_empty() {
        out.push_str("<p>This policy states no invariants.</p>\n");
    }
    for (id, verdict) in input.model.invariant_ids().zip(&input.analysis.verdicts) {
        let inv = input.model.invariant(id);
        let (class, word) = if verdict.holds {
            ("holds", "holds")
        } else {
            ("violated", "violated")
        };
        let _ = writeln!(
            out,
            "<section class=\"invariant {class}\" id=\"inv-{n}\" data-verdict=\"{word}\">\n<h3>{n}. {} <span class=\"badge {class}\">{word}</span></h3>",
            code(&invariant_text(inv)),
            n = id.index() + 1,
        );
        meta(out, input, id);
        let _ = writeln!(out, "<p class=\"meaning\">{}</p>", meaning(input, inv));
        let _ = writeln!(
            out,
            "<details class=\"evidence\"{}><summary>{}</summary>",
            if verdict.holds { "" } else { " open" },
            evidence_summary(&verdict.evidence)
        );
        match &verdict.evidence {
            Evidence::Witnesses(w) => witnesses(out, input, w),
            Evidence::Certificate(c) => certificate(out, input, inv, c),
            Evidence::Checked(c) => checked(out, input, inv, c),
            Evidence::Missing(m) => missing(out, input, m),
        }
        out.push_str("</details>\n</section>\n");
    }
    out.push_str("</section>\n");
}

/// What a collapsed evidence block holds, with its size.
fn evidence_summary(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Witnesses(w) => format!("Witnesses: {} pair(s) break it", w.total),
        Evidence::Certificate(c) => format!("Certificate: {} closed set(s)", c.parts.len()),
        Evidence::Checked(c) => format!("Evidence: {} pair(s) checked", c.pairs),
        Evidence::Missing(m) => format!("What is missing: {} pair(s)", m.pairs.len()),
    }
}

fn meta(out: &mut String, input: &ReportInput, id: InvariantId) {
    let inv = input.model.invariant(id);
    let mut facts = String::new();
    if let Some(reason) = &inv.meta.reason {
        let _ = write!(facts, "<dt>Reason</dt><dd>{}</dd>", esc(reason));
    }
    if let Some(ticket) = &inv.meta.ticket {
        let _ = write!(facts, "<dt>Ticket</dt><dd>{}</dd>", esc(ticket));
    }
    if !inv.meta.cites.is_empty() {
        let _ = write!(
            facts,
            "<dt>Citations</dt><dd>{}</dd>",
            cites(&inv.meta.cites)
        );
    }
    let _ = write!(
        facts,
        "<dt>Declared at</dt><dd class=\"small\">{}</dd>",
        esc(&location(input.sources, inv.span))
    );
    let _ = writeln!(out, "<dl class=\"facts\">{facts}</dl>");
}

/// What the invariant asserts, with its selectors expanded.
fn meaning(input: &ReportInput, inv: &Invariant) -> String {
    let (a, b) = (
        zone_links(input.model, &inv.from),
        zone_links(input.model, &inv.to),
    );
    let s = code(&inv.ports.to_string());
    match inv.kind {
        InvariantKind::Forbid => format!("Asserts: no zone of {{{a}}} has a direct allowed flow on {s} to a zone of {{{b}}} (other than itself)."),
        InvariantKind::ForbidPath => format!("Asserts: no path leads from a zone of {{{a}}} to a zone of {{{b}}} (other than itself) in which every hop but the last is allowed on some port and the last hop on a port of {s}."),
        InvariantKind::Require => format!("Asserts: every zone of {{{a}}} may open every port of {s} to every zone of {{{b}}} (other than itself)."),
    }
}

/// `rule 12` linked, with the rule's head, reason and ticket.
fn rule_ref(input: &ReportInput, r: RuleId) -> String {
    let rule = input.model.rule(r);
    let mut s = format!(
        "{} {}",
        rule_link(r),
        code(&source_text(input.sources, rule.head_span))
    );
    if let Some(reason) = &rule.meta.reason {
        let _ = write!(s, " — {}", esc(reason));
    }
    if let Some(ticket) = &rule.meta.ticket {
        let _ = write!(s, " <span class=\"muted\">(ticket {})</span>", esc(ticket));
    }
    s
}

/// Every listed pair's witness: the first few open, the others folded.
fn witnesses(out: &mut String, input: &ReportInput, w: &Witnesses) {
    let (open, folded) = w.pairs.split_at(w.pairs.len().min(SHOWN));
    for pair in open {
        witness(out, input, pair);
    }
    if !folded.is_empty() {
        let _ = writeln!(
            out,
            "<details class=\"more\"><summary>{} more pair(s) break this invariant</summary>",
            folded.len()
        );
        for pair in folded {
            witness(out, input, pair);
        }
        out.push_str("</details>\n");
    }
    unlisted(out, w.total, w.pairs.len());
}

/// Says how many offending pairs are counted but not listed.
fn unlisted(out: &mut String, total: u64, listed: usize) {
    let rest = total.saturating_sub(listed as u64);
    if rest > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{total} pairs break this invariant; {rest} more are not listed (zonec lists at most {LISTED} per invariant).</p>"
        );
    }
}

fn witness(out: &mut String, input: &ReportInput, w: &Witness) {
    let model = input.model;
    let mut path = vec![zone_link(model, w.from)];
    path.extend(w.hops.iter().map(|h| zone_link(model, h.to)));
    let _ = writeln!(
        out,
        "<div class=\"check witness\"><h4>Witness: {}</h4>\n<ol class=\"path\">",
        path.join(" → ")
    );
    for hop in &w.hops {
        let rules: Vec<String> = hop.rules.iter().map(|&r| rule_ref(input, r)).collect();
        let _ = writeln!(
            out,
            "<li>{} → {} on {}, allowed by:<ul class=\"tight\">{}</ul></li>",
            zone_link(model, hop.from),
            zone_link(model, hop.to),
            code(&hop.ports.to_string()),
            rules
                .iter()
                .map(|r| format!("<li>{r}</li>"))
                .collect::<String>()
        );
    }
    out.push_str("</ol></div>\n");
}

fn certificate(out: &mut String, input: &ReportInput, inv: &Invariant, cert: &Certificate) {
    out.push_str("<div class=\"check certificate\"><h4>Certificate</h4>\n");
    out.push_str("<p>Each set below contains its sources and is <em>closed</em>: every flow allowed out of one of its zones, on any port, ends inside it. So no path from the sources ever leaves the set. The table lists every such flow, so each step can be checked against the rule table; none of them reaches a forbidden destination on a port of the invariant.</p>\n");
    for (i, part) in cert.parts.iter().enumerate() {
        closed_set(out, input, inv, part, i + 1);
    }
    out.push_str("</div>\n");
}

fn closed_set(out: &mut String, input: &ReportInput, inv: &Invariant, set: &ClosedSet, n: usize) {
    let model = input.model;
    let members: BTreeSet<ZoneId> = set.zones.iter().copied().collect();
    let forbidden: Vec<ZoneId> = inv
        .to
        .iter()
        .copied()
        .filter(|&b| match set.sources.as_slice() {
            [a] => model.relates(*a, b),
            _ => true,
        })
        .collect();
    let _ = writeln!(
        out,
        "<p><strong>Set {n}</strong> for sources {{{}}}: {{{}}} ({} zone(s)).<br>Forbidden destinations: {{{}}} on {}.</p>",
        zone_links(model, &set.sources),
        zone_links(model, &set.zones),
        set.zones.len(),
        zone_links(model, &forbidden),
        code(&inv.ports.to_string())
    );
    out.push_str("<table class=\"small closure\"><tr><th>flow out of the set's zones</th><th>allowed ports</th><th>granted by</th><th>stays in the set</th><th>to a forbidden destination on a port of the invariant</th></tr>\n");
    let mut rows = 0;
    for ((a, b), flow) in input.analysis.effective.allowed_flows() {
        if !members.contains(&a) {
            continue;
        }
        rows += 1;
        let mut rules: Vec<String> = flow
            .grants
            .iter()
            .filter(|g| !g.ports.is_empty())
            .map(|g| rule_link(g.rule))
            .collect();
        if flow.segment {
            rules.push(crate::flows::SEGMENT.to_string());
        }
        let hits = forbidden.contains(&b) && flow.ports.overlaps(&inv.ports);
        let _ = writeln!(
            out,
            "<tr><td>{} → {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            zone_link(model, a),
            zone_link(model, b),
            code(&flow.ports.to_string()),
            rules.join(", "),
            if members.contains(&b) {
                "yes"
            } else {
                "<strong>no</strong>"
            },
            if hits { "<strong>yes</strong>" } else { "no" },
        );
    }
    if rows == 0 {
        out.push_str(
            "<tr><td colspan=\"5\">no flow is allowed out of any zone of the set</td></tr>\n",
        );
    }
    out.push_str("</table>\n");
}

/// Direct flows between the invariant's pairs, on any port.
fn pair_flows<'a>(
    input: &'a ReportInput,
    from: &[ZoneId],
    to: &[ZoneId],
) -> Vec<((ZoneId, ZoneId), &'a Flow)> {
    input
        .analysis
        .effective
        .granted_flows()
        .filter(|((a, b), _)| from.binary_search(a).is_ok() && to.binary_search(b).is_ok())
        .collect()
}

fn checked(out: &mut String, input: &ReportInput, inv: &Invariant, c: &Checked) {
    let model = input.model;
    let ports = code(&c.ports.to_string());
    let lead = match inv.kind {
        InvariantKind::Require => format!("Checked {} pair(s): each allows every port of {ports}. The flows:", c.pairs),
        _ => format!("Checked {} pair(s): none has a direct flow on {ports}. Every direct flow between these zones, on any port (none may touch {ports}):", c.pairs),
    };
    let _ = writeln!(
        out,
        "<div class=\"check checked\"><h4>Evidence</h4><p>{lead}</p>"
    );
    let pairs = pair_flows(input, &c.from, &c.to);
    if pairs.is_empty() {
        out.push_str("<p class=\"muted\">no direct flow between these zones at all</p>\n");
    } else {
        out.push_str("<table class=\"small\"><tr><th>flow</th><th>allowed ports</th><th>granted by</th></tr>\n");
        for ((a, b), flow) in pairs {
            let rules: Vec<String> = flow
                .grants
                .iter()
                .filter(|g| !g.ports.is_empty())
                .map(|g| rule_link(g.rule))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
                zone_link(model, a),
                zone_link(model, b),
                code(&flow.ports.to_string()),
                rules.join(", ")
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</div>\n");
}

fn missing(out: &mut String, input: &ReportInput, m: &Missing) {
    let model = input.model;
    out.push_str("<div class=\"check missing\"><h4>What is missing</h4>\n<table class=\"small\"><tr><th>flow</th><th>required ports not allowed</th><th>no allow covers</th><th>removed by</th></tr>\n");
    for p in &m.pairs {
        let denied: Vec<String> = p
            .denied
            .iter()
            .map(|d| {
                format!(
                    "{} on {}",
                    rule_ref(input, d.rule),
                    code(&d.ports.to_string())
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{} → {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            zone_link(model, p.from),
            zone_link(model, p.to),
            code(&p.missing.to_string()),
            if p.uncovered.is_empty() {
                String::new()
            } else {
                code(&p.uncovered.to_string())
            },
            denied.join("<br>")
        );
    }
    out.push_str("</table>\n");
    unlisted(out, m.total, m.pairs.len());
    out.push_str("</div>\n");
}
