//! AWS security group semantics, read back from `aws.tf.json` and
//! `aws.cfn.json`:
//! - a group only allows; traffic passes a group if any rule matches
//!   (stateful: replies are not checked, so a flow is checked only in its
//!   own direction);
//! - a rule names a CIDR, a managed prefix list (its entries) or a security
//!   group (the instances that carry it, in the same VPC);
//! - `-1` is every protocol; ICMP `from_port` is the type (`-1` every type)
//!   and `to_port` the code (`-1` every code, anything else matches only
//!   some packets of the type); other protocol numbers match some packets
//!   of "other protocols";
//! - Terraform deletes the default allow-all egress of a new group;
//!   CloudFormation keeps it unless the group declares inline egress rules.
//!
//! Zone `Z`'s instances carry the group tagged `zonec:zone = Z` in the VPC
//! of `Z`'s `aws-vpc`; that is the deployment contract the files state.

use super::eval::{union, AllowRule, Verdict};
use super::matrix::Cloud;
use super::space::{addrs_of, Fam, World};
use serde_json::Value;
use std::collections::BTreeMap;
use zonec_model::{CloudProvider, Model, PortSet, Proto, ZoneId};

#[derive(Clone, Debug)]
enum Peer {
    Group(String),
    Cidrs(Vec<String>),
}

#[derive(Clone, Debug)]
struct Rule {
    group: String,
    ingress: bool,
    peer: Peer,
    protocol: String,
    from: Option<i64>,
    to: Option<i64>,
}

#[derive(Clone, Debug)]
struct Group {
    vpc: String,
    zone: ZoneId,
}

pub struct Aws {
    groups: BTreeMap<String, Group>,
    rules: Vec<Rule>,
    /// Zones' placements: zone → (VPC, placed nowhere else).
    placement: BTreeMap<ZoneId, (String, bool)>,
}

fn placements(model: &Model) -> BTreeMap<ZoneId, (String, bool)> {
    let mut out = BTreeMap::new();
    for id in model.zone_ids() {
        let z = model.zone(id);
        if let Some(p) = z.cloud.iter().find(|p| p.provider == CloudProvider::Aws) {
            out.insert(id, (p.network.clone(), z.cloud.len() == 1));
        }
    }
    out
}

fn zone_of(model: &Model, name: &str) -> ZoneId {
    model
        .zone_by_name(name)
        .unwrap_or_else(|| panic!("group tagged with unknown zone `{name}`"))
}

fn str_of(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
        .to_string()
}

/// `${TYPE.NAME.ATTR}` → NAME.
fn tf_target(v: &Value, kind: &str) -> String {
    let s = str_of(v);
    let inner = s
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not a reference: {s}"));
    let parts: Vec<&str> = inner.split('.').collect();
    assert_eq!(parts.len(), 3, "reference {s}");
    assert_eq!(parts[0], kind, "reference {s}");
    parts[1].to_string()
}

/// `{"Fn::GetAtt": [ID, ATTR]}` or `{"Ref": ID}` → ID.
fn cfn_target(v: &Value) -> String {
    if let Some(id) = v.get("Ref") {
        return str_of(id);
    }
    str_of(&v["Fn::GetAtt"][0])
}

fn port(v: Option<&Value>) -> Option<i64> {
    v.map(|p| {
        p.as_i64()
            .unwrap_or_else(|| panic!("port {p} is not an integer"))
    })
}

