//! AWS, from `aws ec2 describe-security-groups`: a group only allows, and
//! traffic passes a group if any of its rules matches (stateful: a flow is
//! checked in its own direction). Zone `Z`'s instances carry the group
//! tagged `zonec:zone = Z` in the VPC of `Z`'s `aws-vpc`, the contract
//! `build`'s files state. A rule names CIDRs, another group (its
//! instances: the whole zone when the zone is placed only there, in the
//! same VPC; otherwise some of it) or a prefix list, whose entries this
//! output does not show (refused). `-1` is every protocol; ICMP
//! `FromPort` is the type and `ToPort` the code (`-1` every one; one code
//! matches only some packets of the type). zonec's rules are known by the
//! descriptions the emitter gives them.

use super::check::Deployed;
use super::json;
use super::marks;
use super::rule::{Addrs, Order, Point, Rule};
use crate::finding::{Class, Finding};
use crate::{Policy, Unsupported};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use zonec_model::{CloudProvider, PortSet, Proto, ZoneId};

const COMMAND: &str = "aws ec2 describe-security-groups";
const TAG: &str = "zonec:zone";

/// A group zonec manages, as deployed.
struct Group<'a> {
    id: &'a str,
    name: &'a str,
    vpc: &'a str,
    zone: ZoneId,
    raw: &'a Value,
}

pub fn read(policy: &Policy, text: &str) -> Result<Deployed, Unsupported> {
    let doc = json::parse(text, COMMAND)?;
    if doc.get("SecurityGroups").is_none() {
        return Err(Unsupported::input(format!(
            "no `SecurityGroups`: not the output of `{COMMAND}`"
        )));
    }
    let ours = descriptions(&marks::emitted(policy, "aws")?);
    let places = super::placements(policy, CloudProvider::Aws);
    let mut d = Deployed::new("AWS", "aws");
    let mut groups: BTreeMap<ZoneId, Group> = BTreeMap::new();
    for g in json::array(&doc, "SecurityGroups", "")? {
        let id = json::needed(g, "GroupId", "a security group")?;
        let at = format!("security group {id}");
        let name = json::text(g, "GroupName", &at)?.unwrap_or_default();
        let vpc = json::text(g, "VpcId", &at)?.unwrap_or_default();
        let Some(zone_name) = tag(g, &at)? else {
            continue;
        };
        let zone = policy.model.zone_by_name(zone_name);
        match zone.filter(|z| places.get(z).is_some_and(|(v, _)| v == vpc)) {
            Some(zone) => {
                let group = Group {
                    id,
                    name,
                    vpc,
                    zone,
                    raw: g,
                };
                if groups.insert(zone, group).is_some() {
                    return Err(Unsupported::at(&at, format!(
                        "two security groups are tagged `{TAG} = {zone_name}` in {vpc}: which one the zone's instances carry is unknown"
                    )));
                }
            }
            None => d.notes.push(stray(id, name, zone_name, vpc)),
        }
    }
    let zone_of: BTreeMap<&str, (ZoneId, &str)> =
        groups.values().map(|g| (g.id, (g.zone, g.vpc))).collect();
    for (&zone, (vpc, _)) in &places {
        let name = &policy.model.zone(zone).name;
        let Some(g) = groups.get(&zone) else {
            let missing = format!("no security group tagged `{TAG} = {name}` in {vpc}");
            d.ingress
                .insert(zone, Point::fallback(Order::Union, false, missing.clone()));
            d.egress
                .insert(zone, Point::fallback(Order::Union, false, missing));
            continue;
        };
        let empty = BTreeSet::new();
        let ours = ours.get(name.as_str()).unwrap_or(&empty);
        for (key, inbound) in [("IpPermissions", true), ("IpPermissionsEgress", false)] {
            let way = if inbound { "inbound" } else { "outbound" };
            let mut point = Point::fallback(
                Order::Union,
                false,
                format!(
                    "security group {} ({}): no {way} rule allows it",
                    g.name, g.id
                ),
            );
            let at = format!("security group {} {key}", g.id);
            for perm in json::array(g.raw, key, &at)? {
                for (rule, description) in permission(perm, g, inbound, &zone_of, &places, &at)? {
                    if !ours.contains(description) {
                        d.notes.push(unmanaged(g, name, way, &rule.label));
                    }
                    point.rules.push(d.rules.len());
                    d.rules.push(rule);
                    json::count(d.rules.len())?;
                }
            }
            d.set(zone, inbound, point);
        }
    }
    Ok(d)
}

/// The descriptions of zonec's rules, per zone name.
fn descriptions(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let zones: BTreeMap<&String, String> = marks::resources(doc, "aws_security_group")
        .map(|(tf, g)| (tf, marks::field(g, &["tags", TAG])))
        .collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for kind in [
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ] {
        for (_, r) in marks::resources(doc, kind) {
            let group = marks::target(r, "security_group_id");
            if let Some(zone) = zones.get(&group) {
                out.entry(zone.clone())
                    .or_default()
                    .insert(marks::field(r, &["description"]));
            }
        }
    }
    for set in out.values_mut() {
        set.insert(zonec_targets::cloud::AWS_NO_EGRESS_DESCRIPTION.to_string());
    }
    out
}

/// The value of the group's `zonec:zone` tag.
fn tag<'a>(g: &'a Value, at: &str) -> Result<Option<&'a str>, Unsupported> {
    for t in json::array(g, "Tags", at)? {
        if json::text(t, "Key", at)? == Some(TAG) {
            return json::text(t, "Value", at);
        }
    }
    Ok(None)
}

