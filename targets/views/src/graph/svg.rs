//! The zone graph as a standalone SVG drawing: a legend of label colours,
//! then the layered layout with rounded zone boxes, curved arrows and
//! service labels. Text widths are estimated for a monospace font, which is
//! what the drawing asks for, so boxes fit their text.

use super::layout::{self, Input, Layout, Point, Size};
use super::plan::{self, Plan, PlanNode};
use super::{colours, ZoneGraph, PALETTE};
use std::fmt::Write;
use zonec_escape::xml::text as escape;

const NAME_CHAR: f64 = 7.8;
const SMALL_CHAR: f64 = 6.1;
const LINE: f64 = 12.0;
const LEGEND_HEIGHT: f64 = 30.0;
/// Edge labels wrap at this many characters (at a `, `).
const LABEL_COLUMNS: usize = 26;

/// The drawing as an SVG document.
pub fn svg(graph: &ZoneGraph) -> String {
    render(graph, None)
}

/// The drawing with each zone linked to `#{prefix}{zone name}`, for pages
/// that hold the zone's details (the audit report).
pub fn svg_linked(graph: &ZoneGraph, prefix: &str) -> String {
    render(graph, Some(prefix))
}

fn render(graph: &ZoneGraph, link: Option<&str>) -> String {
    let plan = plan::plan(graph);
    let labels: Vec<Vec<String>> = plan.edges.iter().map(|e| wrap(&e.services)).collect();
    let junctions: Vec<Vec<String>> = plan
        .nodes
        .iter()
        .map(|n| match n {
            PlanNode::Junction { services } => wrap(services),
            PlanNode::Zone(_) => Vec::new(),
        })
        .collect();
    let mut input = plan::input(
        &plan,
        |z| node_size(&graph.nodes[z]),
        |_| Size { w: 0.0, h: 0.0 },
    );
    for (i, e) in input.edges.iter_mut().enumerate() {
        e.2 = label_size(&labels[i]);
    }
    for (i, lines) in junctions.iter().enumerate() {
        if matches!(plan.nodes[i], PlanNode::Junction { .. }) {
            input.nodes[i] = label_size(lines);
        }
    }
    let lay = layout::layout(&input);
    let width = lay.width.max(legend_width(graph)).ceil();
    let height = (lay.height + LEGEND_HEIGHT).ceil();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"zone-graph\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace\" \
         font-size=\"12\" role=\"img\">"
    );
    out.push_str("<title>Zone graph: zones and the flows allowed between them</title>\n");
    defs(&mut out);
    legend(&mut out, graph);
    let _ = writeln!(out, "<g transform=\"translate(0,{LEGEND_HEIGHT})\">");
    edges(&mut out, &plan, &lay, &labels);
    junction_boxes(&mut out, &plan, &lay, &input, &junctions);
    nodes(&mut out, graph, &plan, &lay, &input, link);
    out.push_str("</g>\n</svg>\n");
    out
}

/// One arrowhead per edge colour (markers cannot take their path's colour
/// everywhere yet).
fn defs(out: &mut String) {
    out.push_str("<defs>");
    let mut ids: Vec<Option<usize>> = (0..PALETTE.len()).map(Some).collect();
    ids.push(None);
    for id in ids {
        let (stroke, _) = colours(id);
        let _ = write!(
            out,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" \
             markerHeight=\"9\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{stroke}\"/></marker>",
            marker_id(id)
        );
    }
    out.push_str("</defs>\n");
}

fn marker_id(colour: Option<usize>) -> String {
    match colour {
        Some(i) => format!("zonec-arrow-{}", i % PALETTE.len()),
        None => "zonec-arrow-none".to_string(),
    }
}

fn node_size(node: &super::Node) -> Size {
    let name = node.name.chars().count() as f64 * NAME_CHAR;
    let sub = sub_line(node).chars().count() as f64 * SMALL_CHAR;
    Size {
        w: name.max(sub) + 20.0,
        h: 40.0,
    }
}

/// The small second line of a zone box: its labels, or "external".
fn sub_line(node: &super::Node) -> String {
    let mut parts: Vec<String> = node.labels.iter().map(|l| format!("@{l}")).collect();
    if node.external {
        parts.push("external".to_string());
    }
    if parts.is_empty() {
        parts.push("no label".to_string());
    }
    parts.join(" ")
}

fn label_size(lines: &[String]) -> Size {
    if lines.is_empty() {
        return Size { w: 0.0, h: 0.0 };
    }
    let cols = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    Size {
        w: cols as f64 * SMALL_CHAR + 12.0,
        h: lines.len() as f64 * LINE + 4.0,
    }
}

