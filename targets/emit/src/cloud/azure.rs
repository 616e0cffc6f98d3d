//! Azure as Terraform JSON (`azure.tf.json`): an application security
//! group (ASG) per zone, a network security group (NSG) per VNet, and one
//! `azurerm_network_security_rule` per edge, family, action and protocol.
//!
//! - Inside a VNet, both ends are named by their ASGs; a peer outside the
//!   VNet (or placed in more than one network) by its effective prefixes,
//!   one rule per family.
//! - NSG rules are first-match by priority (100 is first). zonec numbers
//!   each direction from 100: every deny first, then every allow, each in
//!   plan order (network, zone, peer). Rules of different edges never
//!   overlap (zone spaces and ASG memberships are disjoint), so only the
//!   deny-before-allow order within an edge matters.
//! - Denies exist only to carve "everything except some ports" out of an
//!   allow-all (`*`), which is the only way to allow other IP protocols.
//! - Priority 4096 in each direction is an explicit deny-all, so Azure's
//!   default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound,
//!   AllowVnetOutBound, AllowInternetOutBound at 65000+) never match.
//! - Azure's `Icmp` protocol matches every type of ICMP (and of ICMPv6 on
//!   IPv6 traffic); a set with some types but not all is inexpressible.

use super::describe;
use super::json::{object, put, render, terraform_head, tf_ref, tf_str};
use super::names::{self, Registry};
use super::plan::{Direction, Edge, Plan};
use super::ports::{allow_and_deny, clauses, relevant, Clause, Vocabulary};
use crate::Artifact;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use zonec_base::{Code, Diagnostic};
use zonec_escape::{cloud, terraform};
use zonec_model::{PortSet, Proto, ZoneId};

/// Priorities zonec uses for its own rules; 4096 is the deny-all.
const FIRST_PRIORITY: u32 = 100;
const DENY_ALL_PRIORITY: u32 = 4096;
/// Azure's "security rules per network security group".
const RULES_PER_NSG: usize = 1000;

#[derive(Clone, Debug)]
enum End {
    Any,
    Asg(ZoneId),
    Prefixes(Vec<String>),
}

#[derive(Clone, Debug)]
struct NsgRule {
    tf: String,
    name: String,
    direction: Direction,
    deny: bool,
    clause: Clause,
    source: End,
    destination: End,
    description: String,
}

pub fn emit(plan: &Plan, diags: &mut Vec<Diagnostic>) -> Vec<Artifact> {
    let mut b = Builder {
        plan,
        diags,
        tf_names: Registry::new("Terraform resource name"),
        az_names: Registry::new("Azure resource name"),
        reported: BTreeSet::new(),
        root: Map::new(),
    };
    b.head();
    for (vnet, zones) in &plan.networks {
        for &zone in zones {
            b.asg(zone);
        }
        b.nsg(vnet);
    }
    b.outputs();
    let root = Value::Object(b.root);
    vec![Artifact {
        path: "cloud/azure.tf.json".into(),
        contents: render(&root),
        sha256: None,
    }]
}

struct Builder<'p, 'm> {
    plan: &'p Plan<'m>,
    diags: &'p mut Vec<Diagnostic>,
    tf_names: Registry,
    az_names: Registry,
    reported: BTreeSet<(ZoneId, ZoneId)>,
    root: Map<String, Value>,
}

impl Builder<'_, '_> {
    fn head(&mut self) {
        let title = match &self.plan.model.policy {
            Some(p) => format!("zonec network security for {}", p.name),
            None => "zonec network security".into(),
        };
        let head = terraform_head(&title, "azurerm", "3.0");
        self.root.extend(head);
        self.root.insert(
            "variable".into(),
            json!({
                "azure_resource_group_name": {"type": "string", "description": "Resource group that holds zonec's security groups"},
                "azure_location": {"type": "string", "description": "Azure region of the security groups (the VNets' region)"},
            }),
        );
    }

    fn claim(&mut self, tf: &str, name: &str, source: &str, span: zonec_base::Span) {
        let results = [
            self.tf_names.claim(tf, source, span),
            self.az_names.claim(name, source, span),
        ];
        self.diags
            .extend(results.into_iter().filter_map(Result::err));
    }

    fn asg(&mut self, zone: ZoneId) {
        let z = self.plan.model.zone(zone);
        let (tf, name) = (
            names::terraform(&[&z.name]),
            names::azure(&["zonec", &z.name]),
        );
        self.claim(&tf, &name, &z.name, z.span);
        let value = object([
            ("name", tf_str(&name)),
            ("location", json!("${var.azure_location}")),
            (
                "resource_group_name",
                json!("${var.azure_resource_group_name}"),
            ),
            ("tags", object([("zonec-zone", tf_str(&z.name))])),
        ]);
        put(
            &mut self.root,
            "resource",
            "azurerm_application_security_group",
            &tf,
            value,
        );
    }

