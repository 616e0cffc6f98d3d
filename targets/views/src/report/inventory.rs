//! The zone inventory (labels, prefixes, VLAN, cloud placement of every
//! zone), the label table (descriptions and citations), and the zone graph
//! drawn by [`crate::graph`].

use super::html::{cites, code, collapse_long, esc, location, zone_anchor, zone_links};
use super::ReportInput;
use crate::graph::{self, palette, palette::Swatch};
use std::fmt::Write;
use zonec_model::{LabelId, Model, Zone, ZoneId};

pub fn inventory(out: &mut String, input: &ReportInput) {
    let model = input.model;
    out.push_str("<section id=\"zones\">\n<h2>Zone inventory</h2>\n");
    out.push_str("<p>Every zone, with the data it holds (labels), the addresses that belong to it (an address belongs to the zone with the longest prefix containing it), and where it runs.</p>\n");
    let start = out.len();
    out.push_str("<table class=\"wide zones\"><tr><th>zone</th><th>labels</th><th>description</th><th>prefixes</th><th>VLAN</th><th>cloud placement</th></tr>\n");
    for id in model.zone_ids() {
        zone_row(out, input, id);
    }
    out.push_str("</table>\n");
    let n = model.zones.len();
    collapse_long(out, start, n, &format!("{n} zones: show the inventory"));
    out.push_str("</section>\n");
    labels(out, input);
}

fn zone_row(out: &mut String, input: &ReportInput, id: ZoneId) {
    let model = input.model;
    let zone = model.zone(id);
    let mut name = code(&zone.name);
    if zone.external {
        name.push_str(" <span class=\"muted small\">external</span>");
    }
    if model.is_self(id) {
        name.push_str(" <span class=\"muted small\">the router itself: its own services and the traffic it originates</span>");
    }
    let prefixes: Vec<String> = zone
        .prefixes
        .iter()
        .map(|p| code(&p.net.to_string()))
        .collect();
    let _ = writeln!(
        out,
        "<tr class=\"zone\" id=\"{}\" data-zone=\"{}\"><td>{name}<div class=\"loc\">{}</div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(&zone_anchor(model, id)),
        esc(&zone.name),
        esc(&location(input.sources, zone.span)),
        label_chips(model, &zone.labels),
        zone.description.as_deref().map(esc).unwrap_or_default(),
        prefixes.join("<br>"),
        vlan(zone),
        cloud(zone),
    );
}

/// Labels as coloured chips linking to the label table.
pub fn label_chips(model: &Model, labels: &[LabelId]) -> String {
    let swatches = graph::label_swatches(model);
    let mut ids: Vec<LabelId> = labels.to_vec();
    ids.sort();
    ids.dedup();
    ids.iter()
        .map(|&l| {
            let name = &model.label(l).name;
            format!(
                "<a class=\"label-chip\" href=\"#label-{0}\">{1}<code>@{0}</code></a>",
                esc(name),
                swatch(palette::of(&swatches, Some(l.index())))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small square in a label's colours (hatched like the graph draws it).
pub fn swatch(s: Swatch) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:{};border-color:{}\"></span>",
        palette::css_background(s),
        s.stroke
    )
}

fn vlan(zone: &Zone) -> String {
    match &zone.vlan {
        Some(v) => match &v.name {
            Some(n) => format!("{} <span class=\"muted\">{}</span>", v.id, esc(n)),
            None => v.id.to_string(),
        },
        None => String::new(),
    }
}

fn cloud(zone: &Zone) -> String {
    let parts: Vec<String> = zone
        .cloud
        .iter()
        .map(|c| format!("{} {}", esc(c.provider.field()), code(&c.network)))
        .collect();
    parts.join("<br>")
}

fn labels(out: &mut String, input: &ReportInput) {
    let model = input.model;
    out.push_str("<section id=\"labels\">\n<h2>Labels</h2>\n");
    out.push_str("<p>Data classifications, most sensitive first (declaration order), with the regulations they cite. A zone is drawn in the colour of its most sensitive label, with a stripe for each other label. The colours (Paul Tol's colour-blind-safe <em>muted</em> palette) are fixed for Part 2, PHI, vendor, DMZ, clinical and management labels.</p>\n");
    let swatches = graph::label_swatches(model);
    let start = out.len();
    out.push_str("<table class=\"wide labels\"><tr><th>label</th><th>description</th><th>citations</th><th>zones</th></tr>\n");
    for (i, label) in model.labels.iter().enumerate() {
        let zones: Vec<ZoneId> = model
            .zone_ids()
            .filter(|&z| model.zone(z).labels.contains(&LabelId::from_index(i)))
            .collect();
        let _ = writeln!(
            out,
            "<tr id=\"label-{0}\"><td class=\"nw\">{4}<code>@{0}</code></td><td>{1}</td><td>{2}</td><td>{3}</td></tr>",
            esc(&label.name),
            label.description.as_deref().map(esc).unwrap_or_default(),
            cites(&label.cites),
            zone_links(model, &zones),
            swatch(palette::of(&swatches, Some(i))),
        );
    }
    out.push_str("</table>\n");
    let n = model.labels.len();
    collapse_long(out, start, n, &format!("{n} labels: show the table"));
    out.push_str("</section>\n");
}

pub fn graph(out: &mut String, input: &ReportInput) {
    let g = graph::zone_graph(input.model, &input.analysis.effective);
    out.push_str("<section id=\"graph\">\n<h2>Zone graph</h2>\n");
    out.push_str("<p>Zones (boxes, coloured by their most sensitive label, with a stripe for each other label; dashed: external; the legend above the drawing lists every colour) and the flows allowed between them (one arrow per flow, labelled with its services, after every deny). Click a zone for its inventory row.</p>\n");
    let _ = writeln!(
        out,
        "<figure class=\"graph\">\n{}</figure>\n</section>",
        graph::svg_linked(&g, "zone-")
    );
}