/// Services joined by `, `, wrapped into lines of at most [`LABEL_COLUMNS`]
/// characters where possible.
fn wrap(services: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let piece = if i + 1 < services.len() {
            format!("{s},")
        } else {
            s.clone()
        };
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + piece.chars().count() <= LABEL_COLUMNS => {
                line.push(' ');
                line.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    lines
}

fn legend_width(graph: &ZoneGraph) -> f64 {
    let entries: f64 = graph
        .legend
        .iter()
        .map(|(name, _)| legend_entry_width(&format!("@{name}")))
        .sum();
    layout::MARGIN * 2.0 + entries + legend_entry_width("no label") + legend_entry_width("external")
}

fn legend_entry_width(name: &str) -> f64 {
    (name.chars().count() + 1) as f64 * SMALL_CHAR + 30.0
}

fn legend(out: &mut String, graph: &ZoneGraph) {
    out.push_str("<g class=\"legend\" font-size=\"10\">\n");
    let mut x = layout::MARGIN;
    let y = 10.0;
    let mut entries: Vec<(String, Option<usize>, bool)> = graph
        .legend
        .iter()
        .map(|(n, i)| (format!("@{n}"), Some(*i), false))
        .collect();
    entries.push(("no label".to_string(), None, false));
    entries.push(("external".to_string(), None, true));
    for (name, colour, dashed) in entries {
        let (stroke, fill) = if dashed {
            ("#444", "#ffffff")
        } else {
            colours(colour)
        };
        let dash = if dashed {
            " stroke-dasharray=\"4 2\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"16\" height=\"12\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 21.0,
            y + 10.0,
            escape(&name)
        );
        x += legend_entry_width(&name);
    }
    out.push_str("</g>\n");
}

fn edges(out: &mut String, plan: &Plan, lay: &Layout, labels: &[Vec<String>]) {
    out.push_str("<g class=\"edges\" fill=\"none\" stroke-width=\"1.4\">\n");
    for (i, edge) in plan.edges.iter().enumerate() {
        let (stroke, _) = colours(edge.colour);
        let marker = if edge.arrow {
            format!(" marker-end=\"url(#{})\"", marker_id(edge.colour))
        } else {
            String::new()
        };
        // the lines of a bundle are drawn lighter than single flows
        let style = if edge.services.is_empty() || !edge.arrow {
            " stroke-opacity=\"0.55\" stroke-width=\"1\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<path class=\"edge\" d=\"{}\" stroke=\"{stroke}\"{style}{marker}><title>{}</title></path>",
            path_data(&lay.edges[i].points),
            escape(&edge.title)
        );
    }
    out.push_str("</g>\n<g class=\"edge-labels\" font-size=\"10\" fill=\"#222\">\n");
    for (i, lines) in labels.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
        let p = lay.edges[i].label;
        text_lines(out, p.x, p.y, lines);
    }
    out.push_str("</g>\n");
}

/// Lines of small text whose box starts at `(x, y)`.
fn text_lines(out: &mut String, x: f64, y: f64, lines: &[String]) {
    let _ = write!(out, "<text x=\"{x:.1}\" y=\"{:.1}\">", y + LINE - 1.0);
    for (j, line) in lines.iter().enumerate() {
        let dy = if j == 0 { 0.0 } else { LINE };
        let _ = write!(
            out,
            "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
            escape(line)
        );
    }
    out.push_str("</text>\n");
}

/// The boxes where bundled flows meet, with their services.
fn junction_boxes(
    out: &mut String,
    plan: &Plan,
    lay: &Layout,
    input: &Input,
    labels: &[Vec<String>],
) {
    out.push_str("<g class=\"junctions\" font-size=\"10\" fill=\"#222\">\n");
    for (i, node) in plan.nodes.iter().enumerate() {
        if !matches!(node, PlanNode::Junction { .. }) {
            continue;
        }
        let colour = plan
            .edges
            .iter()
            .find(|e| e.from == i || e.to == i)
            .and_then(|e| e.colour);
        let (stroke, _) = colours(colour);
        let (c, s) = (lay.nodes[i], input.nodes[i]);
        let (x, y) = (c.x - s.w / 2.0, c.y - s.h / 2.0);
        let _ = writeln!(
            out,
            "<rect class=\"junction\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#ffffff\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
            s.w,
            s.h
        );
        text_lines(out, x + 6.0, y + 2.0, &labels[i]);
    }
    out.push_str("</g>\n");
}

/// A smooth path through `points`: cubic segments with vertical tangents.
fn path_data(points: &[Point]) -> String {
    let mut d = String::new();
    if let Some(first) = points.first() {
        let _ = write!(d, "M{:.1},{:.1}", first.x, first.y);
    }
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.x - b.x).abs() < 0.05 {
            let _ = write!(d, " L{:.1},{:.1}", b.x, b.y);
        } else {
            let my = (a.y + b.y) / 2.0;
            let _ = write!(
                d,
                " C{:.1},{my:.1} {:.1},{my:.1} {:.1},{:.1}",
                a.x, b.x, b.x, b.y
            );
        }
    }
    d
}

fn nodes(
    out: &mut String,
    graph: &ZoneGraph,
    plan: &Plan,
    lay: &Layout,
    input: &Input,
    link: Option<&str>,
) {
    out.push_str("<g class=\"nodes\">\n");
    for (i, node) in plan.nodes.iter().enumerate() {
        let PlanNode::Zone(z) = node else {
            continue;
        };
        let node = &graph.nodes[*z];
        let (stroke, fill) = colours(node.colour);
        let (c, s) = (lay.nodes[i], input.nodes[i]);
        let dash = if node.external {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        if let Some(prefix) = link {
            let _ = write!(
                out,
                "<a href=\"#{}{}\">",
                escape(prefix),
                escape(&node.name)
            );
        }
        let _ = writeln!(
            out,
            "<g class=\"zone-node\" data-zone=\"{name}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" \
             fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.6\"{dash}/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111\">{name}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">{}</text></g>",
            c.x - s.w / 2.0,
            c.y - s.h / 2.0,
            s.w,
            s.h,
            c.x,
            c.y - 2.0,
            c.x,
            c.y + 12.0,
            escape(&sub_line(node)),
            name = escape(&node.name),
        );
        if link.is_some() {
            out.push_str("</a>\n");
        }
    }
    out.push_str("</g>\n");
}
