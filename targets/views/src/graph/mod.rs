//! The zone graph, drawn by zonec itself: nodes are zones, coloured by their
//! most sensitive label (colours: [`palette`]); edges are allowed flows,
//! one line and one label each. [`dot`] writes Graphviz text, [`svg`] a
//! finished drawing from zonec's own layered layout (no Graphviz needed).
//! Both carry a legend of every label colour used.
//!
//! Sensitivity follows declaration order: the first `label` declared is the
//! most sensitive (the language's examples declare `part2` before `phi`
//! before `iot` before `guest`). A zone with several labels is filled in
//! the colour of its most sensitive one and carries a stripe per other
//! label. Zones without labels are grey; external zones have a dashed
//! border.

mod dot;
pub mod layout;
mod order;
pub mod palette;
mod plan;
mod svg;

pub use dot::dot;
pub use svg::{svg, svg_linked};

use crate::flows;
use palette::Swatch;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{Model, ZoneId};

/// One zone as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub zone: ZoneId,
    pub name: String,
    /// Its labels, most sensitive first.
    pub labels: Vec<String>,
    /// Index of its most sensitive label, whose colour it is drawn in
    /// (`None`: no label).
    pub colour: Option<usize>,
    /// Indices of its other labels, most sensitive first (drawn as stripes).
    pub stripes: Vec<usize>,
    pub external: bool,
    /// The zone is `self`, the enforcing router (drawn with a note saying so).
    pub router: bool,
    /// A member zone's parent (`zone NAME in PARENT`): the box says `in
    /// PARENT`, and no arrow joins them (traffic inside a family is not a
    /// flow).
    pub parent: Option<String>,
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
    /// `(label, label index)` for every label some zone carries, most
    /// sensitive first.
    pub legend: Vec<(String, usize)>,
    /// How each label of the model is drawn, by label index.
    pub swatches: Vec<Swatch>,
}

impl ZoneGraph {
    /// The swatch of a label index (`None`: an unlabelled zone).
    pub fn swatch(&self, label: Option<usize>) -> Swatch {
        palette::of(&self.swatches, label)
    }
}

/// How each label of `model` is drawn, by label index.
pub fn label_swatches(model: &Model) -> Vec<Swatch> {
    palette::swatches(model.labels.iter().map(|l| l.name.as_str()))
}

/// Build the graph of `model`'s zones and the flows `effective` allows.
pub fn zone_graph(model: &Model, effective: &EffectivePolicy) -> ZoneGraph {
    let nodes: Vec<Node> = model.zone_ids().map(|id| node(model, id)).collect();
    let edges = effective
        .granted_flows()
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
        swatches: label_swatches(model),
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
        stripes: labels.iter().skip(1).copied().collect(),
        labels: labels
            .iter()
            .map(|&i| model.labels[i].name.clone())
            .collect(),
        external: zone.external,
        router: model.is_self(id),
        parent: zone.parent.map(|p| model.zone(p).name.clone()),
    }
}
