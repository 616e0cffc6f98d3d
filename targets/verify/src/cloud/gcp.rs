//! GCP, from `gcloud compute firewall-rules list --format=json`: a rule
//! belongs to a network and applies to the instances its `targetTags`
//! name (every instance without them); ingress rules match sources by
//! `sourceRanges` or `sourceTags` (either; `0.0.0.0/0` when neither is
//! given), egress rules destinations by `destinationRanges`. The lowest
//! priority number decides, a deny before an allow of the same priority;
//! then the implied rules: deny all ingress, allow all egress (stateful).
//! `all` is every protocol, `icmp` every ICMP type, `58` every ICMPv6
//! type. Source tags identify instances by their IPv4 address; service
//! accounts depend on the deployment (an unsure match). Zone `Z`'s
//! instances carry the tag the emitter gives `Z`, in the network of its
//! `gcp-network`. zonec's rules are known by their names.

use super::check::Deployed;
use super::json;
use super::marks;
use super::rule::{Addrs, Order, Point, Rule};
use crate::addr::Fam;
use crate::finding::{Class, Finding};
use crate::{Policy, Unsupported};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use zonec_model::{CloudProvider, PortSet, Proto, ZoneId};

const COMMAND: &str = "gcloud compute firewall-rules list --format=json";

pub fn read(policy: &Policy, text: &str) -> Result<Deployed, Unsupported> {
    let doc = json::parse(text, COMMAND)?;
    let Value::Array(list) = &doc else {
        return Err(Unsupported::input(format!(
            "not the output of `{COMMAND}` (a JSON array)"
        )));
    };
    let emitted = marks::emitted(policy, "gcp")?;
    let ours: BTreeSet<String> = marks::resources(&emitted, "google_compute_firewall")
        .map(|(_, r)| marks::field(r, &["name"]))
        .collect();
    let tags: BTreeMap<String, ZoneId> = emitted
        .pointer("/output/zone_network_tags/value")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(zone, tag)| {
            Some((tag.as_str()?.to_string(), policy.model.zone_by_name(zone)?))
        })
        .collect();
    let places = super::placements(policy, CloudProvider::Gcp);
    let mut d = Deployed::new("GCP", "gcp");
    // Per network: (priority, deny first, ingress, rule).
    let mut read: Vec<(String, (i64, bool), bool, Rule)> = Vec::new();
    for r in list {
        let name = json::needed(r, "name", "a firewall rule")?;
        let at = format!("firewall rule {name}");
        let url = json::needed(r, "network", &at)?;
        let Some(network) = places
            .values()
            .map(|(n, _)| n)
            .find(|n| same_network(url, n))
        else {
            continue;
        };
        let cx = Cx {
            network,
            places: &places,
            tags: &tags,
        };
        let Some((key, ingress, rule)) = cx.rule(r, name, &at)? else {
            continue;
        };
        if !ours.contains(name) {
            let mut f = Finding::new(
                Class::Unmanaged,
                format!("network {network} has a firewall rule zonec did not write"),
            );
            f.responsible = vec![rule.label.clone()];
            d.notes.push(f);
        }
        read.push((network.clone(), key, ingress, rule));
        json::count(read.len())?;
    }
    read.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut by: BTreeMap<(String, bool), Vec<usize>> = BTreeMap::new();
    for (network, _, ingress, rule) in read {
        by.entry((network, ingress))
            .or_default()
            .push(d.rules.len());
        d.rules.push(rule);
    }
    for (&zone, (network, _)) in &places {
        for ingress in [true, false] {
            let implied = if ingress {
                "deny all ingress"
            } else {
                "allow all egress"
            };
            let mut point = Point::fallback(
                Order::FirstMatch,
                !ingress,
                format!("network {network}: no rule matches, GCP's implied rule: {implied} (priority 65535)"),
            );
            point.rules = by
                .get(&(network.clone(), ingress))
                .cloned()
                .unwrap_or_default();
            d.set(zone, ingress, point);
        }
    }
    Ok(d)
}

/// Whether the network URL of a rule is the placement's network (a full
/// path `projects/P/global/networks/N`, or a bare name `N`).
fn same_network(url: &str, placed: &str) -> bool {
    let path = url.find("projects/").map_or(url, |i| &url[i..]);
    if placed.contains('/') {
        return path == placed;
    }
    path.rsplit('/').next() == Some(placed)
}

struct Cx<'a> {
    network: &'a str,
    places: &'a BTreeMap<ZoneId, (String, bool)>,
    tags: &'a BTreeMap<String, ZoneId>,
}

