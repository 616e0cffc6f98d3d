//! Small HTML helpers shared by the report's sections: escaping (everything
//! that comes from the spec goes through [`esc`]), anchors, links to zones
//! and rules, source locations, and collapsing long tables.

use zonec_base::{Sources, Span};
use zonec_model::{Model, RuleId, ZoneId};

/// Text escaped for HTML content and attribute values
/// (`zonec_escape::html`).
pub(crate) use zonec_escape::html::text as esc;

/// `<code>…</code>` with the text escaped.
pub fn code(s: &str) -> String {
    format!("<code>{}</code>", esc(s))
}

pub fn zone_anchor(model: &Model, z: ZoneId) -> String {
    format!("zone-{}", model.zone(z).name)
}

/// A link to a zone's row in the inventory.
pub fn zone_link(model: &Model, z: ZoneId) -> String {
    let name = esc(&model.zone(z).name);
    format!(
        "<a href=\"#{}\"><code>{name}</code></a>",
        esc(&zone_anchor(model, z))
    )
}

/// Zones as links, separated by `, `.
pub fn zone_links(model: &Model, zones: &[ZoneId]) -> String {
    let links: Vec<String> = zones.iter().map(|&z| zone_link(model, z)).collect();
    links.join(", ")
}

/// Rules are numbered from 1 in source order, as in the rule table.
pub fn rule_anchor(r: RuleId) -> String {
    format!("rule-{}", r.index() + 1)
}

pub fn rule_link(r: RuleId) -> String {
    format!("<a href=\"#{}\">rule {}</a>", rule_anchor(r), r.index() + 1)
}

/// `file.zones:12` for the start of a span (empty if the file is unknown).
pub fn location(sources: &Sources, span: Span) -> String {
    match sources.get(span.file) {
        Some(file) => {
            let (line, _) = file.line_col(span.start as usize);
            format!("{}:{line}", file.name)
        }
        None => String::new(),
    }
}

/// The source text of a span, with runs of whitespace made single spaces.
pub fn source_text(sources: &Sources, span: Span) -> String {
    sources
        .slice(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A list of citations as a compact HTML list (empty string for none).
pub fn cites(cites: &[String]) -> String {
    if cites.is_empty() {
        return String::new();
    }
    let items: Vec<String> = cites
        .iter()
        .map(|c| format!("<li>{}</li>", esc(c)))
        .collect();
    format!("<ul class=\"tight small\">{}</ul>", items.concat())
}

/// Tables with more rows than this are collapsed behind a summary.
pub const LONG_TABLE: usize = 10;

/// Collapse what was written to `out` since `start` (a table of `rows`
/// rows) behind a `<details>` whose summary is `summary` (HTML, already
/// escaped), when it is long. Browsers open it when a link points into it,
/// and the print styles print it open.
pub fn collapse_long(out: &mut String, start: usize, rows: usize, summary: &str) {
    if rows <= LONG_TABLE || !out.is_char_boundary(start) {
        return;
    }
    out.insert_str(
        start,
        &format!("<details class=\"long\"><summary>{summary}</summary>\n"),
    );
    out.push_str("</details>\n");
}