/// Every rule of one permission (one per address range or group), each
/// with its description.
fn permission<'a>(
    perm: &'a Value,
    g: &Group,
    inbound: bool,
    zone_of: &BTreeMap<&str, (ZoneId, &str)>,
    places: &BTreeMap<ZoneId, (String, bool)>,
    at: &str,
) -> Result<Vec<(Rule, &'a str)>, Unsupported> {
    let protocol = json::needed(perm, "IpProtocol", at)?;
    let (from, to) = (
        json::int(perm, "FromPort", at)?,
        json::int(perm, "ToPort", at)?,
    );
    let (ports, partial) = ports(protocol, from, to).map_err(|e| e.located(at))?;
    if let Some(pl) = json::array(perm, "PrefixListIds", at)?.first() {
        let id = json::text(pl, "PrefixListId", at)?.unwrap_or_default();
        return Err(Unsupported::at(
            at,
            format!("a rule naming prefix list {id}, whose entries `{COMMAND}` does not show"),
        ));
    }
    let mut peers: Vec<(Addrs, String, &str)> = Vec::new();
    for (key, field) in [("IpRanges", "CidrIp"), ("Ipv6Ranges", "CidrIpv6")] {
        for r in json::array(perm, key, at)? {
            let cidr = json::needed(r, field, at)?;
            let range = json::needed_cidr(cidr, at)?;
            let addrs = Addrs {
                cidrs: vec![range],
                ..Addrs::default()
            };
            peers.push((addrs, cidr.to_string(), description(r, at)?));
        }
    }
    for pair in json::array(perm, "UserIdGroupPairs", at)? {
        let id = json::text(pair, "GroupId", at)?.unwrap_or_default();
        let addrs = match zone_of.get(id) {
            Some(&(zone, vpc)) => {
                let whole = vpc == g.vpc && places.get(&zone).is_some_and(|(_, only)| *only);
                Addrs {
                    zones: vec![(None, zone, whole)],
                    ..Addrs::default()
                }
            }
            None => Addrs {
                unsure: true,
                ..Addrs::default()
            },
        };
        peers.push((addrs, format!("group {id}"), description(pair, at)?));
    }
    let way = if inbound { "inbound" } else { "outbound" };
    let dir = if inbound { "from" } else { "to" };
    let shown = show(protocol, from, to);
    Ok(peers
        .into_iter()
        .map(|(peer, what, description)| {
            let rule = Rule {
                local: Addrs::any(),
                peer,
                allow: true,
                ports: ports.clone(),
                partial: partial.clone(),
                label: format!(
                    "security group {} ({}) {way} rule: {shown} {dir} {what} \"{description}\"",
                    g.name, g.id
                ),
            };
            (rule, description)
        })
        .collect())
}

fn description<'a>(v: &'a Value, at: &str) -> Result<&'a str, Unsupported> {
    Ok(json::text(v, "Description", at)?.unwrap_or_default())
}

fn show(protocol: &str, from: Option<i64>, to: Option<i64>) -> String {
    match (protocol, from, to) {
        ("-1", _, _) => "all traffic".to_string(),
        (p, Some(a), Some(b)) => format!("{p} {a}-{b}"),
        (p, _, _) => p.to_string(),
    }
}

/// `(full, partial)` points of a rule's protocol and ports.
fn ports(
    protocol: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(PortSet, PortSet), Unsupported> {
    let bad = || Unsupported::input(format!("protocol {protocol} with ports {from:?}-{to:?}"));
    let range = |proto: Proto| match (from, to) {
        (Some(a), Some(b)) if 0 <= a && a <= b && b <= 65535 => {
            Ok((PortSet::ports(proto, a as u32, b as u32), PortSet::empty()))
        }
        _ => Err(bad()),
    };
    let icmp = |proto: Proto| match (from, to) {
        (None | Some(-1), _) => Ok((PortSet::proto(proto), PortSet::empty())),
        (Some(t @ 0..=255), Some(-1) | None) => {
            Ok((PortSet::ports(proto, t as u32, t as u32), PortSet::empty()))
        }
        (Some(t @ 0..=255), Some(0..=255)) => {
            Ok((PortSet::empty(), PortSet::ports(proto, t as u32, t as u32)))
        }
        _ => Err(bad()),
    };
    match protocol.to_ascii_lowercase().as_str() {
        "-1" | "all" => Ok((PortSet::any(), PortSet::empty())),
        "tcp" | "6" => range(Proto::Tcp),
        "udp" | "17" => range(Proto::Udp),
        "icmp" | "1" => icmp(Proto::Icmp),
        "icmpv6" | "58" => icmp(Proto::Icmpv6),
        p if p.parse::<u8>().is_ok() => Ok((PortSet::empty(), PortSet::proto(Proto::Other))),
        _ => Err(Unsupported::new(format!("the protocol `{protocol}`"))),
    }
}

fn unmanaged(g: &Group, zone: &str, way: &str, rule: &str) -> Finding {
    let mut f = Finding::new(
        Class::Unmanaged,
        format!(
            "security group {} ({}) of zone {zone} has an {way} rule zonec did not write",
            g.name, g.id
        ),
    );
    f.responsible = vec![rule.to_string()];
    f
}

fn stray(id: &str, name: &str, zone: &str, vpc: &str) -> Finding {
    Finding::new(
        Class::Unmanaged,
        format!(
            "security group {name} ({id}) in {vpc} is tagged `{TAG} = {zone}`, but the policy places no such zone in that VPC"
        ),
    )
}
