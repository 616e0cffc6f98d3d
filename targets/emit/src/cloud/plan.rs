//! The cloud-neutral plan: which zones a provider hosts, in which networks,
//! and every *edge* it must enforce. An edge is one placed zone, one peer
//! zone, a direction and the allowed ports: the flow `peer -> zone` is an
//! ingress edge of `zone`, the flow `zone -> peer` an egress edge. A flow
//! between two zones of the same cloud is two edges, one at each end.

use super::space::{Family, Spaces, ZoneSpace};
use std::collections::BTreeMap;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{AddressTable, CloudPlacement, CloudProvider, Model, PortSet, ZoneId};

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Ingress => "inbound",
            Direction::Egress => "outbound",
        }
    }
}

/// One enforcement point of one flow.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The zone placed in this cloud whose group enforces the edge.
    pub local: ZoneId,
    pub peer: ZoneId,
    pub direction: Direction,
    /// Allowed ports of the flow (before restriction to families).
    pub ports: PortSet,
    /// The peer is placed in the same network and nowhere else, so the rule
    /// can name the peer's group (security group, ASG, network tag) instead
    /// of its addresses.
    pub same_network: bool,
}

impl Edge {
    /// `(source, destination)` of the flow this edge enforces.
    pub fn flow(&self) -> (ZoneId, ZoneId) {
        match self.direction {
            Direction::Ingress => (self.peer, self.local),
            Direction::Egress => (self.local, self.peer),
        }
    }

    /// Families whose traffic can flow on this edge: both ends need
    /// addresses of the family.
    pub fn families(&self, spaces: &Spaces) -> Vec<Family> {
        let (a, b) = (spaces.zone(self.local), spaces.zone(self.peer));
        Family::BOTH
            .into_iter()
            .filter(|&f| a.has(f) && b.has(f))
            .collect()
    }
}

pub struct Plan<'m> {
    pub model: &'m Model,
    pub effective: &'m EffectivePolicy,
    pub provider: CloudProvider,
    pub spaces: Spaces,
    /// Network name → the zones placed in it, by zone id.
    pub networks: BTreeMap<String, Vec<ZoneId>>,
    /// Every edge, sorted by (network, local zone, direction, peer).
    pub edges: Vec<Edge>,
}

impl<'m> Plan<'m> {
    pub fn new(
        model: &'m Model,
        effective: &'m EffectivePolicy,
        addresses: &AddressTable,
        provider: CloudProvider,
    ) -> Self {
        let mut networks: BTreeMap<String, Vec<ZoneId>> = BTreeMap::new();
        for id in model.zone_ids() {
            if let Some(p) = placement(model, id, provider) {
                networks.entry(p.network.clone()).or_default().push(id);
            }
        }
        let mut plan = Plan {
            model,
            effective,
            provider,
            spaces: Spaces::new(addresses),
            networks,
            edges: Vec::new(),
        };
        plan.edges = plan.collect_edges();
        plan
    }

    /// The placement of a zone in this plan's cloud, if any.
    pub fn placement(&self, zone: ZoneId) -> Option<&'m CloudPlacement> {
        placement(self.model, zone, self.provider)
    }

    pub fn space(&self, zone: ZoneId) -> &ZoneSpace {
        self.spaces.zone(zone)
    }

    pub fn zone_name(&self, zone: ZoneId) -> &'m str {
        &self.model.zone(zone).name
    }

    /// Edges of the zones of one network, in plan order.
    pub fn edges_in<'a>(&'a self, network: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| {
            self.placement(e.local)
                .is_some_and(|p| p.network == network)
        })
    }

    fn collect_edges(&self) -> Vec<Edge> {
        let mut edges = self.self_edges();
        let router = |z| self.model.is_self(z);
        for ((src, dst), flow) in self.effective.allowed_flows() {
            if router(src) || router(dst) {
                continue; // only the router enforces its own traffic
            }
            for (local, peer, direction) in [
                (dst, src, Direction::Ingress),
                (src, dst, Direction::Egress),
            ] {
                let Some(here) = self.placement(local) else {
                    continue;
                };
                let same_network = self
                    .placement(peer)
                    .is_some_and(|p| p.network == here.network)
                    && self.model.zone(peer).cloud.len() == 1;
                edges.push(Edge {
                    local,
                    peer,
                    direction,
                    ports: flow.ports.clone(),
                    same_network,
                });
            }
        }
        let key = |e: &Edge| {
            let network = self.placement(e.local).map(|p| p.network.clone());
            (network, e.local, e.direction, e.peer)
        };
        edges.sort_by_cached_key(key);
        edges
    }
}

impl Plan<'_> {
    /// Traffic inside a zone is always allowed (the language's meaning), but
    /// in a cloud it crosses the zone's own group: each placed zone allows
    /// everything from and to itself.
    fn self_edges(&self) -> Vec<Edge> {
        let mut edges = Vec::new();
        for zone in self.networks.values().flatten().copied() {
            for direction in [Direction::Ingress, Direction::Egress] {
                edges.push(Edge {
                    local: zone,
                    peer: zone,
                    direction,
                    ports: PortSet::any(),
                    same_network: self.model.zone(zone).cloud.len() == 1,
                });
            }
        }
        edges
    }
}

fn placement(model: &Model, zone: ZoneId, provider: CloudProvider) -> Option<&CloudPlacement> {
    model
        .zone(zone)
        .cloud
        .iter()
        .find(|p| p.provider == provider)
}
