//! What the SVG draws, before layout: zone boxes, and the flows as arrows.
//! Flows from different sources are never merged: each keeps its own line
//! and its own services label, so every arrow can be followed back to the
//! zone it comes from (a shared line into a hub, labelled once, hid which
//! zones send what). Only flows of ONE source with the same services (a
//! jump host opening `ssh, rdp` to six zones) fan out from a junction that
//! carries their one label: every branch still starts at that source and
//! ends in an arrow at its own destination. This keeps a 25-zone policy
//! with hub zones readable; no flow loses its services, and no line is
//! ambiguous.

use super::layout::{Input, Size};
use super::ZoneGraph;
use std::collections::BTreeMap;

/// Fan flows out only when at least this many share a source and services.
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
    /// Whether the line ends in an arrowhead (the trunk into a junction
    /// does not).
    pub arrow: bool,
    /// Colour of the line: the label index of the flow's destination.
    pub colour: Option<usize>,
    /// Tooltip: the flows this line stands for.
    pub title: String,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub nodes: Vec<PlanNode>,
    pub edges: Vec<PlanEdge>,
}

/// A group of flows sharing a source and services.
struct Bundle {
    source: usize,
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

/// Candidate bundles, largest first, then by source.
fn bundles(graph: &ZoneGraph) -> Vec<Bundle> {
    let mut groups: BTreeMap<(usize, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (i, e) in graph.edges.iter().enumerate() {
        groups
            .entry((e.from, e.services.clone()))
            .or_default()
            .push(i);
    }
    let mut out: Vec<Bundle> = groups
        .into_iter()
        .filter(|(_, edges)| edges.len() >= MIN_BUNDLE)
        .map(|((source, services), edges)| Bundle {
            source,
            services,
            edges,
        })
        .collect();
    out.sort_by(|a, b| {
        b.edges
            .len()
            .cmp(&a.edges.len())
            .then(a.source.cmp(&b.source))
    });
    out
}

/// The trunk from the source into the junction, and one arrow per flow
/// from the junction to its destination.
fn add_bundle(plan: &mut Plan, graph: &ZoneGraph, bundle: &Bundle, edges: &[usize]) {
    plan.nodes.push(PlanNode::Junction {
        services: bundle.services.clone(),
    });
    let junction = plan.nodes.len() - 1;
    let source = bundle.source;
    let targets: Vec<usize> = edges.iter().map(|&e| graph.edges[e].to).collect();
    let names: Vec<&str> = targets
        .iter()
        .map(|&z| graph.nodes[z].name.as_str())
        .collect();
    plan.edges.push(PlanEdge {
        from: source,
        to: junction,
        services: Vec::new(),
        arrow: false,
        colour: None,
        title: format!(
            "{} -> {{{}}}: {}",
            graph.nodes[source].name,
            names.join(", "),
            bundle.services.join(", ")
        ),
    });
    for &z in &targets {
        plan.edges.push(PlanEdge {
            from: junction,
            to: z,
            services: Vec::new(),
            arrow: true,
            colour: graph.nodes[z].colour,
            title: flow_title(graph, source, z, &bundle.services),
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
