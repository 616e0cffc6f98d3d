//! AWS: one security group per zone per VPC, one rule resource per peer,
//! address and port range, rendered twice ([`terraform`], [`cfn`]).
//!
//! Security groups only allow, and are stateful, so each edge becomes the
//! allow rules of exactly its allowed ports:
//! - a peer in the same VPC (and placed nowhere else) is named by its
//!   security group;
//! - any other peer by its effective prefixes: one CIDR rule per prefix, or,
//!   past [`PREFIX_LIST_AFTER`] prefixes in a family, one managed prefix list
//!   per peer and family, shared by every rule that names the peer;
//! - ports: all protocols (`-1`) when the whole set is allowed, else one rule
//!   per TCP or UDP range and per ICMP/ICMPv6 type (or all types).
//!
//! A set that holds "every other IP protocol" without being everything has
//! no allow-only spelling (`-1` is every protocol; naming the other 252
//! protocol numbers one by one is far over any quota), so it fails with
//! `cloud-inexpressible`.

mod cfn;
mod terraform;

pub use cfn::NO_EGRESS_DESCRIPTION;

use super::names::{self, Registry};
use super::plan::{Direction, Edge, Plan};
use super::ports::{relevant, Icmp, Split};
use super::space::Family;
use super::{describe, quota, CloudOptions};
use crate::Artifact;
use std::collections::BTreeSet;
use zonec_base::Diagnostic;
use zonec_escape::{cloud, cloudformation};
use zonec_model::{PortSet, Proto, ZoneId};

/// A peer with more prefixes than this in one family gets a prefix list.
pub const PREFIX_LIST_AFTER: usize = 2;
/// Entries per prefix list zonec writes: CloudFormation's `Entries` takes at
/// most 100, so longer peer lists are split over several lists.
pub const PREFIX_LIST_ENTRIES: usize = 100;

/// The security group of one zone.
#[derive(Clone, Debug)]
pub struct Group {
    pub zone: ZoneId,
    pub vpc: String,
    /// Terraform resource name and CloudFormation logical ID.
    pub tf: String,
    pub cfn: String,
    /// The AWS group name.
    pub name: String,
    pub description: String,
}

/// A managed prefix list holding one peer zone's prefixes of one family.
#[derive(Clone, Debug)]
pub struct PrefixList {
    pub zone: ZoneId,
    pub family: Family,
    /// Which list of the zone's family prefixes (0 for the first 100).
    pub part: usize,
    pub tf: String,
    pub cfn: String,
    pub name: String,
    pub cidrs: Vec<String>,
}

/// What a rule names on the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    Group(ZoneId),
    Cidr(Family, String),
    /// Index into [`AwsConfig::prefix_lists`].
    PrefixList(usize),
}

/// A rule's protocol and ports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ports {
    All,
    Tcp(u32, u32),
    Udp(u32, u32),
    /// An ICMP type, or every type.
    Icmp(Option<u32>),
    Icmpv6(Option<u32>),
}

impl Ports {
    /// `(ip_protocol, from_port, to_port)` as the EC2 API takes them; ICMP
    /// puts the type in `from_port` and the code (`-1`: every code) in `to_port`.
    pub fn api(self) -> (&'static str, Option<i64>, Option<i64>) {
        let icmp = |t: Option<u32>| (t.map_or(-1, i64::from), -1);
        match self {
            Ports::All => ("-1", None, None),
            Ports::Tcp(a, b) => ("tcp", Some(i64::from(a)), Some(i64::from(b))),
            Ports::Udp(a, b) => ("udp", Some(i64::from(a)), Some(i64::from(b))),
            Ports::Icmp(t) => ("icmp", Some(icmp(t).0), Some(icmp(t).1)),
            Ports::Icmpv6(t) => ("icmpv6", Some(icmp(t).0), Some(icmp(t).1)),
        }
    }

    fn tag(self) -> String {
        match self {
            Ports::All => "all".into(),
            Ports::Tcp(a, b) if a == b => format!("tcp_{a}"),
            Ports::Tcp(a, b) => format!("tcp_{a}_{b}"),
            Ports::Udp(a, b) if a == b => format!("udp_{a}"),
            Ports::Udp(a, b) => format!("udp_{a}_{b}"),
            Ports::Icmp(None) => "icmp".into(),
            Ports::Icmp(Some(t)) => format!("icmp_{t}"),
            Ports::Icmpv6(None) => "icmpv6".into(),
            Ports::Icmpv6(Some(t)) => format!("icmpv6_{t}"),
        }
    }