impl Aws {
    pub fn from_terraform(model: &Model, doc: &Value) -> Aws {
        let res = &doc["resource"];
        let mut groups = BTreeMap::new();
        for (name, g) in res["aws_security_group"].as_object().into_iter().flatten() {
            assert!(
                g.get("ingress").is_none() && g.get("egress").is_none(),
                "inline rules on {name}"
            );
            let zone = zone_of(model, &str_of(&g["tags"]["zonec:zone"]));
            groups.insert(
                name.clone(),
                Group {
                    vpc: str_of(&g["vpc_id"]),
                    zone,
                },
            );
        }
        let mut lists = BTreeMap::new();
        for (name, p) in res["aws_ec2_managed_prefix_list"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let cidrs: Vec<String> = p["entry"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| str_of(&e["cidr"]))
                .collect();
            assert!(
                cidrs.len() as u64 <= p["max_entries"].as_u64().unwrap_or(0),
                "prefix list {name} over max_entries"
            );
            lists.insert(name.clone(), cidrs);
        }
        let mut rules = Vec::new();
        for (kind, ingress) in [
            ("aws_vpc_security_group_ingress_rule", true),
            ("aws_vpc_security_group_egress_rule", false),
        ] {
            for (_, r) in res[kind].as_object().into_iter().flatten() {
                let peer = if let Some(g) = r.get("referenced_security_group_id") {
                    Peer::Group(tf_target(g, "aws_security_group"))
                } else if let Some(c) = r.get("cidr_ipv4").or(r.get("cidr_ipv6")) {
                    Peer::Cidrs(vec![str_of(c)])
                } else {
                    let list = tf_target(&r["prefix_list_id"], "aws_ec2_managed_prefix_list");
                    Peer::Cidrs(lists[&list].clone())
                };
                rules.push(Rule {
                    group: tf_target(&r["security_group_id"], "aws_security_group"),
                    ingress,
                    peer,
                    protocol: str_of(&r["ip_protocol"]),
                    from: port(r.get("from_port")),
                    to: port(r.get("to_port")),
                });
            }
        }
        Aws {
            groups,
            rules,
            placement: placements(model),
        }
    }

    pub fn from_cloudformation(model: &Model, doc: &Value) -> Aws {
        let res = doc["Resources"].as_object().expect("Resources");
        let of_type = |t: &'static str| res.iter().filter(move |(_, r)| r["Type"] == t);
        let mut groups = BTreeMap::new();
        let mut rules = Vec::new();
        for (id, g) in of_type("AWS::EC2::SecurityGroup") {
            let p = &g["Properties"];
            let tag = p["Tags"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["Key"] == "zonec:zone");
            let zone = zone_of(model, &str_of(&tag.expect("zonec:zone tag")["Value"]));
            groups.insert(
                id.clone(),
                Group {
                    vpc: str_of(&p["VpcId"]),
                    zone,
                },
            );
            let inline = p["SecurityGroupEgress"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                p.get("SecurityGroupIngress").is_none(),
                "inline ingress on {id}"
            );
            if inline.is_empty() {
                // EC2's default egress: everything, both families.
                for cidr in ["0.0.0.0/0", "::/0"] {
                    rules.push(Rule {
                        group: id.clone(),
                        ingress: false,
                        peer: Peer::Cidrs(vec![cidr.into()]),
                        protocol: "-1".into(),
                        from: None,
                        to: None,
                    });
                }
            }
            for e in inline {
                let cidr = e
                    .get("CidrIp")
                    .or(e.get("CidrIpv6"))
                    .map(str_of)
                    .expect("inline egress CIDR");
                rules.push(Rule {
                    group: id.clone(),
                    ingress: false,
                    peer: Peer::Cidrs(vec![cidr]),
                    protocol: str_of(&e["IpProtocol"]),
                    from: port(e.get("FromPort")),
                    to: port(e.get("ToPort")),
                });
            }
        }
        let mut lists = BTreeMap::new();
        for (id, p) in of_type("AWS::EC2::PrefixList") {
            let cidrs: Vec<String> = p["Properties"]["Entries"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| str_of(&e["Cidr"]))
                .collect();
            lists.insert(id.clone(), cidrs);
        }
        for (t, ingress, sg_key, pl_key) in [
            (
                "AWS::EC2::SecurityGroupIngress",
                true,
                "SourceSecurityGroupId",
                "SourcePrefixListId",
            ),
            (
                "AWS::EC2::SecurityGroupEgress",
                false,
                "DestinationSecurityGroupId",
                "DestinationPrefixListId",
            ),
        ] {
            for (_, r) in of_type(t) {
                let p = &r["Properties"];
                let peer = if let Some(g) = p.get(sg_key) {
                    Peer::Group(cfn_target(g))
                } else if let Some(c) = p.get("CidrIp").or(p.get("CidrIpv6")) {
                    Peer::Cidrs(vec![str_of(c)])
                } else {
                    Peer::Cidrs(lists[&cfn_target(&p[pl_key])].clone())
                };
                rules.push(Rule {
                    group: cfn_target(&p["GroupId"]),
                    ingress,
                    peer,
                    protocol: str_of(&p["IpProtocol"]),
                    from: port(p.get("FromPort")),
                    to: port(p.get("ToPort")),
                });
            }
        }
        Aws {
            groups,
            rules,
            placement: placements(model),
        }
    }

