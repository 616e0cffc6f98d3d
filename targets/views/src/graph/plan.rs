//! What the SVG draws, before layout: zone boxes, and the flows as arrows.
//! Flows that share a destination and a service list (every zone sends
//! `syslog, ntp` to the log collectors) are concentrated: their lines meet
//! at a junction that carries the one label, and one arrow goes on to the
//! destination. Flows sharing a source and services fan out the same way.
//! This keeps a 25-zone policy with hub zones readable; no flow loses its
//! services, and no line is ambiguous.

use super::layout::{Input, Size};
use super::ZoneGraph;
use std::collections::BTreeMap;

/// Concentrate flows only when at least this many share an end and services.
const MIN_BUNDLE: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PlanNode {
    /// Index into [`ZoneGraph::nodes`].
    Zone(usize),
    /// Where bundled flows meet; holds their services.
    Junction { services: Vec<String> },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlanEdge {
    pub from: usize,
    pub to: usize,
    /// The services written on this line (empty: none, a bundle's branch).
    pub services: Vec<String>,
    /// Whether the line ends in an arrowhead (branches into a junction do not).
    pub arrow: bool,
    /// Colour of the line: the palette index of the flow's destination.
    pub colour: Option<usize>,
    /// Tooltip: the flows this line stands for.
    pub title: String,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub nodes: Vec<PlanNode>,
    pub edges: Vec<PlanEdge>,
}

/// A group of flows sharing an end (`into == true`: the destination) and services.
struct Bundle {
    end: usize,
    into: bool,
    services: Vec<String>,
    edges: Vec<usize>,
}

pub(crate) fn plan(graph: &ZoneGraph) -> Plan {
    let mut plan = Plan {
        nodes: (0..graph.nodes.len()).map(PlanNode::Zone).collect(),
        edges: Vec::new(),
    };
    let mut taken = vec![false; graph.edges.len()];
    for bundle in bundles(graph) {
        let edges: Vec<usize> = bundle
            .edges
            .iter()
            .copied()
            .filter(|&e| !taken[e])
            .collect();
        if edges.len() < MIN_BUNDLE {
            continue;
        }
        for &e in &edges {
            taken[e] = true;
        }
        add_bundle(&mut plan, graph, &bundle, &edges);
    }
    for (_, e) in graph.edges.iter().enumerate().filter(|(i, _)| !taken[*i]) {
        plan.edges.push(PlanEdge {
            from: e.from,
            to: e.to,
            services: e.services.clone(),
            arrow: true,
            colour: graph.nodes[e.to].colour,
            title: flow_title(graph, e.from, e.to, &e.services),
        });
    }
    plan
}

/// Candidate bundles, largest first; fan-in before fan-out at equal size.
fn bundles(graph: &ZoneGraph) -> Vec<Bundle> {
    let mut groups: BTreeMap<(bool, usize, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (i, e) in graph.edges.iter().enumerate() {
        groups
            .entry((true, e.to, e.services.clone()))
            .or_default()
            .push(i);
        groups
            .entry((false, e.from, e.services.clone()))
            .or_default()
            .push(i);
    }
    let mut out: Vec<Bundle> = groups
        .into_iter()
        .filter(|(_, edges)| edges.len() >= MIN_BUNDLE)
        .map(|((into, end, services), edges)| Bundle {
            end,
            into,
            services,
            edges,
        })
        .collect();
    out.sort_by(|a, b| {
        b.edges
            .len()
            .cmp(&a.edges.len())
            .then(b.into.cmp(&a.into))
            .then(a.end.cmp(&b.end))
    });
    out
}

fn add_bundle(plan: &mut Plan, graph: &ZoneGraph, bundle: &Bundle, edges: &[usize]) {
    plan.nodes.push(PlanNode::Junction {
        services: bundle.services.clone(),
    });
    let junction = plan.nodes.len() - 1;
    let end = bundle.end;
    let others: Vec<usize> = edges
        .iter()
        .map(|&e| {
            if bundle.into {
                graph.edges[e].from
            } else {
                graph.edges[e].to
            }
        })
        .collect();
    let names: Vec<&str> = others
        .iter()
        .map(|&z| graph.nodes[z].name.as_str())
        .collect();
    let (from_text, to_text) = if bundle.into {
        (
            format!("{{{}}}", names.join(", ")),
            graph.nodes[end].name.clone(),
        )
    } else {
        (
            graph.nodes[end].name.clone(),
            format!("{{{}}}", names.join(", ")),
        )
    };
    let title = format!("{from_text} -> {to_text}: {}", bundle.services.join(", "));
    let trunk_colour = if bundle.into {
        graph.nodes[end].colour
    } else {
        None
    };
    let trunk = if bundle.into {
        (junction, end)
    } else {
        (end, junction)
    };
    plan.edges.push(PlanEdge {
        from: trunk.0,
        to: trunk.1,
        services: Vec::new(),
        arrow: bundle.into,
        colour: trunk_colour,
        title,
    });
    for &z in &others {
        let (from, to, colour) = if bundle.into {
            (z, junction, graph.nodes[end].colour)
        } else {
            (junction, z, graph.nodes[z].colour)
        };
        plan.edges.push(PlanEdge {
            from,
            to,
            services: Vec::new(),
            arrow: !bundle.into,
            colour,
            title: if bundle.into {
                flow_title(graph, z, end, &bundle.services)
            } else {
                flow_title(graph, end, z, &bundle.services)
            },
        });
    }
}

fn flow_title(graph: &ZoneGraph, from: usize, to: usize, services: &[String]) -> String {
    format!(
        "{} -> {}: {}",
        graph.nodes[from].name,
        graph.nodes[to].name,
        services.join(", ")
    )
}

/// The layout problem for a plan, given each zone's box and each label's size.
pub(crate) fn input(
    plan: &Plan,
    zone_size: impl Fn(usize) -> Size,
    label_size: impl Fn(&[String]) -> Size,
) -> Input {
    let nodes = plan
        .nodes
        .iter()
        .map(|n| match n {
            PlanNode::Zone(z) => zone_size(*z),
            PlanNode::Junction { services } => label_size(services),
        })
        .collect();
    let edges = plan
        .edges
        .iter()
        .map(|e| (e.from, e.to, label_size(&e.services)))
        .collect();
    Input { nodes, edges }
}
