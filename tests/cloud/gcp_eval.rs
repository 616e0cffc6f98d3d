//! GCP VPC firewall semantics, read back from `gcp.tf.json`:
//! - rules belong to a network and apply to the instances their
//!   `target_tags` name (every instance without `target_tags`); ingress
//!   rules match sources by `source_ranges` or `source_tags` (either
//!   matches), egress rules destinations by `destination_ranges`;
//! - the rule with the lowest priority number decides, a deny beating an
//!   allow of the same priority; then the implied rules at 65535: deny all
//!   ingress, allow all egress (stateful: replies are not checked);
//! - `all` is every protocol, `icmp` every ICMP type, `58` every ICMPv6 type;
//! - source tags identify instances by their IPv4 address, so they match
//!   nothing in IPv6 traffic here.
//!
//! Zone `Z`'s instances carry the tag the output `zone_network_tags` maps
//! `Z` to, in the network of `Z`'s `gcp-network`.

use super::eval::{first_match, Match, OrderedRule, Verdict};
use super::matrix::Cloud;
use super::space::{addrs_of, Fam, World};
use super::tf;
use serde_json::Value;
use std::collections::BTreeMap;
use zonec_model::{CloudProvider, Model, PortSet, Proto, ZoneId};

#[derive(Clone, Debug)]
struct Rule {
    network: String,
    ingress: bool,
    priority: u64,
    allow: bool,
    /// `None`: every instance of the network.
    targets: Option<Vec<String>>,
    ranges: Vec<String>,
    tags: Vec<String>,
    ports: PortSet,
    partial: PortSet,
}

pub struct Gcp {
    rules: Vec<Rule>,
    tags: BTreeMap<String, ZoneId>,
    placement: BTreeMap<ZoneId, (String, bool)>,
}

fn strs(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|x| x.as_str().expect("string").to_string())
        .collect()
}

fn block(b: &Value) -> (PortSet, PortSet) {
    let proto = b["protocol"].as_str().expect("protocol");
    let on = |p: Proto| {
        let list = strs(b.get("ports"));
        if list.is_empty() {
            return PortSet::proto(p);
        }
        PortSet::from_ranges(list.iter().map(|t| {
            let (a, z) = t.split_once('-').unwrap_or((t, t));
            (
                p.bounds().0 + a.parse::<u32>().expect("port"),
                p.bounds().0 + z.parse::<u32>().expect("port"),
            )
        }))
    };
    match proto {
        "all" => (PortSet::any(), PortSet::empty()),
        "tcp" | "6" => (on(Proto::Tcp), PortSet::empty()),
        "udp" | "17" => (on(Proto::Udp), PortSet::empty()),
        "icmp" | "1" => (PortSet::proto(Proto::Icmp), PortSet::empty()),
        "58" => (PortSet::proto(Proto::Icmpv6), PortSet::empty()),
        _ => (PortSet::empty(), PortSet::proto(Proto::Other)),
    }
}

