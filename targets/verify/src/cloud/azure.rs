//! Azure, from `az network nsg list` (and `az network asg list`): the NSG
//! tagged `zonec-vnet = V` guards VNet `V`'s interfaces, inbound rules the
//! traffic reaching them and outbound rules the traffic leaving them
//! (stateful). Rules are read by priority, lowest first, the first match
//! deciding; then Azure's fixed defaults (`AllowVnetInBound`,
//! `AllowAzureLoadBalancerInBound`, `DenyAllInBound` and their outbound
//! twins), whose service tags depend on the deployment (an unsure match).
//! `*` is every address or protocol, `Icmp` every ICMP and ICMPv6 type; an
//! ASG holds the interfaces of the zone its `zonec-zone` tag names (the
//! ASG list's tags, or else the ASG names the emitter gives). A VNet with
//! no NSG filters nothing. zonec's rules are known by their names.

use super::check::Deployed;
use super::json;
use super::marks;
use super::rule::{Addrs, Order, Point, Rule};
use crate::finding::{Class, Finding};
use crate::{Policy, Unsupported};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use zonec_model::{CloudProvider, PortSet, Proto, ZoneId};

const COMMAND: &str = "az network nsg list";

/// Who is in an ASG: by lowercased id, and by lowercased name.
struct Asgs {
    by_id: BTreeMap<String, ZoneId>,
    by_name: BTreeMap<String, ZoneId>,
    listed: bool,
}

pub fn read(policy: &Policy, nsgs: &str, asgs: Option<&str>) -> Result<Deployed, Unsupported> {
    let doc = json::parse(nsgs, COMMAND)?;
    let Value::Array(list) = &doc else {
        return Err(Unsupported::input(format!(
            "not the output of `{COMMAND}` (a JSON array)"
        )));
    };
    let emitted = marks::emitted(policy, "azure")?;
    let asgs = members(policy, &emitted, asgs)?;
    let ours = rule_names(&emitted);
    let places = super::placements(policy, CloudProvider::Azure);
    let vnets: BTreeSet<&str> = places.values().map(|(v, _)| v.as_str()).collect();
    let mut d = Deployed::new("Azure", "azure");
    let mut guarded: BTreeMap<&str, (String, Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for nsg in list {
        let name = json::needed(nsg, "name", "an NSG")?;
        let at = format!("NSG {name}");
        let Some(vnet) = nsg
            .get("tags")
            .map(|t| json::text(t, "zonec-vnet", &at))
            .transpose()?
            .flatten()
        else {
            continue;
        };
        let Some(&vnet) = vnets.get(vnet) else {
            d.notes.push(Finding::new(Class::Unmanaged, format!(
                "NSG {name} is tagged `zonec-vnet = {vnet}`, but the policy places no zone in that VNet"
            )));
            continue;
        };
        if guarded.contains_key(vnet) {
            return Err(Unsupported::at(
                &at,
                format!("two NSGs are tagged `zonec-vnet = {vnet}`"),
            ));
        }
        let cx = Cx {
            vnet,
            places: &places,
            asgs: &asgs,
            nsg: name,
        };
        let (inbound, outbound) = cx.rules(nsg, &ours, &mut d)?;
        guarded.insert(vnet, (name.to_string(), inbound, outbound));
    }
    for (&zone, (vnet, _)) in &places {
        for inbound in [true, false] {
            let point = match guarded.get(vnet.as_str()) {
                Some((_, i, o)) => Point {
                    order: Order::FirstMatch,
                    rules: if inbound { i.clone() } else { o.clone() },
                    fallback_allows: false,
                    fallback: String::new(),
                },
                None => Point::fallback(
                    Order::FirstMatch,
                    true,
                    format!(
                        "no NSG tagged `zonec-vnet = {vnet}`: nothing filters the VNet's traffic"
                    ),
                ),
            };
            d.set(zone, inbound, point);
        }
    }
    Ok(d)
}

/// The rule names zonec gives each VNet's NSG.
fn rule_names(doc: &Value) -> BTreeSet<(String, String)> {
    let vnets: BTreeMap<&String, String> = marks::resources(doc, "azurerm_network_security_group")
        .map(|(tf, n)| (tf, marks::field(n, &["tags", "zonec-vnet"])))
        .collect();
    marks::resources(doc, "azurerm_network_security_rule")
        .filter_map(|(_, r)| {
            let vnet = vnets.get(&marks::target(r, "network_security_group_name"))?;
            Some((vnet.clone(), marks::field(r, &["name"])))
        })
        .collect()
}

/// Which zone each ASG holds.
fn members(policy: &Policy, emitted: &Value, listed: Option<&str>) -> Result<Asgs, Unsupported> {
    let zone = |name: &str| policy.model.zone_by_name(name);
    let by_name = marks::resources(emitted, "azurerm_application_security_group")
        .filter_map(|(_, a)| {
            let z = zone(&marks::field(a, &["tags", "zonec-zone"]))?;
            Some((marks::field(a, &["name"]).to_ascii_lowercase(), z))
        })
        .collect();
    let mut by_id = BTreeMap::new();
    if let Some(text) = listed {
        let doc = json::parse(text, "az network asg list")?;
        let Value::Array(list) = &doc else {
            return Err(Unsupported::input(
                "not the output of `az network asg list` (a JSON array)",
            ));
        };
        for a in list {
            let id = json::needed(a, "id", "an ASG")?;
            let tagged = a
                .get("tags")
                .map(|t| json::text(t, "zonec-zone", id))
                .transpose()?
                .flatten();
            if let Some(z) = tagged.and_then(zone) {
                by_id.insert(id.to_ascii_lowercase(), z);
            }
        }
    }
    Ok(Asgs {
        by_id,
        by_name,
        listed: listed.is_some(),
    })
}

struct Cx<'a> {
    vnet: &'a str,
    places: &'a BTreeMap<ZoneId, (String, bool)>,
    asgs: &'a Asgs,
    nsg: &'a str,
}