impl Cx<'_> {
    /// The rule, its sort key and direction; `None` when disabled.
    #[allow(clippy::type_complexity)]
    fn rule(
        &self,
        r: &Value,
        name: &str,
        at: &str,
    ) -> Result<Option<((i64, bool), bool, Rule)>, Unsupported> {
        if r.get("disabled").and_then(Value::as_bool) == Some(true) {
            return Ok(None);
        }
        let direction = json::text(r, "direction", at)?.unwrap_or("INGRESS");
        let ingress = match direction {
            "INGRESS" => true,
            "EGRESS" => false,
            _ => return Err(Unsupported::input(format!("direction `{direction}`")).located(at)),
        };
        let priority = json::int(r, "priority", at)?.unwrap_or(1000);
        let allowed = json::array(r, "allowed", at)?;
        let denied = json::array(r, "denied", at)?;
        let allow = !allowed.is_empty();
        if allow != denied.is_empty() {
            return Err(
                Unsupported::input("a rule needs `allowed` or `denied`, not both").located(at),
            );
        }
        let (mut ports, mut partial) = (PortSet::empty(), PortSet::empty());
        let mut shown = Vec::new();
        for b in if allow { allowed } else { denied } {
            let (p, q, s) = block(b, at)?;
            ports = ports.union(&p);
            partial = partial.union(&q);
            shown.push(s);
        }
        let wrong = if ingress {
            "destinationRanges"
        } else {
            "sourceRanges"
        };
        if !json::array(r, wrong, at)?.is_empty() {
            return Err(Unsupported::at(
                at,
                format!("a {direction} rule with `{wrong}`"),
            ));
        }
        let local = self.targets(r, at)?;
        let peer = self.peer(r, ingress, at)?;
        let label = format!(
            "firewall rule {name} (priority {priority}, {direction} {}): {}",
            if allow { "allow" } else { "deny" },
            shown.join(", ")
        );
        let rule = Rule {
            local,
            peer,
            allow,
            ports,
            partial,
            label,
        };
        Ok(Some(((priority, allow), ingress, rule)))
    }

    /// The instances a rule applies to.
    fn targets(&self, r: &Value, at: &str) -> Result<Addrs, Unsupported> {
        let tags = names(r, "targetTags", at)?;
        let accounts = names(r, "targetServiceAccounts", at)?;
        if tags.is_empty() && accounts.is_empty() {
            return Ok(Addrs::any());
        }
        let zones = tags
            .iter()
            .filter_map(|t| self.tags.get(*t))
            .map(|&z| (None, z, true))
            .collect();
        Ok(Addrs {
            zones,
            unsure: !accounts.is_empty(),
            ..Addrs::default()
        })
    }

    /// The other end: sources of an ingress rule, destinations of an egress one.
    fn peer(&self, r: &Value, ingress: bool, at: &str) -> Result<Addrs, Unsupported> {
        let key = if ingress {
            "sourceRanges"
        } else {
            "destinationRanges"
        };
        let mut addrs = Addrs::default();
        for c in names(r, key, at)? {
            addrs.cidrs.push(json::needed_cidr(c, at)?);
        }
        if ingress {
            for t in names(r, "sourceTags", at)? {
                match self.tags.get(t) {
                    Some(&z) => {
                        let whole = self
                            .places
                            .get(&z)
                            .is_some_and(|(n, only)| n == self.network && *only);
                        addrs.zones.push((Some(Fam::V4), z, whole));
                    }
                    None => addrs.unsure = true,
                }
            }
            addrs.unsure |= !names(r, "sourceServiceAccounts", at)?.is_empty();
        }
        if addrs.cidrs.is_empty() && addrs.zones.is_empty() && !addrs.unsure {
            addrs.cidrs.push((Fam::V4, (0, Fam::V4.max())));
        }
        Ok(addrs)
    }
}

fn names<'a>(r: &'a Value, key: &str, at: &str) -> Result<Vec<&'a str>, Unsupported> {
    json::array(r, key, at)?
        .iter()
        .map(|v| {
            v.as_str().ok_or_else(|| {
                Unsupported::input(format!("`{key}` holds a non-string")).located(at)
            })
        })
        .collect()
}

/// One `allowed`/`denied` entry: full and partial points, as shown.
fn block(b: &Value, at: &str) -> Result<(PortSet, PortSet, String), Unsupported> {
    let protocol = json::needed(b, "IPProtocol", at)?;
    let list = names(b, "ports", at)?;
    let on = |p: Proto| -> Result<PortSet, Unsupported> {
        if list.is_empty() {
            return Ok(PortSet::proto(p));
        }
        let mut set = PortSet::empty();
        for t in &list {
            let (a, z) = t.split_once('-').unwrap_or((t, t));
            match (a.parse::<u32>(), z.parse::<u32>()) {
                (Ok(a), Ok(z)) if a <= z && z <= 65535 => set = set.union(&PortSet::ports(p, a, z)),
                _ => return Err(Unsupported::input(format!("the port range `{t}`")).located(at)),
            }
        }
        Ok(set)
    };
    let shown = if list.is_empty() {
        protocol.to_string()
    } else {
        format!("{protocol}:{}", list.join(","))
    };
    let (full, partial) = match protocol.to_ascii_lowercase().as_str() {
        "all" => (PortSet::any(), PortSet::empty()),
        "tcp" | "6" => (on(Proto::Tcp)?, PortSet::empty()),
        "udp" | "17" => (on(Proto::Udp)?, PortSet::empty()),
        "icmp" | "1" => (PortSet::proto(Proto::Icmp), PortSet::empty()),
        "58" | "ipv6-icmp" => (PortSet::proto(Proto::Icmpv6), PortSet::empty()),
        p if p.parse::<u8>().is_ok() || matches!(p, "esp" | "ah" | "sctp") => {
            (PortSet::empty(), PortSet::proto(Proto::Other))
        }
        _ => return Err(Unsupported::at(at, format!("the protocol `{protocol}`"))),
    };
    Ok((full, partial, shown))
}
