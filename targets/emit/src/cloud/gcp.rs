//! GCP as Terraform JSON (`gcp.tf.json`): VPC firewall rules
//! (`google_compute_firewall`) per network, targeting each zone's instances
//! by a network tag named after the zone.
//!
//! - Ingress rules target the local zone's tag; the source is the peer's tag
//!   (`source_tags`) for IPv4 from a peer in the same network and nowhere
//!   else, its effective prefixes (`source_ranges`) otherwise. Egress rules
//!   target the local zone's tag with the peer's prefixes
//!   (`destination_ranges`); GCP has no destination tags.
//! - One rule per edge, family and action, with one `allow`/`deny` block
//!   per protocol. Rules never mix IPv4 and IPv6 ranges, and hold at most
//!   [`RANGES_PER_RULE`] ranges (longer lists continue in `-2`, `-3`, ...).
//! - Priorities: denies at 1000, allows at 2000 (a deny only carves ports
//!   out of an allow-all of the same edge), and deny-all rules at 65534 for
//!   both directions and families, ahead of GCP's implied rules at 65535
//!   (implied allow-egress and deny-ingress).
//! - GCP matches every ICMP type or none (`icmp`, and protocol `58` for
//!   ICMPv6); a set with some types but not all is inexpressible.

use super::describe;
use super::json::{object, put, render, terraform_head, tf_str};
use super::names::{self, Registry};
use super::plan::{Direction, Edge, Plan};
use super::ports::{allow_and_deny, clauses, relevant, Clause, Split, Vocabulary};
use super::space::Family;
use crate::Artifact;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use zonec_base::{Diagnostic, Span};
use zonec_escape::{cloud, terraform};
use zonec_model::{PortSet, Proto, ZoneId};

pub const DENY_PRIORITY: u32 = 1000;
pub const ALLOW_PRIORITY: u32 = 2000;
pub const DENY_ALL_PRIORITY: u32 = 65534;
/// Ranges per rule zonec writes (GCP's own per-rule limits are larger).
pub const RANGES_PER_RULE: usize = 256;

/// A GCP `allow`/`deny` block.
type Block = Clause;

pub fn emit(plan: &Plan, diags: &mut Vec<Diagnostic>) -> Vec<Artifact> {
    let mut b = Builder {
        plan,
        diags,
        names: Registry::new("GCP resource name"),
        tags: Registry::new("GCP network tag"),
        reported: BTreeSet::new(),
        root: Map::new(),
    };
    b.head();
    for (network, zones) in &plan.networks {
        for &zone in zones {
            b.tag(zone);
        }
        for edge in plan.edges_in(network) {
            b.edge(network, edge);
        }
        b.deny_all(network);
    }
    b.outputs();
    let root = Value::Object(b.root);
    vec![Artifact {
        path: "cloud/gcp.tf.json".into(),
        contents: render(&root),
        sha256: None,
    }]
}

/// The network tag of a zone's instances.
pub fn tag(zone: &str) -> String {
    names::gcp(&["zonec", zone])
}

struct Builder<'p, 'm> {
    plan: &'p Plan<'m>,
    diags: &'p mut Vec<Diagnostic>,
    names: Registry,
    tags: Registry,
    reported: BTreeSet<(ZoneId, ZoneId)>,
    root: Map<String, Value>,
}

impl Builder<'_, '_> {
    fn head(&mut self) {
        let title = match &self.plan.model.policy {
            Some(p) => format!("zonec firewall rules for {}", p.name),
            None => "zonec firewall rules".into(),
        };
        let head = terraform_head(&title, "google", "4.0");
        self.root.extend(head);
    }

    fn tag(&mut self, zone: ZoneId) {
        let z = self.plan.model.zone(zone);
        if let Err(d) = self.tags.claim(&tag(&z.name), &z.name, z.span) {
            self.diags.push(d);
        }
    }

    /// A firewall name made from `parts`, claimed for `source` at `span`.
    fn name(&mut self, parts: &[&str], source: &str, span: Span) -> String {
        let name = names::gcp(parts);
        if let Err(d) = self.names.claim(&name, source, span) {
            self.diags.push(d);
        }
        name
    }

    fn edge(&mut self, network: &str, edge: &Edge) {
        for family in edge.families(&self.plan.spaces) {
            let relevant = relevant(&[family]);
            let (allow, deny) = allow_and_deny(&edge.ports, &relevant);
            let allows = blocks(&allow, family, &relevant);
            let denies = deny
                .map(|d| blocks(&d, family, &relevant))
                .unwrap_or(Ok(Vec::new()));
            let (Ok(allows), Ok(denies)) = (allows, denies) else {
                if self.reported.insert(edge.flow()) {
                    self.diags.push(icmp_types(self.plan, edge));
                }
                return;
            };
            for (deny, blocks) in [(true, denies), (false, allows)] {
                if !blocks.is_empty() {
                    self.rules(network, edge, family, deny, &blocks);
                }
            }
        }
    }