impl Cx<'_> {
    /// The NSG's inbound and outbound rules, in evaluation order, with the defaults.
    fn rules(
        &self,
        nsg: &Value,
        ours: &BTreeSet<(String, String)>,
        d: &mut Deployed,
    ) -> Result<(Vec<usize>, Vec<usize>), Unsupported> {
        let at = format!("NSG {}", self.nsg);
        let mut read: Vec<(bool, i64, Rule)> = Vec::new();
        for r in json::array(nsg, "securityRules", &at)? {
            let name = json::needed(r, "name", &at)?;
            let at = format!("NSG {} rule {name}", self.nsg);
            let (inbound, priority, rule) = self.rule(r, name, &at)?;
            if !ours.contains(&(self.vnet.to_string(), name.to_string())) {
                let mut f = Finding::new(
                    Class::Unmanaged,
                    format!(
                        "NSG {} of VNet {} has a rule zonec did not write",
                        self.nsg, self.vnet
                    ),
                );
                f.responsible = vec![rule.label.clone()];
                d.notes.push(f);
            }
            if read.iter().any(|(i, p, _)| *i == inbound && *p == priority) {
                return Err(Unsupported::input(format!(
                    "two rules of one direction have priority {priority}"
                ))
                .located(&at));
            }
            read.push((inbound, priority, rule));
            json::count(read.len() + d.rules.len())?;
        }
        read.extend(self.defaults());
        read.sort_by_key(|(i, p, _)| (*i, *p));
        let (mut inbound, mut outbound) = (Vec::new(), Vec::new());
        for (i, _, rule) in read {
            if i { &mut inbound } else { &mut outbound }.push(d.rules.len());
            d.rules.push(rule);
        }
        Ok((inbound, outbound))
    }

    fn rule(&self, r: &Value, name: &str, at: &str) -> Result<(bool, i64, Rule), Unsupported> {
        let priority = json::int(r, "priority", at)?
            .ok_or_else(|| Unsupported::input("no `priority`").located(at))?;
        let direction = json::needed(r, "direction", at)?;
        let access = json::needed(r, "access", at)?;
        let inbound = match direction.to_ascii_lowercase().as_str() {
            "inbound" => true,
            "outbound" => false,
            _ => return Err(Unsupported::input(format!("direction `{direction}`")).located(at)),
        };
        let allow = match access.to_ascii_lowercase().as_str() {
            "allow" => true,
            "deny" => false,
            _ => return Err(Unsupported::input(format!("access `{access}`")).located(at)),
        };
        let source_ports = strings(r, "sourcePortRange", "sourcePortRanges", at)?;
        if source_ports.iter().any(|p| *p != "*") {
            return Err(Unsupported::at(at, "a rule that filters source ports"));
        }
        let protocol = json::needed(r, "protocol", at)?;
        let dports = strings(r, "destinationPortRange", "destinationPortRanges", at)?;
        let (ports, partial) = ports(protocol, &dports).map_err(|e| e.located(at))?;
        let src = self.end(r, "source", at)?;
        let dst = self.end(r, "destination", at)?;
        let (local, peer) = if inbound { (dst, src) } else { (src, dst) };
        let label = format!(
            "NSG {} rule {name} (priority {priority}, {direction} {access}): protocol {protocol}, ports {}, from {}, to {}",
            self.nsg,
            dports.join(","),
            shown(r, "source", at)?,
            shown(r, "destination", at)?,
        );
        Ok((
            inbound,
            priority,
            Rule {
                local,
                peer,
                allow,
                ports,
                partial,
                label,
            },
        ))
    }

    /// One end of a rule: its ASGs, or else its address prefixes.
    fn end(&self, r: &Value, side: &str, at: &str) -> Result<Addrs, Unsupported> {
        let groups = json::array(r, &format!("{side}ApplicationSecurityGroups"), at)?;
        if !groups.is_empty() {
            let mut addrs = Addrs::default();
            for g in groups {
                let id = json::needed(g, "id", at)?.to_ascii_lowercase();
                let name = id.rsplit('/').next().unwrap_or_default();
                let zone = if self.asgs.listed {
                    self.asgs.by_id.get(&id)
                } else {
                    self.asgs.by_name.get(name)
                };
                match zone {
                    Some(&z) => {
                        let whole = self
                            .places
                            .get(&z)
                            .is_some_and(|(v, only)| v == self.vnet && *only);
                        addrs.zones.push((None, z, whole));
                    }
                    None => addrs.unsure = true,
                }
            }
            return Ok(addrs);
        }
        let single = format!("{side}AddressPrefix");
        let many = format!("{side}AddressPrefixes");
        let mut addrs = Addrs::default();
        for p in strings(r, &single, &many, at)? {
            match p {
                "*" | "Any" | "any" => addrs.any = true,
                _ => match json::cidr(p) {
                    Some(c) => addrs.cidrs.push(c),
                    None => addrs.unsure = true,
                },
            }
        }
        Ok(addrs)
    }

    /// Azure's default rules, the same in every NSG.
    fn defaults(&self) -> Vec<(bool, i64, Rule)> {
        let rule = |inbound: bool, priority: i64, name: &str, allow: bool| {
            let (local, peer) = if allow {
                (
                    Addrs {
                        unsure: true,
                        ..Addrs::default()
                    },
                    Addrs::any(),
                )
            } else {
                (Addrs::any(), Addrs::any())
            };
            let label = format!("NSG {} default rule {name} (priority {priority})", self.nsg);
            (
                inbound,
                priority,
                Rule {
                    local,
                    peer,
                    allow,
                    ports: PortSet::any(),
                    partial: PortSet::empty(),
                    label,
                },
            )
        };
        vec![
            rule(true, 65000, "AllowVnetInBound", true),
            rule(true, 65001, "AllowAzureLoadBalancerInBound", true),
            rule(true, 65500, "DenyAllInBound", false),
            rule(false, 65000, "AllowVnetOutBound", true),
            rule(false, 65001, "AllowInternetOutBound", true),
            rule(false, 65500, "DenyAllOutBound", false),
        ]
    }
}

