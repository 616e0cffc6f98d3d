//! The emitted Terraform, as each provider's describe command prints it
//! once applied, written from the providers' documented output shapes:
//! - `aws ec2 describe-security-groups`: `{"SecurityGroups": [{GroupId,
//!   GroupName, Description, VpcId, Tags: [{Key, Value}], IpPermissions,
//!   IpPermissionsEgress}]}`, a permission per protocol and port range
//!   (`IpProtocol`, `FromPort`, `ToPort`) with its `IpRanges`
//!   (`CidrIp`), `Ipv6Ranges` (`CidrIpv6`), `UserIdGroupPairs`
//!   (`GroupId`, `UserId`), each with its `Description`; Terraform
//!   deletes the default egress, so a group has only zonec's rules
//!   (a stack from `aws.cfn.json` has its inline no-egress rule too);
//! - `az network nsg list`: `[{name, id, tags, securityRules: [{name,
//!   priority, direction, access, protocol, sourcePortRange,
//!   destinationPortRange(s), source/destinationAddressPrefix(es),
//!   source/destinationApplicationSecurityGroups: [{id}], description}],
//!   defaultSecurityRules}]`, and `az network asg list`: `[{name, id, tags}]`;
//! - `gcloud compute firewall-rules list --format=json`: `[{name, network
//!   (a URL), direction, priority, targetTags, sourceRanges, sourceTags,
//!   destinationRanges, allowed|denied: [{IPProtocol, ports}], disabled,
//!   description}]`.
//!
//! Ids are made up, deterministically; names go through Terraform's
//! reading of the file (`tf.rs`).

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use zonec_props::cloud::tf;

fn s(v: &Value) -> String {
    tf::text(v.as_str().unwrap_or_else(|| panic!("not a string: {v}")))
}

/// `${TYPE.NAME.ATTR}` → NAME.
fn target(v: &Value) -> String {
    v.as_str().unwrap().split('.').nth(1).unwrap().to_string()
}

fn resources<'a>(doc: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    doc["resource"][kind]
        .as_object()
        .into_iter()
        .flatten()
        .collect()
}

/// A group, as both AWS files declare it.
struct Sg {
    key: String,
    name: String,
    description: String,
    vpc: String,
    tags: Vec<(String, String)>,
}

/// One rule: its group, direction, protocol and ports, and its peer: a
/// `(list, field, value)` address or another group's key.
struct Perm {
    group: String,
    egress: bool,
    protocol: String,
    ports: Option<(i64, i64)>,
    peer: Result<(&'static str, &'static str, String), String>,
    description: String,
}

/// `aws ec2 describe-security-groups` of an applied `aws.tf.json`.
pub fn aws(doc: &Value) -> Value {
    let groups = resources(doc, "aws_security_group")
        .into_iter()
        .map(|(tf, g)| Sg {
            key: tf.clone(),
            name: s(&g["name"]),
            description: s(&g["description"]),
            vpc: s(&g["vpc_id"]),
            tags: g["tags"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), s(v)))
                .collect(),
        })
        .collect();
    let mut perms = Vec::new();
    for (kind, egress) in [
        ("aws_vpc_security_group_ingress_rule", false),
        ("aws_vpc_security_group_egress_rule", true),
    ] {
        for (_, r) in resources(doc, kind) {
            let peer = if let Some(c) = r.get("cidr_ipv4") {
                Ok(("IpRanges", "CidrIp", s(c)))
            } else if let Some(c) = r.get("cidr_ipv6") {
                Ok(("Ipv6Ranges", "CidrIpv6", s(c)))
            } else if let Some(g) = r.get("referenced_security_group_id") {
                Err(target(g))
            } else {
                let list = target(&r["prefix_list_id"]);
                Ok(("PrefixListIds", "PrefixListId", format!("pl-{list}")))
            };
            perms.push(Perm {
                group: target(&r["security_group_id"]),
                egress,
                protocol: s(&r["ip_protocol"]),
                ports: r["from_port"].as_i64().zip(r["to_port"].as_i64()),
                peer,
                description: s(&r["description"]),
            });
        }
    }
    assemble(groups, perms)
}

