//! The zone graph as a standalone SVG drawing: a legend of label colours
//! (wrapped onto as many rows as it needs), then the layered layout with
//! rounded zone boxes (a stripe per extra label), curved arrows and one
//! service label per arrow. Text widths are estimated for a monospace font,
//! which is what the drawing asks for, so boxes fit their text.

use super::layout::{self, Input, Layout, Point, Size};
use super::palette::Swatch;
use super::plan::{self, Plan, PlanNode};
use super::{Node, ZoneGraph};
use std::fmt::Write;
use zonec_escape::xml::text as escape;

const NAME_CHAR: f64 = 7.8;
const SMALL_CHAR: f64 = 6.1;
const LINE: f64 = 12.0;
/// Height of one row of the legend.
const LEGEND_ROW: f64 = 18.0;
/// The legend wraps at this width when the drawing is narrower.
const LEGEND_MIN_WIDTH: f64 = 480.0;
/// Width of a zone box's stripe for each extra label, and its step.
const STRIPE: f64 = 5.0;
const STRIPE_STEP: f64 = 7.0;
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
    let mut input = plan::input(&plan, |z| node_size(&graph.nodes[z]), |_| Size::ZERO);
    for (edge, lines) in input.edges.iter_mut().zip(&labels) {
        edge.2 = label_size(lines);
    }
    for ((size, node), lines) in input.nodes.iter_mut().zip(&plan.nodes).zip(&junctions) {
        if matches!(node, PlanNode::Junction { .. }) {
            *size = label_size(lines);
        }
    }
    let lay = layout::layout(&input);
    let rows = legend_rows(graph, lay.width.max(LEGEND_MIN_WIDTH));
    let legend_height = rows.len() as f64 * LEGEND_ROW + 12.0;
    let legend_width = rows
        .iter()
        .map(|row| row.iter().map(|e| legend_entry_width(&e.text)).sum::<f64>())
        .fold(0.0, f64::max)
        + 2.0 * layout::MARGIN;
    let width = lay.width.max(legend_width).ceil();
    let height = (lay.height + legend_height).ceil();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"zone-graph\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace\" \
         font-size=\"12\" role=\"img\">"
    );
    out.push_str("<title>Zone graph: zones and the flows allowed between them</title>\n");
    defs(&mut out, graph);
    legend(&mut out, graph, &rows);
    let _ = writeln!(out, "<g transform=\"translate(0,{legend_height})\">");
    edges(&mut out, graph, &plan, &lay, &labels);
    junction_boxes(&mut out, graph, &plan, &lay, &input, &junctions);
    nodes(&mut out, graph, &plan, &lay, &input, link);
    out.push_str("</g>\n</svg>\n");
    out
}

/// One arrowhead per label colour in the legend and one for unlabelled
/// destinations (markers cannot take their path's colour everywhere yet),
/// and a hatch pattern per hatched label.
fn defs(out: &mut String, graph: &ZoneGraph) {
    out.push_str("<defs>");
    let ids = graph.legend.iter().map(|(_, i)| Some(*i)).chain([None]);
    for id in ids {
        let stroke = graph.swatch(id).stroke;
        let _ = write!(
            out,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" \
             markerHeight=\"9\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{stroke}\"/></marker>",
            marker_id(id)
        );
    }
    for &(_, i) in &graph.legend {
        let s = graph.swatch(Some(i));
        if s.hatched {
            let _ = write!(
                out,
                "<pattern id=\"zonec-hatch-{i}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
                 patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/>\
                 <rect width=\"2\" height=\"6\" fill=\"{}\" fill-opacity=\"0.5\"/></pattern>",
                s.fill, s.stroke
            );
        }
    }
    out.push_str("</defs>\n");
}

fn marker_id(label: Option<usize>) -> String {
    match label {
        Some(i) => format!("zonec-arrow-{i}"),
        None => "zonec-arrow-none".to_string(),
    }
}

