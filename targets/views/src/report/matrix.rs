//! The reachability matrix: one row per source zone, one column per
//! destination, every cell present (zones² of them, each `td.cell` with
//! `data-from`/`data-to`). A cell lists the services allowed directly; a
//! hatched cell is reachable only through other zones (a pivot).

use super::html::{esc, zone_anchor};
use super::inventory::swatch;
use super::ReportInput;
use crate::flows;
use crate::graph::{self, palette, palette::Swatch};
use std::fmt::Write;
use zonec_model::ZoneId;

pub fn matrix(out: &mut String, input: &ReportInput) {
    let model = input.model;
    out.push_str("<section id=\"matrix\" class=\"page\">\n<h2>Reachability matrix</h2>\n");
    out.push_str("<p>Rows are sources, columns destinations. A filled cell lists the services the source may open to the destination directly (coloured by the destination's most sensitive label). A hatched cell marked <em>via</em> has no direct flow, but the destination is reachable through other zones: a compromised host could pivot there. Traffic inside a zone (the dark diagonal) does not cross the firewall.</p>\n");
    let swatches = graph::label_swatches(model);
    let examples: String = swatches.iter().take(2).map(|&s| swatch(s)).collect();
    let _ = write!(
        out,
        "<p class=\"legend-row small\"><span>{examples}direct flow, in the colour of the destination's label</span>"
    );
    out.push_str("<span><span class=\"swatch via\"></span>reachable via a pivot</span><span><span class=\"swatch\" style=\"background:#c9d1d9;border-color:#8c959f\"></span>same zone (—)</span><span><span class=\"swatch\" style=\"background:#fff;border-color:#d0d7de\"></span>no flow</span></p>\n");
    let _ = write!(
        out,
        "<div class=\"matrix-wrap\"><table class=\"matrix\" data-zones=\"{}\">\n<colgroup><col class=\"rowhead\"></colgroup>\n<tr><th class=\"corner\">from \\ to</th>",
        model.zones.len()
    );
    for b in model.zone_ids() {
        let _ = write!(
            out,
            "<th class=\"col\" scope=\"col\">{}</th>",
            esc(&model.zone(b).name)
        );
    }
    out.push_str("</tr>\n");
    for a in model.zone_ids() {
        let _ = write!(
            out,
            "<tr><th class=\"row\" scope=\"row\"><a href=\"#{}\">{}</a></th>",
            esc(&zone_anchor(model, a)),
            esc(&model.zone(a).name)
        );
        for b in model.zone_ids() {
            out.push_str(&cell(input, &swatches, a, b));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table></div>\n</section>\n");
}

/// A direct flow into a zone without labels (the palette's grey would read
/// as the diagonal).
const UNLABELLED_FLOW: &str = "#e3ecf7";

fn cell(input: &ReportInput, swatches: &[Swatch], a: ZoneId, b: ZoneId) -> String {
    let model = input.model;
    let (from, to) = (esc(&model.zone(a).name), esc(&model.zone(b).name));
    let attrs = format!("data-from=\"{from}\" data-to=\"{to}\"");
    if a == b {
        return format!("<td class=\"cell self\" {attrs}>—</td>");
    }
    let flow = input
        .analysis
        .effective
        .flow(a, b)
        .filter(|f| !f.ports.is_empty());
    if let Some(flow) = flow {
        let fill = match most_sensitive(input, b) {
            // the tint alone: a hatched cell means "via" here
            Some(i) => palette::of(swatches, Some(i)).fill,
            None => UNLABELLED_FLOW,
        };
        let services = flows::service_names(model, flow).join(", ");
        return format!(
            "<td class=\"cell direct\" {attrs} style=\"background:{fill}\" title=\"{from} -&gt; {to}: {}\">{}</td>",
            esc(&flow.ports.to_string()),
            esc(&services)
        );
    }
    if input.analysis.reaches(a, b) {
        return format!("<td class=\"cell via\" {attrs} title=\"{from} reaches {to} only through other zones\">via</td>");
    }
    format!("<td class=\"cell none\" {attrs}></td>")
}

fn most_sensitive(input: &ReportInput, z: ZoneId) -> Option<usize> {
    input.model.zone(z).labels.iter().map(|l| l.index()).min()
}