    /// The points this rule allows, for descriptions.
    fn set(self, relevant: &PortSet) -> PortSet {
        let one = |proto: Proto, t: Option<u32>| match t {
            Some(t) => PortSet::ports(proto, t, t),
            None => PortSet::proto(proto),
        };
        match self {
            Ports::All => relevant.clone(),
            Ports::Tcp(a, b) => PortSet::ports(Proto::Tcp, a, b),
            Ports::Udp(a, b) => PortSet::ports(Proto::Udp, a, b),
            Ports::Icmp(t) => one(Proto::Icmp, t),
            Ports::Icmpv6(t) => one(Proto::Icmpv6, t),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub group: ZoneId,
    pub direction: Direction,
    /// The zone on the other side (named by `peer`).
    pub peer_zone: ZoneId,
    pub peer: Peer,
    pub ports: Ports,
    pub tf: String,
    pub cfn: String,
    pub description: String,
}

/// Everything both AWS renderings share.
#[derive(Clone, Debug, Default)]
pub struct AwsConfig {
    pub groups: Vec<Group>,
    pub prefix_lists: Vec<PrefixList>,
    pub rules: Vec<Rule>,
}

impl AwsConfig {
    pub fn group(&self, zone: ZoneId) -> Option<&Group> {
        self.groups.iter().find(|g| g.zone == zone)
    }
}

pub fn emit(plan: &Plan, options: &CloudOptions, diags: &mut Vec<Diagnostic>) -> Vec<Artifact> {
    let config = Builder::new(plan, diags).build();
    diags.extend(quota::aws(plan, &config, options.aws_rules_per_sg));
    let title = title(plan);
    vec![
        Artifact {
            path: "cloud/aws.tf.json".into(),
            contents: terraform::render(plan, &config, &title),
            sha256: None,
        },
        Artifact {
            path: "cloud/aws.cfn.json".into(),
            contents: cfn::render(plan, &config, &title),
            sha256: None,
        },
    ]
}

/// `zonec security groups for <policy name>`, the head of both files.
/// An AWS description of `text`: no CloudFormation dynamic reference, then
/// EC2's character set and length (shared by both AWS files).
fn description(text: &str) -> String {
    cloud::aws_description(&cloudformation::string(text))
}

fn title(plan: &Plan) -> String {
    match &plan.model.policy {
        Some(p) => format!("zonec security groups for {}", p.name),
        None => "zonec security groups".to_string(),
    }
}

struct Builder<'p, 'm> {
    plan: &'p Plan<'m>,
    diags: &'p mut Vec<Diagnostic>,
    config: AwsConfig,
    tf_names: Registry,
    cfn_names: Registry,
    reported: BTreeSet<(ZoneId, ZoneId)>,
}

impl<'p, 'm> Builder<'p, 'm> {
    fn new(plan: &'p Plan<'m>, diags: &'p mut Vec<Diagnostic>) -> Self {
        Builder {
            plan,
            diags,
            config: AwsConfig::default(),
            tf_names: Registry::new("Terraform resource name"),
            cfn_names: Registry::new("CloudFormation logical ID"),
            reported: BTreeSet::new(),
        }
    }

    fn build(mut self) -> AwsConfig {
        for (vpc, zones) in &self.plan.networks {
            for &zone in zones {
                self.group(vpc, zone);
            }
        }
        for edge in &self.plan.edges {
            self.edge(edge);
        }
        self.config
    }

    /// Claim both names of a resource made from the spec name of `zone`.
    fn claim(&mut self, tf: &str, cfn: &str, zone: ZoneId) {
        let z = self.plan.model.zone(zone);
        let results = [
            self.tf_names.claim(tf, &z.name, z.span),
            self.cfn_names.claim(cfn, &z.name, z.span),
        ];
        self.diags
            .extend(results.into_iter().filter_map(Result::err));
    }

    fn group(&mut self, vpc: &str, zone: ZoneId) {
        let z = self.plan.model.zone(zone);
        let (tf, cfn) = (names::terraform(&[&z.name]), names::cfn(&["sg", &z.name]));
        self.claim(&tf, &cfn, zone);
        let about = z
            .description
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        self.config.groups.push(Group {
            zone,
            vpc: vpc.to_string(),
            tf,
            cfn,
            name: format!("zonec-{}", z.name),
            description: description(&format!("zonec zone {}{about}", z.name)),
        });
    }

    fn edge(&mut self, edge: &Edge) {
        let families = edge.families(&self.plan.spaces);
        if families.is_empty() {
            return;
        }
        if edge.same_network {
            self.rules(edge, Peer::Group(edge.peer), "sg", &relevant(&families));
            return;
        }
        for family in families {
            let cidrs = self.plan.space(edge.peer).cidrs(family);
            let all = relevant(&[family]);
            if cidrs.len() > PREFIX_LIST_AFTER {
                for (part, chunk) in cidrs.chunks(PREFIX_LIST_ENTRIES).enumerate() {
                    let (index, tag) = self.prefix_list(edge.peer, family, part, chunk);
                    self.rules(edge, Peer::PrefixList(index), &tag, &all);
                }
            } else {
                for cidr in cidrs {
                    self.rules(edge, Peer::Cidr(family, cidr.clone()), &cidr, &all);
                }
            }
        }
    }

    /// Part `part` of the prefix lists of `zone`'s `family` prefixes (made
    /// on first use).
    fn prefix_list(
        &mut self,
        zone: ZoneId,
        family: Family,
        part: usize,
        cidrs: &[String],
    ) -> (usize, String) {
        let tag = match part {
            0 => format!("pl_{}", family.short()),
            n => format!("pl_{}_{}", family.short(), n + 1),
        };
        let found = self
            .config
            .prefix_lists
            .iter()
            .position(|p| p.zone == zone && p.family == family && p.part == part);
        if let Some(i) = found {
            return (i, tag);
        }
        let name = &self.plan.model.zone(zone).name;
        let (tf, cfn) = (names::terraform(&[name, &tag]), names::cfn(&[name, &tag]));
        self.claim(&tf, &cfn, zone);
        self.config.prefix_lists.push(PrefixList {
            zone,
            family,
            part,
            tf,
            cfn,
            name: format!(
                "zonec-{name}-{}",
                tag.trim_start_matches("pl_").replace('_', "-")
            ),
            cidrs: cidrs.to_vec(),
        });
        (self.config.prefix_lists.len() - 1, tag)
    }

    fn rules(&mut self, edge: &Edge, peer: Peer, peer_tag: &str, relevant: &PortSet) {
        let Some(all_ports) = self.ports(edge, relevant) else {
            return;
        };
        let (local, other) = (
            self.plan.zone_name(edge.local),
            self.plan.zone_name(edge.peer),
        );
        let way = match edge.direction {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        };
        for ports in all_ports {
            let tag = ports.tag();
            let tf = names::terraform(&[local, way, other, peer_tag, &tag]);
            let cfn = names::cfn(&[local, way, other, peer_tag, &tag]);
            self.claim(&tf, &cfn, edge.local);
            let text = describe::allow(
                self.plan.model,
                self.plan.effective,
                edge.flow(),
                &ports.set(relevant),
            );
            self.config.rules.push(Rule {
                group: edge.local,
                direction: edge.direction,
                peer_zone: edge.peer,
                peer: peer.clone(),
                ports,
                tf,
                cfn,
                description: description(&text),
            });
        }
    }

    /// The rules' ports for the edge's allowed set within `relevant`, or
    /// `None` (and a diagnostic, once per flow) if AWS cannot say it.
    fn ports(&mut self, edge: &Edge, relevant: &PortSet) -> Option<Vec<Ports>> {
        let split = Split::new(&edge.ports, relevant);
        if split.all {
            return Some(vec![Ports::All]);
        }
        if split.other {
            if self.reported.insert(edge.flow()) {
                self.diags.push(other_protocols(self.plan, edge));
            }
            return None;
        }
        let mut out = Vec::new();
        out.extend(split.tcp.iter().map(|&(a, b)| Ports::Tcp(a, b)));
        out.extend(split.udp.iter().map(|&(a, b)| Ports::Udp(a, b)));
        out.extend(icmp(&split.icmp, Ports::Icmp));
        out.extend(icmp(&split.icmpv6, Ports::Icmpv6));
        Some(out)
    }
}

fn icmp(part: &Icmp, make: fn(Option<u32>) -> Ports) -> Vec<Ports> {
    match part {
        Icmp::None => Vec::new(),
        Icmp::All => vec![make(None)],
        Icmp::Types(ranges) => ranges
            .iter()
            .flat_map(|&(a, b)| a..=b)
            .map(|t| make(Some(t)))
            .collect(),
    }
}

/// The flow allows other IP protocols but not everything.
fn other_protocols(plan: &Plan, edge: &Edge) -> Diagnostic {
    let (src, dst) = edge.flow();
    super::inexpressible(
        plan,
        (src, dst),
        "AWS security groups",
        format!(
            "the flow allows every other IP protocol but not every port (`{}`), and a security \
             group rule allows either every protocol (`-1`) or named protocols one at a time; \
             name the protocols the flow needs instead of `any` (for example \
             `tcp/1-65535, udp/1-65535, icmp`), or allow every port",
            plan.effective.allowed(src, dst)
        ),
    )
}