/// `aws ec2 describe-security-groups` of a stack made from `aws.cfn.json`.
pub fn aws_cfn(doc: &Value) -> Value {
    let res = doc["Resources"].as_object().unwrap();
    let of = |t: &'static str| res.iter().filter(move |(_, r)| r["Type"] == t);
    let id = |v: &Value| -> String {
        v.get("Ref")
            .unwrap_or(&v["Fn::GetAtt"][0])
            .as_str()
            .unwrap()
            .to_string()
    };
    let text = |v: &Value| v.as_str().unwrap().to_string();
    let mut groups = Vec::new();
    let mut perms = Vec::new();
    for (key, g) in of("AWS::EC2::SecurityGroup") {
        let p = &g["Properties"];
        let tags = p["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (text(&t["Key"]), text(&t["Value"])));
        groups.push(Sg {
            key: key.clone(),
            name: text(&p["GroupName"]),
            description: text(&p["GroupDescription"]),
            vpc: text(&p["VpcId"]),
            tags: tags.collect(),
        });
        for e in p["SecurityGroupEgress"].as_array().into_iter().flatten() {
            perms.push(Perm {
                group: key.clone(),
                egress: true,
                protocol: text(&e["IpProtocol"]),
                ports: e["FromPort"].as_i64().zip(e["ToPort"].as_i64()),
                peer: Ok(("IpRanges", "CidrIp", text(&e["CidrIp"]))),
                description: text(&e["Description"]),
            });
        }
    }
    for (kind, egress, group_key, list_key) in [
        (
            "AWS::EC2::SecurityGroupIngress",
            false,
            "SourceSecurityGroupId",
            "SourcePrefixListId",
        ),
        (
            "AWS::EC2::SecurityGroupEgress",
            true,
            "DestinationSecurityGroupId",
            "DestinationPrefixListId",
        ),
    ] {
        for (_, r) in of(kind) {
            let p = &r["Properties"];
            let peer = if let Some(c) = p.get("CidrIp") {
                Ok(("IpRanges", "CidrIp", text(c)))
            } else if let Some(c) = p.get("CidrIpv6") {
                Ok(("Ipv6Ranges", "CidrIpv6", text(c)))
            } else if let Some(g) = p.get(group_key) {
                Err(id(g))
            } else {
                Ok((
                    "PrefixListIds",
                    "PrefixListId",
                    format!("pl-{}", id(&p[list_key])),
                ))
            };
            perms.push(Perm {
                group: id(&p["GroupId"]),
                egress,
                protocol: text(&p["IpProtocol"]),
                ports: p["FromPort"].as_i64().zip(p["ToPort"].as_i64()),
                peer,
                description: text(&p["Description"]),
            });
        }
    }
    assemble(groups, perms)
}

/// A permission: (group, egress?, protocol, ports).
type PermKey = (String, bool, String, Option<(i64, i64)>);

/// The describe output: a permission per group, direction, protocol and
/// port range, holding every peer of the rules that share them.
fn assemble(groups: Vec<Sg>, perms: Vec<Perm>) -> Value {
    let id = |key: &str| {
        let i = groups.iter().position(|g| g.key == key).unwrap();
        format!("sg-{:017x}", i + 1)
    };
    let mut merged: BTreeMap<PermKey, Map<String, Value>> = BTreeMap::new();
    for p in perms {
        let key = (p.group.clone(), p.egress, p.protocol.clone(), p.ports);
        let perm = merged.entry(key).or_insert_with(|| {
            let mut m = Map::new();
            m.insert("IpProtocol".into(), json!(p.protocol));
            if let Some((f, t)) = p.ports {
                m.insert("FromPort".into(), json!(f));
                m.insert("ToPort".into(), json!(t));
            }
            for k in [
                "IpRanges",
                "Ipv6Ranges",
                "PrefixListIds",
                "UserIdGroupPairs",
            ] {
                m.insert(k.into(), json!([]));
            }
            m
        });
        let (list, entry) = match p.peer {
            Ok((list, field, value)) => (list, json!({field: value, "Description": p.description})),
            Err(group) => (
                "UserIdGroupPairs",
                json!({"GroupId": id(&group), "UserId": "123456789012", "Description": p.description}),
            ),
        };
        perm[list].as_array_mut().unwrap().push(entry);
    }
    let list: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mine = |egress: bool| -> Vec<Value> {
                merged
                    .iter()
                    .filter(|((grp, e, ..), _)| *grp == g.key && *e == egress)
                    .map(|(_, p)| Value::Object(p.clone()))
                    .collect()
            };
            let tags: Vec<Value> = g
                .tags
                .iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect();
            json!({
                "Description": g.description,
                "GroupName": g.name,
                "IpPermissions": mine(false),
                "OwnerId": "123456789012",
                "GroupId": id(&g.key),
                "IpPermissionsEgress": mine(true),
                "Tags": tags,
                "VpcId": g.vpc,
            })
        })
        .collect();
    json!({ "SecurityGroups": list })
}

const AZ: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-zonec/providers/Microsoft.Network";