/// The `fill` of a label's area: its tint, or its hatch pattern.
fn fill(label: Option<usize>, s: Swatch) -> String {
    match label {
        Some(i) if s.hatched => format!("url(#zonec-hatch-{i})"),
        _ => s.fill.to_string(),
    }
}

fn node_size(node: &Node) -> Size {
    let name = node.name.chars().count() as f64 * NAME_CHAR;
    let sub = sub_line(node).chars().count() as f64 * SMALL_CHAR;
    // room for the stripes on the left, mirrored on the right so the text
    // stays centred
    let stripes = node.stripes.len() as f64 * STRIPE_STEP * 2.0;
    Size {
        w: name.max(sub) + 20.0 + stripes,
        h: 40.0,
    }
}

/// The second line of the box of `self`.
pub(crate) const ROUTER_NOTE: &str = "the router itself";

/// The small second line of a zone box: its labels, or "external"; `in
/// PARENT` for a member zone.
fn sub_line(node: &Node) -> String {
    let mut parts: Vec<String> = node.labels.iter().map(|l| format!("@{l}")).collect();
    if let Some(parent) = &node.parent {
        parts.push(format!("in {parent}"));
    }
    if node.external {
        parts.push("external".to_string());
    }
    if node.router {
        parts.push(ROUTER_NOTE.to_string());
    }
    if parts.is_empty() {
        parts.push("no label".to_string());
    }
    parts.join(" ")
}