/// One end of a rule as findings show it: its prefixes, or its ASGs' names.
fn shown(r: &Value, side: &str, at: &str) -> Result<String, Unsupported> {
    let mut parts: Vec<String> = strings(
        r,
        &format!("{side}AddressPrefix"),
        &format!("{side}AddressPrefixes"),
        at,
    )?
    .into_iter()
    .map(str::to_string)
    .collect();
    for g in json::array(r, &format!("{side}ApplicationSecurityGroups"), at)? {
        let id = json::needed(g, "id", at)?;
        parts.push(format!("ASG {}", id.rsplit('/').next().unwrap_or_default()));
    }
    Ok(parts.join(","))
}

/// The values of a field that is a string or a list (`x` and `xs`).
fn strings<'a>(r: &'a Value, one: &str, many: &str, at: &str) -> Result<Vec<&'a str>, Unsupported> {
    let mut out: Vec<&str> = json::text(r, one, at)?.into_iter().collect();
    for v in json::array(r, many, at)? {
        out.push(v.as_str().ok_or_else(|| {
            Unsupported::input(format!("`{many}` holds a non-string")).located(at)
        })?);
    }
    Ok(out)
}

/// `(full, partial)` points of a rule's protocol and destination ports.
fn ports(protocol: &str, ranges: &[&str]) -> Result<(PortSet, PortSet), Unsupported> {
    let every = ranges.is_empty() || ranges.contains(&"*");
    let on = |proto: Proto| -> Result<PortSet, Unsupported> {
        if every {
            return Ok(PortSet::proto(proto));
        }
        let mut set = PortSet::empty();
        for r in ranges {
            let (a, b) = r.split_once('-').unwrap_or((r, r));
            let (a, b) = (a.trim().parse::<u32>(), b.trim().parse::<u32>());
            match (a, b) {
                (Ok(a), Ok(b)) if a <= b && b <= 65535 => {
                    set = set.union(&PortSet::ports(proto, a, b))
                }
                _ => return Err(Unsupported::input(format!("the port range `{r}`"))),
            }
        }
        Ok(set)
    };
    match protocol.to_ascii_lowercase().as_str() {
        "*" | "any" if every => Ok((PortSet::any(), PortSet::empty())),
        "*" | "any" => Err(Unsupported::new("protocol `*` with destination ports")),
        "tcp" => Ok((on(Proto::Tcp)?, PortSet::empty())),
        "udp" => Ok((on(Proto::Udp)?, PortSet::empty())),
        "icmp" => Ok((
            PortSet::proto(Proto::Icmp).union(&PortSet::proto(Proto::Icmpv6)),
            PortSet::empty(),
        )),
        "esp" | "ah" => Ok((PortSet::empty(), PortSet::proto(Proto::Other))),
        _ => Err(Unsupported::new(format!("the protocol `{protocol}`"))),
    }
}
