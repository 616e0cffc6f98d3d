//! The rule table (every `allow` and `deny` with its zones, services,
//! reason, ticket, expiry and the lints that point into it) and the other
//! findings: warnings that belong to no rule.

use super::html::{code, collapse_long, esc, location, rule_anchor, source_text, zone_links};
use super::ReportInput;
use std::fmt::Write;
use zonec_base::{Diagnostic, Span};
use zonec_model::{Action, Rule};

pub fn rules(out: &mut String, input: &ReportInput) {
    out.push_str("<section id=\"rules\" class=\"page\">\n<h2>Rules</h2>\n");
    out.push_str("<p>Every rule, numbered in source order. A deny wins over every allow it overlaps, whatever the order; the matrix above shows the result.</p>\n");
    let start = out.len();
    out.push_str("<table class=\"wide rules\"><tr><th>#</th><th>rule as written</th><th>from</th><th>to</th><th>services</th><th>reason</th><th>ticket</th><th>expires</th><th>lints</th></tr>\n");
    for id in input.model.rule_ids() {
        let rule = input.model.rule(id);
        let lints: Vec<&Diagnostic> = input
            .warnings
            .iter()
            .filter(|d| inside(d, rule.span))
            .collect();
        let _ = writeln!(
            out,
            "<tr class=\"rule\" id=\"{}\"><td>{}<div class=\"loc\">{}</div></td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rule_anchor(id),
            id.index() + 1,
            esc(&location(input.sources, rule.span)),
            action_badge(rule),
            head_text(input, rule),
            zone_links(input.model, &rule.from),
            zone_links(input.model, &rule.to),
            services(rule),
            rule.meta.reason.as_deref().map(esc).unwrap_or_default(),
            rule.meta.ticket.as_deref().map(esc).unwrap_or_default(),
            expires(input, rule),
            lint_list(&lints),
        );
    }
    out.push_str("</table>\n");
    let rules = &input.model.rules;
    let allows = rules.iter().filter(|r| r.action == Action::Allow).count();
    let summary = format!(
        "{} rules ({allows} allow, {} deny): show the table",
        rules.len(),
        rules.len() - allows
    );
    collapse_long(out, start, rules.len(), &summary);
    out.push_str("</section>\n");
    other_findings(out, input);
}

/// The rule's selectors as written (`@iot -> any except {x}`), without the
/// keyword the badge already shows; arrows never break across lines.
fn head_text(input: &ReportInput, rule: &Rule) -> String {
    let text = source_text(input.sources, rule.head_span);
    let selectors = text
        .strip_prefix("allow")
        .or_else(|| text.strip_prefix("deny"))
        .unwrap_or(&text)
        .trim();
    nowrap_arrows(&code(selectors))
}

/// `->` kept on one line in HTML that is already escaped.
pub fn nowrap_arrows(html: &str) -> String {
    html.replace("-&gt;", "<span class=\"nw\">-&gt;</span>")
}

fn action_badge(rule: &Rule) -> &'static str {
    match rule.action {
        Action::Allow => "<span class=\"badge allow\">allow</span>",
        Action::Deny => "<span class=\"badge deny\">deny</span>",
    }
}

fn services(rule: &Rule) -> String {
    if rule.services.is_empty() {
        return code("any");
    }
    let parts: Vec<String> = rule
        .services
        .iter()
        .map(|s| {
            let ports = s.ports.to_string();
            if ports == s.text {
                code(&s.text)
            } else {
                format!(
                    "{} <span class=\"muted small\">{}</span>",
                    code(&s.text),
                    esc(&ports)
                )
            }
        })
        .collect();
    parts.join("<br>")
}

fn expires(input: &ReportInput, rule: &Rule) -> String {
    let Some(date) = rule.meta.expires else {
        return String::new();
    };
    let days = input.today.days_until(date.date);
    if (0..=30).contains(&days) {
        format!("{date} <span class=\"badge warning\">in {days} day(s)</span>")
    } else {
        date.to_string()
    }
}

/// Whether a diagnostic's primary location lies inside `span`.
fn inside(d: &Diagnostic, span: Span) -> bool {
    d.primary_span()
        .is_some_and(|p| p.file == span.file && p.start >= span.start && p.start < span.end)
}

fn lint_list(lints: &[&Diagnostic]) -> String {
    let items: Vec<String> = lints
        .iter()
        .map(|d| {
            format!(
                "<li><span class=\"badge warning\">{}</span> {}</li>",
                esc(d.code.as_str()),
                esc(&d.message)
            )
        })
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"tight small\">{}</ul>", items.concat())
    }
}

fn other_findings(out: &mut String, input: &ReportInput) {
    let rules = &input.model.rules;
    let others: Vec<&Diagnostic> = input
        .warnings
        .iter()
        .filter(|d| !rules.iter().any(|r| inside(d, r.span)))
        .collect();
    out.push_str("<section id=\"other-lints\">\n<h2>Other findings</h2>\n");
    if others.is_empty() {
        out.push_str("<p>No other warnings.</p>\n</section>\n");
        return;
    }
    let start = out.len();
    let n = others.len();
    out.push_str("<table class=\"wide\"><tr><th>code</th><th>finding</th><th>at</th></tr>\n");
    for d in others {
        let at = d
            .primary_span()
            .map(|s| location(input.sources, s))
            .or_else(|| d.path.clone())
            .unwrap_or_default();
        let help = d
            .help
            .as_deref()
            .map(|h| format!("<br><span class=\"muted small\">{}</span>", esc(h)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td><span class=\"badge warning\">{}</span></td><td>{}{help}</td><td class=\"small muted nw\">{}</td></tr>",
            esc(d.code.as_str()),
            esc(&d.message),
            esc(&at)
        );
    }
    out.push_str("</table>\n");
    collapse_long(out, start, n, &format!("{n} findings: show the table"));
    out.push_str("</section>\n");
}
