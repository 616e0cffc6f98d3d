//! The zone graph, drawn by zonec itself: nodes are zones, coloured by their
//! most sensitive label; edges are allowed flows, labelled with their
//! services. [`dot`] writes Graphviz text, [`svg`] a finished drawing from
//! zonec's own layered layout (no Graphviz needed).
//!
//! Sensitivity follows declaration order: the first `label` declared is the
//! most sensitive (the language's examples declare `part2` before `phi`
//! before `iot` before `guest`). Zones without labels are grey; external
//! zones have a dashed border.

mod dot;
pub mod layout;
mod order;
mod plan;
mod svg;

pub use dot::dot;
pub use svg::{svg, svg_linked};

use crate::flows;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{Model, ZoneId};

/// One zone as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub zone: ZoneId,
    pub name: String,
    /// Its labels, most sensitive first.
    pub labels: Vec<String>,
    /// Palette index of its most sensitive label (`None`: no label).
    pub colour: Option<usize>,
    pub external: bool,
}

/// One allowed flow: indices into [`ZoneGraph::nodes`] and the services.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub services: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ZoneGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// `(label, palette index)` for every label some zone carries, most
    /// sensitive first.
    pub legend: Vec<(String, usize)>,
}

/// Stroke and fill colours, most sensitive first; labels past the end reuse
/// them in turn.
pub const PALETTE: &[(&str, &str)] = &[
    ("#b03a2e", "#f5d5d1"),
    ("#ca6f1e", "#fae3cc"),
    ("#7d3c98", "#ead7f1"),
    ("#1f618d", "#d4e6f4"),
    ("#117a65", "#d0efe7"),
    ("#7d6608", "#f3ebc4"),
    ("#566573", "#e1e6ea"),
    ("#2e4053", "#d6dce3"),
];

/// Colours of a zone without labels.
pub const UNLABELLED: (&str, &str) = ("#7b7d7d", "#f2f3f4");

/// The stroke and fill of a palette index (or of an unlabelled zone).
pub fn colours(index: Option<usize>) -> (&'static str, &'static str) {
    index.map_or(UNLABELLED, |i| PALETTE[i % PALETTE.len()])
}

/// Build the graph of `model`'s zones and the flows `effective` allows.
pub fn zone_graph(model: &Model, effective: &EffectivePolicy) -> ZoneGraph {
    let nodes: Vec<Node> = model.zone_ids().map(|id| node(model, id)).collect();
    let edges = effective
        .allowed_flows()
        .map(|((a, b), flow)| Edge {
            from: a.index(),
            to: b.index(),
            services: flows::service_names(model, flow),
        })
        .collect();
    let mut used: Vec<usize> = model
        .zones
        .iter()
        .flat_map(|z| z.labels.iter().map(|l| l.index()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let legend = used
        .into_iter()
        .map(|i| (model.labels[i].name.clone(), i))
        .collect();
    ZoneGraph {
        nodes,
        edges,
        legend,
    }
}

fn node(model: &Model, id: ZoneId) -> Node {
    let zone = model.zone(id);
    let mut labels: Vec<usize> = zone.labels.iter().map(|l| l.index()).collect();
    labels.sort_unstable();
    labels.dedup();
    Node {
        zone: id,
        name: zone.name.clone(),
        colour: labels.first().copied(),
        labels: labels
            .iter()
            .map(|&i| model.labels[i].name.clone())
            .collect(),
        external: zone.external,
    }
}