/// `az network nsg list` and `az network asg list` of an applied `azure.tf.json`.
pub fn azure(doc: &Value) -> (Value, Value) {
    let asgs = resources(doc, "azurerm_application_security_group");
    let asg_id = |name: &str| format!("{AZ}/applicationSecurityGroups/{name}");
    let asg_of: BTreeMap<&String, String> = asgs
        .iter()
        .map(|(tf, a)| (*tf, asg_id(&s(&a["name"]))))
        .collect();
    let asg_list: Vec<Value> = asgs
        .iter()
        .map(|(_, a)| {
            json!({
                "name": s(&a["name"]), "id": asg_id(&s(&a["name"])), "location": "eastus2",
                "resourceGroup": "rg-zonec", "tags": {"zonec-zone": s(&a["tags"]["zonec-zone"])},
                "type": "Microsoft.Network/applicationSecurityGroups",
            })
        })
        .collect();
    let rules = resources(doc, "azurerm_network_security_rule");
    let nsgs: Vec<Value> = resources(doc, "azurerm_network_security_group")
        .iter()
        .map(|(tf, n)| {
            let name = s(&n["name"]);
            let id = format!("{AZ}/networkSecurityGroups/{name}");
            let mine: Vec<Value> = rules
                .iter()
                .filter(|(_, r)| &&target(&r["network_security_group_name"]) == tf)
                .map(|(_, r)| azure_rule(r, &id, &asg_of))
                .collect();
            json!({
                "name": name, "id": id, "location": "eastus2", "resourceGroup": "rg-zonec",
                "tags": {"zonec-vnet": s(&n["tags"]["zonec-vnet"])},
                "securityRules": mine,
                "defaultSecurityRules": [],
                "type": "Microsoft.Network/networkSecurityGroups",
            })
        })
        .collect();
    (Value::Array(nsgs), Value::Array(asg_list))
}

fn azure_rule(r: &Value, nsg: &str, asg_of: &BTreeMap<&String, String>) -> Value {
    let name = s(&r["name"]);
    let strs = |k: &str| -> Vec<String> { r[k].as_array().into_iter().flatten().map(s).collect() };
    let one = |k: &str| r.get(k).map(s);
    let groups = |k: &str| -> Vec<Value> {
        r[k].as_array()
            .into_iter()
            .flatten()
            .map(|v| json!({"id": asg_of[&target(v)], "resourceGroup": "rg-zonec"}))
            .collect()
    };
    json!({
        "name": name,
        "id": format!("{nsg}/securityRules/{name}"),
        "priority": r["priority"],
        "direction": s(&r["direction"]),
        "access": s(&r["access"]),
        "protocol": s(&r["protocol"]),
        "sourcePortRange": s(&r["source_port_range"]),
        "sourcePortRanges": [],
        "destinationPortRange": one("destination_port_range"),
        "destinationPortRanges": strs("destination_port_ranges"),
        "sourceAddressPrefix": one("source_address_prefix"),
        "sourceAddressPrefixes": strs("source_address_prefixes"),
        "destinationAddressPrefix": one("destination_address_prefix"),
        "destinationAddressPrefixes": strs("destination_address_prefixes"),
        "sourceApplicationSecurityGroups": groups("source_application_security_group_ids"),
        "destinationApplicationSecurityGroups": groups("destination_application_security_group_ids"),
        "description": one("description"),
        "provisioningState": "Succeeded",
        "resourceGroup": "rg-zonec",
        "type": "Microsoft.Network/networkSecurityGroups/securityRules",
    })
}

/// `gcloud compute firewall-rules list --format=json` of an applied `gcp.tf.json`.
pub fn gcp(doc: &Value) -> Value {
    let list: Vec<Value> = resources(doc, "google_compute_firewall")
        .iter()
        .enumerate()
        .map(|(i, (_, r))| {
            let network = s(&r["network"]);
            let url = if network.starts_with("projects/") {
                format!("https://www.googleapis.com/compute/v1/{network}")
            } else {
                format!("https://www.googleapis.com/compute/v1/projects/zonec-test/global/networks/{network}")
            };
            let mut m = Map::new();
            let name = s(&r["name"]);
            m.insert("kind".into(), json!("compute#firewall"));
            m.insert("id".into(), json!(format!("{}", 1000 + i)));
            m.insert("name".into(), json!(name));
            m.insert("network".into(), json!(url));
            m.insert("direction".into(), json!(s(&r["direction"])));
            m.insert("priority".into(), r.get("priority").cloned().unwrap_or(json!(1000)));
            m.insert("disabled".into(), json!(false));
            m.insert("logConfig".into(), json!({"enable": false}));
            m.insert("description".into(), json!(r.get("description").map(s).unwrap_or_default()));
            for (from, to) in [
                ("target_tags", "targetTags"),
                ("source_ranges", "sourceRanges"),
                ("source_tags", "sourceTags"),
                ("destination_ranges", "destinationRanges"),
            ] {
                if let Some(v) = r.get(from) {
                    let list: Vec<String> = v.as_array().unwrap().iter().map(s).collect();
                    m.insert(to.into(), json!(list));
                }
            }
            for (from, to) in [("allow", "allowed"), ("deny", "denied")] {
                if let Some(blocks) = r.get(from).and_then(Value::as_array) {
                    let out: Vec<Value> = blocks
                        .iter()
                        .map(|b| {
                            let mut e = json!({"IPProtocol": s(&b["protocol"])});
                            if let Some(p) = b.get("ports") {
                                e["ports"] = json!(p.as_array().unwrap().iter().map(s).collect::<Vec<_>>());
                            }
                            e
                        })
                        .collect();
                    m.insert(to.into(), Value::Array(out));
                }
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(list)
}