    fn nsg(&mut self, vnet: &str) {
        let span = self
            .plan
            .networks
            .get(vnet)
            .and_then(|z| z.first())
            .and_then(|z| self.plan.placement(*z));
        let span = span.map(|p| p.span).unwrap_or_default();
        let (tf, name) = (
            names::terraform(&["vnet", vnet]),
            names::azure(&["zonec", vnet]),
        );
        self.claim(&tf, &name, vnet, span);
        let value = object([
            ("name", tf_str(&name)),
            ("location", json!("${var.azure_location}")),
            (
                "resource_group_name",
                json!("${var.azure_resource_group_name}"),
            ),
            ("tags", object([("zonec-vnet", tf_str(vnet))])),
        ]);
        put(
            &mut self.root,
            "resource",
            "azurerm_network_security_group",
            &tf,
            value,
        );
        let mut rules = Vec::new();
        for edge in self.plan.edges_in(vnet) {
            rules.extend(self.edge_rules(edge));
        }
        self.check_count(vnet, span, rules.len());
        for direction in [Direction::Ingress, Direction::Egress] {
            let mine = rules.iter().filter(|r| r.direction == direction);
            let (denies, allows): (Vec<&NsgRule>, Vec<&NsgRule>) = mine.partition(|r| r.deny);
            for (i, rule) in denies.into_iter().chain(allows).enumerate() {
                let priority = FIRST_PRIORITY + i as u32;
                if priority >= DENY_ALL_PRIORITY {
                    break;
                }
                let json = self.rule_json(&tf, rule, priority);
                put(
                    &mut self.root,
                    "resource",
                    "azurerm_network_security_rule",
                    &rule.tf,
                    json,
                );
            }
            let deny_all = self.deny_all(vnet, span, direction);
            let json = self.rule_json(&tf, &deny_all, DENY_ALL_PRIORITY);
            put(
                &mut self.root,
                "resource",
                "azurerm_network_security_rule",
                &deny_all.tf,
                json,
            );
        }
    }

    /// `cloud-quota` when a direction has more rules than priorities, or the
    /// NSG more rules than Azure allows.
    fn check_count(&mut self, vnet: &str, span: zonec_base::Span, rules: usize) {
        let slots = (DENY_ALL_PRIORITY - FIRST_PRIORITY) as usize;
        let total = rules + 2;
        if total > RULES_PER_NSG || rules > slots {
            self.diags.push(
                Diagnostic::error(
                    Code::CloudQuota,
                    format!("the network security group of Azure VNet `{vnet}` needs {total} rules, over Azure's limit of {RULES_PER_NSG}"),
                )
                .with_label(span, format!("placed in Azure VNet `{vnet}`"))
                .with_help("each edge needs one rule per protocol and family; fewer distinct flows into this VNet's zones need fewer rules"),
            );
        }
    }

    fn deny_all(&mut self, vnet: &str, span: zonec_base::Span, direction: Direction) -> NsgRule {
        let way = if direction == Direction::Ingress {
            "in"
        } else {
            "out"
        };
        let tf = names::terraform(&["vnet", vnet, "deny_all", way]);
        let name = names::azure(&["zonec-deny-all", direction.word()]);
        let _ = self
            .tf_names
            .claim(&tf, vnet, span)
            .map_err(|d| self.diags.push(d));
        NsgRule {
            tf,
            name,
            direction,
            deny: true,
            clause: Clause {
                protocol: "*",
                ports: Vec::new(),
                set: PortSet::any(),
            },
            source: End::Any,
            destination: End::Any,
            description: format!(
                "zonec: deny all {} traffic not allowed above (overrides Azure's default rules)",
                direction.word()
            ),
        }
    }

    fn edge_rules(&mut self, edge: &Edge) -> Vec<NsgRule> {
        let families = edge.families(&self.plan.spaces);
        if families.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if edge.same_network {
            let ends = self.ends(edge, End::Asg(edge.peer));
            out.extend(self.variant(edge, "asg", &relevant(&families), ends));
        } else {
            for family in families {
                let peer = End::Prefixes(self.plan.space(edge.peer).cidrs(family));
                let ends = self.ends(edge, peer);
                out.extend(self.variant(edge, family.short(), &relevant(&[family]), ends));
            }
        }
        out
    }

    /// `(source, destination)` of an edge whose peer end is `peer`.
    fn ends(&self, edge: &Edge, peer: End) -> (End, End) {
        match edge.direction {
            Direction::Ingress => (peer, End::Asg(edge.local)),
            Direction::Egress => (End::Asg(edge.local), peer),
        }
    }

