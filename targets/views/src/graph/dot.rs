//! The zone graph as Graphviz DOT text, for people who want to restyle it
//! with their own tools: zones in their label colours (the node text lists
//! every label; DOT's stripes do not combine with rounded boxes), one edge
//! per flow with its services, and a legend cluster with one node per label
//! colour used (hatched labels are drawn with `diagonals`).

use super::ZoneGraph;
use zonec_escape::dot::quote;

pub fn dot(graph: &ZoneGraph) -> String {
    let mut out = String::from("digraph zones {\n");
    out.push_str("  rankdir=TB;\n");
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", penwidth=2, fontname=\"monospace\"];\n",
    );
    out.push_str("  edge [fontname=\"monospace\", fontsize=10];\n");
    for node in &graph.nodes {
        let swatch = graph.swatch(node.colour);
        let (stroke, fill) = (swatch.stroke, swatch.fill);
        let mut label = node.name.clone();
        if !node.labels.is_empty() {
            let labels: Vec<String> = node.labels.iter().map(|l| format!("@{l}")).collect();
            label = format!("{label}\n{}", labels.join(" "));
        }
        if node.router {
            label = format!("{label}\n({})", super::svg::ROUTER_NOTE);
        }
        if let Some(parent) = &node.parent {
            label = format!("{label}\n(in {parent})");
        }
        let style = match (node.external, swatch.hatched) {
            (true, true) => ", style=\"rounded,filled,dashed,diagonals\"",
            (true, false) => ", style=\"rounded,filled,dashed\"",
            (false, true) => ", style=\"rounded,filled,diagonals\"",
            (false, false) => "",
        };
        out.push_str(&format!(
            "  {} [label={}, color=\"{stroke}\", fillcolor=\"{fill}\"{style}];\n",
            quote(&node.name),
            quote(&label)
        ));
    }
    for edge in &graph.edges {
        out.push_str(&format!(
            "  {} -> {} [label={}];\n",
            quote(&graph.nodes[edge.from].name),
            quote(&graph.nodes[edge.to].name),
            quote(&edge.services.join(", "))
        ));
    }
    legend(&mut out, graph);
    out.push_str("}\n");
    out
}

/// A cluster with one node per label colour used. Its node names start
/// with `legend:@`, which no zone name can.
fn legend(out: &mut String, graph: &ZoneGraph) {
    if graph.legend.is_empty() {
        return;
    }
    out.push_str(
        "  subgraph cluster_legend {\n    label=\"Labels\";\n    fontname=\"monospace\";\n",
    );
    for (name, i) in &graph.legend {
        let swatch = graph.swatch(Some(*i));
        let style = if swatch.hatched {
            ", style=\"rounded,filled,diagonals\""
        } else {
            ""
        };
        out.push_str(&format!(
            "    {} [label={}, color=\"{}\", fillcolor=\"{}\"{style}];\n",
            quote(&format!("legend:@{name}")),
            quote(&format!("@{name}")),
            swatch.stroke,
            swatch.fill
        ));
    }
    out.push_str("  }\n");
}