    /// Every placed zone has exactly one group, in its VPC, and no group
    /// belongs to an unplaced zone.
    pub fn check_groups(&self) {
        let mut seen: BTreeMap<ZoneId, usize> = BTreeMap::new();
        for g in self.groups.values() {
            let (vpc, _) = self
                .placement
                .get(&g.zone)
                .expect("group of a zone not placed in AWS");
            assert_eq!(&g.vpc, vpc, "group of {:?} in the wrong VPC", g.zone);
            *seen.entry(g.zone).or_default() += 1;
        }
        for z in self.placement.keys() {
            assert_eq!(seen.get(z), Some(&1), "zone {z:?} needs exactly one group");
        }
    }

    fn group_of(&self, zone: ZoneId) -> &str {
        let found = self.groups.iter().find(|(_, g)| g.zone == zone);
        found
            .map(|(id, _)| id.as_str())
            .expect("placed zone has a group")
    }

    /// `(full, partial)` ports of a rule.
    fn ports(r: &Rule) -> (PortSet, PortSet) {
        let icmp = |proto: Proto| match (r.from, r.to) {
            (Some(-1) | None, _) => (PortSet::proto(proto), PortSet::empty()),
            (Some(t), Some(-1)) => (PortSet::ports(proto, t as u32, t as u32), PortSet::empty()),
            (Some(t), _) => (PortSet::empty(), PortSet::ports(proto, t as u32, t as u32)),
        };
        let range = |proto: Proto| {
            let (a, b) = (r.from.expect("from_port"), r.to.expect("to_port"));
            assert!(0 <= a && a <= b && b <= 65535, "bad port range {a}-{b}");
            (PortSet::ports(proto, a as u32, b as u32), PortSet::empty())
        };
        match r.protocol.as_str() {
            "-1" | "all" => (PortSet::any(), PortSet::empty()),
            "tcp" | "6" => range(Proto::Tcp),
            "udp" | "17" => range(Proto::Udp),
            "icmp" | "1" => icmp(Proto::Icmp),
            "icmpv6" | "58" => icmp(Proto::Icmpv6),
            _ => (PortSet::empty(), PortSet::proto(Proto::Other)),
        }
    }

    /// The rules of `zone`'s group in one direction, as addresses of the
    /// other end (of one family).
    fn rules_of(
        &self,
        world: &World,
        zone: ZoneId,
        ingress: bool,
        fam: Fam,
    ) -> Vec<super::eval::AllowRule> {
        let group = self.group_of(zone);
        let vpc = &self.groups[group].vpc;
        let mut out = Vec::new();
        for r in self
            .rules
            .iter()
            .filter(|r| r.group == group && r.ingress == ingress)
        {
            let (ports, partial) = Self::ports(r);
            let (addrs, exact) = match &r.peer {
                Peer::Cidrs(c) => (addrs_of(fam, c), true),
                Peer::Group(g) => {
                    let peer = &self.groups[g];
                    let whole = self
                        .placement
                        .get(&peer.zone)
                        .is_some_and(|(_, only)| *only)
                        && &peer.vpc == vpc;
                    (world.space(Some(peer.zone), fam), whole)
                }
            };
            let (ports, partial) = if exact {
                (ports, partial)
            } else {
                (PortSet::empty(), ports.union(&partial))
            };
            out.push(AllowRule {
                addrs,
                ports,
                partial,
            });
        }
        out
    }
}

impl Cloud for Aws {
    fn ingress(&self, world: &World, src: Option<ZoneId>, dst: ZoneId, fam: Fam) -> Verdict {
        let rules = self.rules_of(world, dst, true, fam);
        union(&world.space(src, fam), &rules, fam)
    }

    fn egress(&self, world: &World, src: ZoneId, dst: Option<ZoneId>, fam: Fam) -> Verdict {
        let rules = self.rules_of(world, src, false, fam);
        union(&world.space(dst, fam), &rules, fam)
    }
}
