//! The zone graph as Graphviz DOT text, for people who want to restyle it
//! with their own tools.

use super::{colours, ZoneGraph};
use zonec_escape::dot::quote;

pub fn dot(graph: &ZoneGraph) -> String {
    let mut out = String::from("digraph zones {\n");
    out.push_str("  rankdir=TB;\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\"];\n");
    out.push_str("  edge [fontname=\"monospace\", fontsize=10];\n");
    for node in &graph.nodes {
        let (stroke, fill) = colours(node.colour);
        let mut label = node.name.clone();
        if !node.labels.is_empty() {
            let labels: Vec<String> = node.labels.iter().map(|l| format!("@{l}")).collect();
            label = format!("{label}\n{}", labels.join(" "));
        }
        let style = if node.external {
            ", style=\"rounded,filled,dashed\""
        } else {
            ""
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
    out.push_str("}\n");
    out
}