    /// The rule(s) of one edge, family and action.
    fn rules(&mut self, network: &str, edge: &Edge, family: Family, deny: bool, blocks: &[Block]) {
        let (local, peer) = (
            self.plan.zone_name(edge.local),
            self.plan.zone_name(edge.peer),
        );
        let ingress = edge.direction == Direction::Ingress;
        let by_tag = ingress && edge.same_network && family == Family::V4;
        let cidrs = if by_tag {
            vec![tag(peer)]
        } else {
            self.plan.space(edge.peer).cidrs(family)
        };
        let set = blocks.iter().fold(PortSet::empty(), |s, b| s.union(&b.set));
        let text = if deny {
            describe::deny(self.plan.model, self.plan.effective, edge.flow(), &set)
        } else {
            describe::allow(
                self.plan.model,
                self.plan.effective,
                edge.flow(),
                &set.intersect(&edge.ports),
            )
        };
        let span = self.plan.model.zone(edge.local).span;
        let (way, action) = (
            if ingress { "from" } else { "to" },
            if deny { "deny" } else { "allow" },
        );
        for (i, chunk) in cidrs.chunks(RANGES_PER_RULE).enumerate() {
            let part = if i == 0 {
                String::new()
            } else {
                (i + 1).to_string()
            };
            let name = self.name(
                &["zonec", local, way, peer, family.short(), action, &part],
                local,
                span,
            );
            let mut map = Map::new();
            map.insert("name".into(), tf_str(&name));
            map.insert("network".into(), tf_str(network));
            map.insert(
                "direction".into(),
                json!(if ingress { "INGRESS" } else { "EGRESS" }),
            );
            map.insert(
                "priority".into(),
                json!(if deny { DENY_PRIORITY } else { ALLOW_PRIORITY }),
            );
            map.insert("target_tags".into(), json!([tag(local)]));
            let key = match (by_tag, ingress) {
                (true, _) => "source_tags",
                (false, true) => "source_ranges",
                (false, false) => "destination_ranges",
            };
            map.insert(key.into(), json!(chunk));
            map.insert(action.into(), blocks_json(blocks));
            map.insert("description".into(), tf_str(&cloud::gcp_description(&text)));
            put(
                &mut self.root,
                "resource",
                "google_compute_firewall",
                &names::terraform(&[&name]),
                Value::Object(map),
            );
        }
    }

    /// Deny-all rules of a network, both directions and families.
    fn deny_all(&mut self, network: &str) {
        let zones = self.plan.networks.get(network);
        let span = zones
            .and_then(|z| z.first())
            .and_then(|z| self.plan.placement(*z))
            .map(|p| p.span);
        let span = span.unwrap_or_default();
        for direction in [Direction::Ingress, Direction::Egress] {
            for family in Family::BOTH {
                let ingress = direction == Direction::Ingress;
                let way = if ingress { "in" } else { "out" };
                let name = self.name(
                    &["zonec", network, "deny-all", way, family.short()],
                    network,
                    span,
                );
                let (dir, key) = if ingress {
                    ("INGRESS", "source_ranges")
                } else {
                    ("EGRESS", "destination_ranges")
                };
                let value = object([
                    ("name", tf_str(&name)),
                    ("network", tf_str(network)),
                    ("direction", json!(dir)),
                    ("priority", json!(DENY_ALL_PRIORITY)),
                    (key, json!([family.everything()])),
                    ("deny", json!([{"protocol": "all"}])),
                    ("description", json!(format!("zonec: deny all {} {} traffic not allowed above (overrides GCP's implied allow-egress)", family_name(family), direction.word()))),
                ]);
                put(
                    &mut self.root,
                    "resource",
                    "google_compute_firewall",
                    &names::terraform(&[&name]),
                    value,
                );
            }
        }
    }

    fn outputs(&mut self) {
        let mut tags = Map::new();
        for zones in self.plan.networks.values() {
            for &zone in zones {
                let name = self.plan.zone_name(zone);
                tags.insert(terraform::string(name), tf_str(&tag(name)));
            }
        }
        self.root.insert(
            "output".into(),
            json!({"zone_network_tags": {
                "description": "The network tag of each zone: add it to every instance of the zone's workloads.",
                "value": Value::Object(tags),
            }}),
        );
    }
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    }
}

fn blocks_json(blocks: &[Block]) -> Value {
    let list: Vec<Value> = blocks
        .iter()
        .map(|b| {
            if b.ports.is_empty() {
                json!({"protocol": b.protocol})
            } else {
                json!({"protocol": b.protocol, "ports": b.ports})
            }
        })
        .collect();
    Value::Array(list)
}

/// The blocks of a split for one family; `Err` when ICMP is partial. GCP
/// names ICMPv6 by its protocol number.
fn blocks(split: &Split, family: Family, relevant: &PortSet) -> Result<Vec<Block>, ()> {
    const V4: Vocabulary = Vocabulary {
        all: "all",
        tcp: "tcp",
        udp: "udp",
        icmp: "icmp",
        icmp_protos: &[Proto::Icmp],
    };
    const V6: Vocabulary = Vocabulary {
        icmp: "58",
        icmp_protos: &[Proto::Icmpv6],
        ..V4
    };
    clauses(
        split,
        relevant,
        if family == Family::V4 { &V4 } else { &V6 },
    )
}

fn icmp_types(plan: &Plan, edge: &Edge) -> Diagnostic {
    let flow = edge.flow();
    super::inexpressible(
        plan,
        flow,
        "GCP firewall rules",
        format!(
            "the flow allows `{}`, and GCP firewall rules match every ICMP type of a protocol or \
             none; allow all of `icmp` (or `icmpv6`) for this flow, or none of it",
            plan.effective.allowed(flow.0, flow.1)
        ),
    )
}
