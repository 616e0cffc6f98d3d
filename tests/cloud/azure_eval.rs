//! Azure NSG semantics, read back from `azure.tf.json`:
//! - an NSG applies to the network interfaces of its VNet: outbound rules
//!   to traffic leaving them, inbound rules to traffic reaching them
//!   (stateful: replies are not checked);
//! - rules are evaluated by priority, lowest number first, and the first
//!   match decides; after the user's rules come Azure's defaults:
//!   AllowVnetInBound (65000), AllowAzureLoadBalancerInBound (65001),
//!   DenyAllInBound (65500), AllowVnetOutBound (65000),
//!   AllowInternetOutBound (65001), DenyAllOutBound (65500). The service
//!   tags `VirtualNetwork`, `Internet` and `AzureLoadBalancer` depend on the
//!   deployment, so reaching one proves nothing (a partial match);
//! - `*` matches every address or protocol; `Icmp` every ICMP and ICMPv6
//!   type; an ASG matches the interfaces added to it.
//!
//! Zone `Z`'s interfaces are in the ASG tagged `zonec-zone = Z`, and the
//! NSG tagged `zonec-vnet = V` is associated with VNet `V`'s subnets.

use super::eval::{first_match, Match, OrderedRule, Verdict};
use super::matrix::Cloud;
use super::space::{addrs_of, Fam, World};
use super::tf;
use serde_json::Value;
use std::collections::BTreeMap;
use zonec_model::{CloudProvider, Model, PortSet, Proto, ZoneId};

#[derive(Clone, Debug)]
enum End {
    Any,
    /// Service tags: deployment-dependent.
    Tag,
    Cidrs(Vec<String>),
    Asgs(Vec<ZoneId>),
}

#[derive(Clone, Debug)]
struct Rule {
    vnet: String,
    priority: u32,
    inbound: bool,
    allow: bool,
    ports: PortSet,
    partial: PortSet,
    src: End,
    dst: End,
}

pub struct Azure {
    rules: Vec<Rule>,
    placement: BTreeMap<ZoneId, (String, bool)>,
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
        .to_string()
}

fn target(v: &Value, kind: &str) -> String {
    let text = s(v);
    let inner = text
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .expect("reference");
    let parts: Vec<&str> = inner.split('.').collect();
    assert_eq!(parts[0], kind, "reference {text}");
    parts[1].to_string()
}

fn end(r: &Value, side: &str, asgs: &BTreeMap<String, ZoneId>) -> End {
    if let Some(ids) = r.get(format!("{side}_application_security_group_ids")) {
        let zones = ids
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| asgs[&target(v, "azurerm_application_security_group")]);
        return End::Asgs(zones.collect());
    }
    let mut list: Vec<String> = Vec::new();
    if let Some(one) = r.get(format!("{side}_address_prefix")) {
        list.push(s(one));
    }
    list.extend(
        r.get(format!("{side}_address_prefixes"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(s),
    );
    if list.iter().any(|p| p == "*") {
        return End::Any;
    }
    if list
        .iter()
        .any(|p| !p.contains('/') && !p.contains(':') && p.parse::<std::net::Ipv4Addr>().is_err())
    {
        return End::Tag;
    }
    End::Cidrs(list)
}

fn ranges(r: &Value) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut texts: Vec<String> = r
        .get("destination_port_ranges")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    if let Some(one) = r.get("destination_port_range") {
        texts.push(s(one));
    }
    for t in texts {
        if t == "*" {
            out.push((0, 65535));
        } else if let Some((a, b)) = t.split_once('-') {
            out.push((a.parse().expect("port"), b.parse().expect("port")));
        } else {
            let p: u32 = t.parse().expect("port");
            out.push((p, p));
        }
    }
    out
}

fn ports(r: &Value) -> (PortSet, PortSet) {
    assert_eq!(
        r["source_port_range"], "*",
        "zonec never filters source ports"
    );
    let on = |proto: Proto| {
        PortSet::from_ranges(
            ranges(r)
                .into_iter()
                .map(|(a, b)| (proto.bounds().0 + a, proto.bounds().0 + b)),
        )
    };
    match s(&r["protocol"]).as_str() {
        "*" => (PortSet::any(), PortSet::empty()),
        "Tcp" => (on(Proto::Tcp), PortSet::empty()),
        "Udp" => (on(Proto::Udp), PortSet::empty()),
        "Icmp" => (
            PortSet::proto(Proto::Icmp).union(&PortSet::proto(Proto::Icmpv6)),
            PortSet::empty(),
        ),
        _ => (PortSet::empty(), PortSet::proto(Proto::Other)),
    }
}

