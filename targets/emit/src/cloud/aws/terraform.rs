//! AWS as Terraform JSON (`aws.tf.json`): `aws_security_group` without
//! inline rules, one `aws_vpc_security_group_ingress_rule` /
//! `_egress_rule` per rule, `aws_ec2_managed_prefix_list` for long peer
//! lists, and an output mapping each zone to its group id.
//!
//! Default egress: AWS gives a new VPC security group an allow-all egress
//! rule; the Terraform AWS provider deletes it when it creates the group
//! (documented under "NOTE on Egress rules" of `aws_security_group`), and
//! zonec declares no inline `ingress`/`egress` blocks, which would fight the
//! separate rule resources. So the only egress a group has is what is listed
//! here.

use super::{AwsConfig, Peer, PrefixList, Rule};
use crate::cloud::json::{object, put, render as to_text, terraform_head, tf_ref, tf_str};
use crate::cloud::plan::{Direction, Plan};
use crate::cloud::space::Family;
use serde_json::{json, Map, Value};
use zonec_escape::terraform;

pub fn render(plan: &Plan, config: &AwsConfig, title: &str) -> String {
    let mut root = terraform_head(title, "aws", "5.0");
    for group in &config.groups {
        let z = plan.model.zone(group.zone);
        let tags = object([
            ("Name", tf_str(&group.name)),
            ("zonec:zone", tf_str(&z.name)),
        ]);
        let value = object([
            ("name", tf_str(&group.name)),
            ("description", tf_str(&group.description)),
            ("vpc_id", tf_str(&group.vpc)),
            ("tags", tags),
        ]);
        put(
            &mut root,
            "resource",
            "aws_security_group",
            &group.tf,
            value,
        );
    }
    for list in &config.prefix_lists {
        put(
            &mut root,
            "resource",
            "aws_ec2_managed_prefix_list",
            &list.tf,
            prefix_list(plan, list),
        );
    }
    for rule in &config.rules {
        let kind = match rule.direction {
            Direction::Ingress => "aws_vpc_security_group_ingress_rule",
            Direction::Egress => "aws_vpc_security_group_egress_rule",
        };
        put(
            &mut root,
            "resource",
            kind,
            &rule.tf,
            self::rule(config, rule),
        );
    }
    root.insert("output".into(), outputs(plan, config));
    to_text(&Value::Object(root))
}

fn prefix_list(plan: &Plan, list: &PrefixList) -> Value {
    let zone = &plan.model.zone(list.zone).name;
    let entries: Vec<Value> = list
        .cidrs
        .iter()
        .map(|c| {
            object([
                ("cidr", json!(c)),
                ("description", tf_str(&format!("zone {zone}"))),
            ])
        })
        .collect();
    object([
        ("name", tf_str(&list.name)),
        ("address_family", json!(family(list.family))),
        ("max_entries", json!(list.cidrs.len())),
        ("entry", Value::Array(entries)),
        (
            "tags",
            object([("Name", tf_str(&list.name)), ("zonec:zone", tf_str(zone))]),
        ),
    ])
}

fn family(f: Family) -> &'static str {
    match f {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    }
}

fn rule(config: &AwsConfig, rule: &Rule) -> Value {
    let mut map = Map::new();
    let group = config
        .group(rule.group)
        .map(|g| g.tf.as_str())
        .unwrap_or_default();
    map.insert(
        "security_group_id".into(),
        tf_ref("aws_security_group", group, "id"),
    );
    match &rule.peer {
        Peer::Group(zone) => {
            let peer = config
                .group(*zone)
                .map(|g| g.tf.as_str())
                .unwrap_or_default();
            map.insert(
                "referenced_security_group_id".into(),
                tf_ref("aws_security_group", peer, "id"),
            );
        }
        Peer::Cidr(Family::V4, cidr) => {
            map.insert("cidr_ipv4".into(), json!(cidr));
        }
        Peer::Cidr(Family::V6, cidr) => {
            map.insert("cidr_ipv6".into(), json!(cidr));
        }
        Peer::PrefixList(i) => {
            let list = config
                .prefix_lists
                .get(*i)
                .map(|p| p.tf.as_str())
                .unwrap_or_default();
            map.insert(
                "prefix_list_id".into(),
                tf_ref("aws_ec2_managed_prefix_list", list, "id"),
            );
        }
    }
    let (protocol, from, to) = rule.ports.api();
    map.insert("ip_protocol".into(), json!(protocol));
    if let (Some(from), Some(to)) = (from, to) {
        map.insert("from_port".into(), json!(from));
        map.insert("to_port".into(), json!(to));
    }
    map.insert("description".into(), tf_str(&rule.description));
    Value::Object(map)
}

fn outputs(plan: &Plan, config: &AwsConfig) -> Value {
    let mut ids = Map::new();
    for group in &config.groups {
        ids.insert(
            terraform::string(plan.zone_name(group.zone)),
            tf_ref("aws_security_group", &group.tf, "id"),
        );
    }
    json!({"zone_security_group_ids": {
        "description": "The security group of each zone: attach it to every network interface of the zone's workloads.",
        "value": Value::Object(ids),
    }})
}