    fn variant(
        &mut self,
        edge: &Edge,
        tag: &str,
        relevant: &PortSet,
        (source, destination): (End, End),
    ) -> Vec<NsgRule> {
        let (allow, deny) = allow_and_deny(&edge.ports, relevant);
        let allows = clauses(&allow, relevant, &AZURE);
        let denies = deny
            .map(|d| clauses(&d, relevant, &AZURE))
            .unwrap_or(Ok(Vec::new()));
        let (Ok(allows), Ok(denies)) = (allows, denies) else {
            if self.reported.insert(edge.flow()) {
                self.diags.push(icmp_types(self.plan, edge));
            }
            return Vec::new();
        };
        let (local, peer) = (
            self.plan.zone_name(edge.local),
            self.plan.zone_name(edge.peer),
        );
        let way = if edge.direction == Direction::Ingress {
            "from"
        } else {
            "to"
        };
        let span = self.plan.model.zone(edge.local).span;
        let tagged = denies
            .into_iter()
            .map(|c| (true, c))
            .chain(allows.into_iter().map(|c| (false, c)));
        let mut out = Vec::new();
        for (deny, clause) in tagged {
            let action = if deny { "deny" } else { "allow" };
            let proto = if clause.protocol == "*" {
                "all"
            } else {
                clause.protocol
            };
            let parts = [local, way, peer, tag, action, proto];
            let (tf, name) = (names::terraform(&parts), names::azure(&parts));
            self.claim(&tf, &name, local, span);
            let set = clause.set.intersect(relevant);
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
            out.push(NsgRule {
                tf,
                name,
                direction: edge.direction,
                deny,
                clause,
                source: source.clone(),
                destination: destination.clone(),
                description: cloud::azure_description(&text),
            });
        }
        out
    }

    fn rule_json(&self, nsg_tf: &str, rule: &NsgRule, priority: u32) -> Value {
        let mut map = Map::new();
        map.insert("name".into(), tf_str(&rule.name));
        map.insert("priority".into(), json!(priority));
        let direction = if rule.direction == Direction::Ingress {
            "Inbound"
        } else {
            "Outbound"
        };
        map.insert("direction".into(), json!(direction));
        map.insert(
            "access".into(),
            json!(if rule.deny { "Deny" } else { "Allow" }),
        );
        map.insert("protocol".into(), json!(rule.clause.protocol));
        map.insert("source_port_range".into(), json!("*"));
        if rule.clause.ports.is_empty() {
            map.insert("destination_port_range".into(), json!("*"));
        } else {
            map.insert("destination_port_ranges".into(), json!(rule.clause.ports));
        }
        end_json(&mut map, "source", &rule.source, self.plan);
        end_json(&mut map, "destination", &rule.destination, self.plan);
        map.insert(
            "resource_group_name".into(),
            json!("${var.azure_resource_group_name}"),
        );
        map.insert(
            "network_security_group_name".into(),
            tf_ref("azurerm_network_security_group", nsg_tf, "name"),
        );
        map.insert("description".into(), tf_str(&rule.description));
        Value::Object(map)
    }

    fn outputs(&mut self) {
        let mut asgs = Map::new();
        for zones in self.plan.networks.values() {
            for &zone in zones {
                let name = self.plan.zone_name(zone);
                let tf = names::terraform(&[name]);
                asgs.insert(
                    terraform::string(name),
                    tf_ref("azurerm_application_security_group", &tf, "id"),
                );
            }
        }
        let mut nsgs = Map::new();
        for vnet in self.plan.networks.keys() {
            let tf = names::terraform(&["vnet", vnet]);
            nsgs.insert(
                terraform::string(vnet),
                tf_ref("azurerm_network_security_group", &tf, "id"),
            );
        }
        self.root.insert(
            "output".into(),
            json!({
                "zone_application_security_group_ids": {
                    "description": "The ASG of each zone: add every network interface of the zone's workloads to it.",
                    "value": Value::Object(asgs),
                },
                "vnet_network_security_group_ids": {
                    "description": "The NSG of each VNet: associate it with every subnet of the VNet that holds zone workloads.",
                    "value": Value::Object(nsgs),
                },
            }),
        );
    }
}

fn end_json(map: &mut Map<String, Value>, side: &str, end: &End, plan: &Plan) {
    match end {
        End::Any => {
            map.insert(format!("{side}_address_prefix"), json!("*"));
        }
        End::Asg(zone) => {
            let tf = names::terraform(&[plan.zone_name(*zone)]);
            let id = tf_ref("azurerm_application_security_group", &tf, "id");
            map.insert(
                format!("{side}_application_security_group_ids"),
                json!([id]),
            );
        }
        End::Prefixes(cidrs) => {
            map.insert(format!("{side}_address_prefixes"), json!(cidrs));
        }
    }
}

/// Azure's protocol words; its `Icmp` matches ICMP and ICMPv6 alike.
const AZURE: Vocabulary = Vocabulary {
    all: "*",
    tcp: "Tcp",
    udp: "Udp",
    icmp: "Icmp",
    icmp_protos: &[Proto::Icmp, Proto::Icmpv6],
};

fn icmp_types(plan: &Plan, edge: &Edge) -> Diagnostic {
    let flow = edge.flow();
    super::inexpressible(
        plan,
        flow,
        "Azure network security rules",
        format!(
            "the flow allows `{}`, and Azure's `Icmp` protocol matches every ICMP type (ICMP and \
             ICMPv6 alike) or none; allow all of `icmp` (and `icmpv6`) for this flow, or none of it",
            plan.effective.allowed(flow.0, flow.1)
        ),
    )
}