impl Azure {
    pub fn from_terraform(model: &Model, doc: &Value) -> Azure {
        let res = &doc["resource"];
        let mut asgs = BTreeMap::new();
        for (name, a) in res["azurerm_application_security_group"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let zone = model
                .zone_by_name(&s(&a["tags"]["zonec-zone"]))
                .expect("ASG of a known zone");
            asgs.insert(name.clone(), zone);
        }
        let mut nsgs = BTreeMap::new();
        for (name, n) in res["azurerm_network_security_group"]
            .as_object()
            .into_iter()
            .flatten()
        {
            assert!(n.get("security_rule").is_none(), "inline rules in {name}");
            nsgs.insert(name.clone(), tf::text(&s(&n["tags"]["zonec-vnet"])));
        }
        let mut rules = Vec::new();
        for (_, r) in res["azurerm_network_security_rule"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let (ports, partial) = ports(r);
            let priority = r["priority"].as_u64().expect("priority") as u32;
            assert!((100..=4096).contains(&priority), "priority {priority}");
            rules.push(Rule {
                vnet: nsgs[&target(
                    &r["network_security_group_name"],
                    "azurerm_network_security_group",
                )]
                    .clone(),
                priority,
                inbound: s(&r["direction"]) == "Inbound",
                allow: s(&r["access"]) == "Allow",
                ports,
                partial,
                src: end(r, "source", &asgs),
                dst: end(r, "destination", &asgs),
            });
        }
        let mut placement = BTreeMap::new();
        for id in model.zone_ids() {
            let z = model.zone(id);
            if let Some(p) = z.cloud.iter().find(|p| p.provider == CloudProvider::Azure) {
                placement.insert(id, (p.network.clone(), z.cloud.len() == 1));
            }
        }
        let mut seen = BTreeMap::new();
        for r in &rules {
            let key = (r.vnet.clone(), r.inbound, r.priority);
            assert!(
                seen.insert(key, ()).is_none(),
                "two rules share priority {} in {}",
                r.priority,
                r.vnet
            );
        }
        let mut zones: Vec<ZoneId> = asgs.values().copied().collect();
        zones.sort();
        assert_eq!(
            zones,
            placement.keys().copied().collect::<Vec<_>>(),
            "one ASG per placed zone"
        );
        Azure { rules, placement }
    }

    /// How a rule end matches `zone`'s traffic at an NSG applied to the
    /// interfaces of `local` (whose ASG membership is the deployment
    /// contract, so its own ASG always matches it).
    fn matches(
        &self,
        world: &World,
        end: &End,
        zone: Option<ZoneId>,
        (local, vnet): (ZoneId, &str),
        fam: Fam,
    ) -> Match {
        match end {
            End::Any => Match::Full,
            End::Tag => Match::Partial,
            End::Cidrs(c) => Match::of(&world.space(zone, fam), &addrs_of(fam, c)),
            End::Asgs(zones) => match zone {
                Some(z) if zones.contains(&z) => {
                    let here = z == local
                        || self
                            .placement
                            .get(&z)
                            .is_some_and(|(v, only)| v == vnet && *only);
                    if here {
                        Match::Full
                    } else {
                        Match::Partial
                    }
                }
                _ => Match::None,
            },
        }
    }

    fn evaluate(
        &self,
        world: &World,
        at: ZoneId,
        inbound: bool,
        (src, dst): (Option<ZoneId>, Option<ZoneId>),
        fam: Fam,
    ) -> Verdict {
        let vnet = &self.placement[&at].0;
        let mut mine: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| &r.vnet == vnet && r.inbound == inbound)
            .collect();
        mine.sort_by_key(|r| r.priority);
        let mut ordered: Vec<OrderedRule> = mine
            .into_iter()
            .map(|r| OrderedRule {
                hit: self
                    .matches(world, &r.src, src, (at, vnet), fam)
                    .and(self.matches(world, &r.dst, dst, (at, vnet), fam)),
                allow: r.allow,
                ports: r.ports.clone(),
                partial: r.partial.clone(),
            })
            .collect();
        // Azure's defaults: two deployment-dependent allows, then deny all.
        for _ in 0..2 {
            ordered.push(OrderedRule {
                hit: Match::Partial,
                allow: true,
                ports: PortSet::any(),
                partial: PortSet::empty(),
            });
        }
        ordered.push(OrderedRule {
            hit: Match::Full,
            allow: false,
            ports: PortSet::any(),
            partial: PortSet::empty(),
        });
        first_match(&ordered, fam)
    }
}

impl Cloud for Azure {
    fn ingress(&self, world: &World, src: Option<ZoneId>, dst: ZoneId, fam: Fam) -> Verdict {
        self.evaluate(world, dst, true, (src, Some(dst)), fam)
    }

    fn egress(&self, world: &World, src: ZoneId, dst: Option<ZoneId>, fam: Fam) -> Verdict {
        self.evaluate(world, src, false, (Some(src), dst), fam)
    }
}