impl Gcp {
    pub fn from_terraform(model: &Model, doc: &Value) -> Gcp {
        let mut rules = Vec::new();
        for (_, r) in doc["resource"]["google_compute_firewall"]
            .as_object()
            .into_iter()
            .flatten()
        {
            assert!(
                r.get("disabled").is_none_or(|d| d == false),
                "disabled rule"
            );
            let allow = r.get("allow").is_some();
            assert!(allow != r.get("deny").is_some(), "a rule allows or denies");
            let blocks = r
                .get(if allow { "allow" } else { "deny" })
                .and_then(Value::as_array)
                .expect("blocks");
            let (ports, partial) = blocks
                .iter()
                .map(block)
                .fold((PortSet::empty(), PortSet::empty()), |(a, b), (c, d)| {
                    (a.union(&c), b.union(&d))
                });
            let ingress = r["direction"] == "INGRESS";
            let ranges = strs(r.get(if ingress {
                "source_ranges"
            } else {
                "destination_ranges"
            }));
            rules.push(Rule {
                network: tf::text(r["network"].as_str().expect("network")),
                ingress,
                priority: r.get("priority").and_then(Value::as_u64).unwrap_or(1000),
                allow,
                targets: r.get("target_tags").map(|t| strs(Some(t))),
                ranges,
                tags: strs(r.get("source_tags")),
                ports,
                partial,
            });
        }
        let mut tags = BTreeMap::new();
        for (zone, tag) in doc["output"]["zone_network_tags"]["value"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let id = model.zone_by_name(zone).expect("tag of a known zone");
            assert!(
                tags.insert(tag.as_str().expect("tag").to_string(), id)
                    .is_none(),
                "tag shared by two zones"
            );
        }
        let mut placement = BTreeMap::new();
        for id in model.zone_ids() {
            let z = model.zone(id);
            if let Some(p) = z.cloud.iter().find(|p| p.provider == CloudProvider::Gcp) {
                placement.insert(id, (p.network.clone(), z.cloud.len() == 1));
            }
        }
        let mut zones: Vec<ZoneId> = tags.values().copied().collect();
        zones.sort();
        assert_eq!(
            zones,
            placement.keys().copied().collect::<Vec<_>>(),
            "one tag per placed zone"
        );
        Gcp {
            rules,
            tags,
            placement,
        }
    }

    fn targets(&self, r: &Rule, zone: ZoneId) -> Match {
        match &r.targets {
            None => Match::Full,
            Some(t) if t.iter().any(|t| self.tags.get(t) == Some(&zone)) => Match::Full,
            Some(_) => Match::None,
        }
    }

    /// How an ingress rule's sources match `src`'s traffic.
    fn sources(&self, world: &World, r: &Rule, src: Option<ZoneId>, fam: Fam) -> Match {
        let mut addrs = addrs_of(fam, &r.ranges);
        let mut unsure = false;
        if fam == Fam::V4 {
            for t in &r.tags {
                let Some(&z) = self.tags.get(t) else { continue };
                let whole = self
                    .placement
                    .get(&z)
                    .is_some_and(|(n, only)| n == &r.network && *only);
                if whole {
                    addrs = addrs.union(&world.space(Some(z), fam));
                } else if Some(z) == src {
                    unsure = true;
                }
            }
        }
        match Match::of(&world.space(src, fam), &addrs) {
            Match::None if unsure => Match::Partial,
            m => m,
        }
    }

    fn evaluate(
        &self,
        world: &World,
        at: ZoneId,
        ingress: bool,
        other: Option<ZoneId>,
        fam: Fam,
    ) -> Verdict {
        let network = &self.placement[&at].0;
        let mut mine: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| &r.network == network && r.ingress == ingress)
            .collect();
        mine.sort_by_key(|r| (r.priority, r.allow));
        let mut ordered: Vec<OrderedRule> = mine
            .into_iter()
            .map(|r| {
                let peer = if ingress {
                    self.sources(world, r, other, fam)
                } else {
                    Match::of(&world.space(other, fam), &addrs_of(fam, &r.ranges))
                };
                OrderedRule {
                    hit: self.targets(r, at).and(peer),
                    allow: r.allow,
                    ports: r.ports.clone(),
                    partial: r.partial.clone(),
                }
            })
            .collect();
        // Implied rules: deny all ingress, allow all egress.
        ordered.push(OrderedRule {
            hit: Match::Full,
            allow: !ingress,
            ports: PortSet::any(),
            partial: PortSet::empty(),
        });
        first_match(&ordered, fam)
    }
}

impl Cloud for Gcp {
    fn ingress(&self, world: &World, src: Option<ZoneId>, dst: ZoneId, fam: Fam) -> Verdict {
        self.evaluate(world, dst, true, src, fam)
    }

    fn egress(&self, world: &World, src: ZoneId, dst: Option<ZoneId>, fam: Fam) -> Verdict {
        self.evaluate(world, src, false, dst, fam)
    }
}