fn label_size(lines: &[String]) -> Size {
    if lines.is_empty() {
        return Size::ZERO;
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

/// One entry of the legend.
struct Entry {
    text: String,
    label: Option<usize>,
    dashed: bool,
}

/// The legend's entries (every label some zone carries, most sensitive
/// first, then "no label" and "external"), in rows no wider than `width`.
fn legend_rows(graph: &ZoneGraph, width: f64) -> Vec<Vec<Entry>> {
    let entries = graph
        .legend
        .iter()
        .map(|(n, i)| Entry {
            text: format!("@{n}"),
            label: Some(*i),
            dashed: false,
        })
        .chain([
            Entry {
                text: "no label".to_string(),
                label: None,
                dashed: false,
            },
            Entry {
                text: "external".to_string(),
                label: None,
                dashed: true,
            },
        ]);
    let mut rows: Vec<Vec<Entry>> = vec![Vec::new()];
    let mut x = layout::MARGIN;
    for entry in entries {
        let w = legend_entry_width(&entry.text);
        if x + w > width - layout::MARGIN && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = layout::MARGIN;
        }
        x += w;
        if let Some(row) = rows.last_mut() {
            row.push(entry);
        }
    }
    rows
}

fn legend_entry_width(name: &str) -> f64 {
    (name.chars().count() + 1) as f64 * SMALL_CHAR + 30.0
}

fn legend(out: &mut String, graph: &ZoneGraph, rows: &[Vec<Entry>]) {
    out.push_str("<g class=\"legend\" font-size=\"10\">\n");
    for (r, row) in rows.iter().enumerate() {
        let y = 8.0 + r as f64 * LEGEND_ROW;
        let mut x = layout::MARGIN;
        for entry in row {
            let s = graph.swatch(entry.label);
            let (stroke, fill) = if entry.dashed {
                ("#444".to_string(), "#ffffff".to_string())
            } else {
                (s.stroke.to_string(), fill(entry.label, s))
            };
            let dash = if entry.dashed {
                " stroke-dasharray=\"4 2\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<g class=\"legend-entry\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"16\" height=\"12\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.6\"{dash}/>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                x + 21.0,
                y + 10.0,
                escape(&entry.text)
            );
            x += legend_entry_width(&entry.text);
        }
    }
    out.push_str("</g>\n");
}

fn edges(out: &mut String, graph: &ZoneGraph, plan: &Plan, lay: &Layout, labels: &[Vec<String>]) {
    out.push_str("<g class=\"edges\" fill=\"none\" stroke-width=\"1.4\">\n");
    for (edge, path) in plan.edges.iter().zip(&lay.edges) {
        let marker = if edge.arrow {
            format!(" marker-end=\"url(#{})\"", marker_id(edge.colour))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<path class=\"edge\" {} d=\"{}\" stroke=\"{}\"{marker}><title>{}</title></path>",
            ends(plan, graph, edge.from, edge.to),
            path_data(&path.points),
            graph.swatch(edge.colour).stroke,
            escape(&edge.title)
        );
    }
    out.push_str("</g>\n<g class=\"edge-labels\" font-size=\"10\" fill=\"#222\">\n");
    for ((edge, path), lines) in plan.edges.iter().zip(&lay.edges).zip(labels) {
        if lines.is_empty() {
            continue;
        }
        let p = path.label;
        let _ = write!(
            out,
            "<g class=\"edge-label\" {}>",
            ends(plan, graph, edge.from, edge.to)
        );
        text_lines(out, p.x, p.y, lines);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// `data-from` and `data-to` naming the zones a line joins (empty for a
/// junction), so a line and its label can be matched by people reading the
/// source and by tests.
fn ends(plan: &Plan, graph: &ZoneGraph, from: usize, to: usize) -> String {
    let name = |i: usize| match plan.nodes.get(i) {
        Some(PlanNode::Zone(z)) => escape(&graph.nodes[*z].name),
        _ => String::new(),
    };
    format!("data-from=\"{}\" data-to=\"{}\"", name(from), name(to))
}

/// The boxes a source's flows fan out from, with their services, outlined
/// in grey like the trunk that leads into them.
fn junction_boxes(
    out: &mut String,
    graph: &ZoneGraph,
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
        let (c, s) = (lay.nodes[i], input.nodes[i]);
        let (x, y) = (c.x - s.w / 2.0, c.y - s.h / 2.0);
        let _ = writeln!(
            out,
            "<rect class=\"junction\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1\"/>",
            s.w,
            s.h,
            graph.swatch(None).stroke,
        );
        text_lines(out, x + 6.0, y + 2.0, &labels[i]);
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
        let (c, s) = (lay.nodes[i], input.nodes[i]);
        let (left, top) = (c.x - s.w / 2.0, c.y - s.h / 2.0);
        if let Some(prefix) = link {
            let _ = write!(
                out,
                "<a href=\"#{}{}\">",
                escape(prefix),
                escape(&node.name)
            );
        }
        let swatch = graph.swatch(node.colour);
        let dash = if node.external {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<g class=\"zone-node\" data-zone=\"{}\"><rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" \
             fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            escape(&node.name),
            s.w,
            s.h,
            fill(node.colour, swatch),
            swatch.stroke,
        );
        stripes(out, graph, node, left, top, s.h);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">{}</text></g>",
            c.x,
            c.y - 2.0,
            escape(&node.name),
            c.x,
            c.y + 12.0,
            escape(&sub_line(node)),
        );
        if link.is_some() {
            out.push_str("</a>\n");
        }
    }
    out.push_str("</g>\n");
}

/// A vertical stripe inside the box's left edge for each of the zone's
/// other labels, in their own colours, most sensitive first.
fn stripes(out: &mut String, graph: &ZoneGraph, node: &Node, left: f64, top: f64, h: f64) {
    for (j, &label) in node.stripes.iter().enumerate() {
        let s = graph.swatch(Some(label));
        let _ = write!(
            out,
            "<rect class=\"stripe\" x=\"{:.1}\" y=\"{:.1}\" width=\"{STRIPE}\" height=\"{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
            left + 4.0 + j as f64 * STRIPE_STEP,
            top + 5.0,
            h - 10.0,
            if s.hatched { fill(Some(label), s) } else { s.stroke.to_string() },
            s.stroke,
        );
    }
}
