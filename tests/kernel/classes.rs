//! Kernel check of the class encoding of the nftables ruleset: generated
//! policies whose zone classes have more zones than the emitter writes
//! zone by zone, so the ruleset shares chains, maps and same-zone sets
//! between zones. Each is loaded into the router and probed like the
//! fixtures, on a sample of its zones, plus traffic inside one zone
//! through the router (a second host of the zone on its own link), which
//! the language always allows and the class's map alone would not.
//!
//! - `classes-labels`: two label classes of about twenty zones, one with a
//!   flow inside itself on one port (same-zone sets needed), one with every
//!   port (its map accepts its own ranges), a zone of two prefixes, a zone
//!   with a nested zone cut out of it (a same-zone chain), a deny carving
//!   one pair out of the class flow, and the internet.
//! - `classes-anyany`: `allow any -> any : tcp/22` over 8,191 zones and
//!   the internet, dual-stack, probed on a sample of pairs: the policy of
//!   issue 13's figures, whose ruleset is one class chain.

use super::netns::Lab;
use super::observe::{self, Send};
use super::plan::{HostPlan, Plan};
use super::run;
use super::topology::{self, Host, Topology};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use zonec_model::ZoneId;

pub fn main() -> i32 {
    let cases: Vec<PathBuf> = ["classes-labels", "classes-anyany"]
        .iter()
        .map(PathBuf::from)
        .collect();
    run::run_all("kernel_nftables (zone classes)", &cases, test_case)
}

/// One generated policy: its text, the zones probed, and the zones that
/// get a second host with the address given.
struct Case {
    text: String,
    sample: Vec<&'static str>,
    twins: Vec<(&'static str, &'static str, Option<&'static str>)>,
}

fn case(name: &str) -> Result<Case, String> {
    match name {
        "classes-labels" => Ok(labels()),
        "classes-anyany" => Ok(anyany()),
        _ => Err(format!("no generated case `{name}`")),
    }
}

fn labels() -> Case {
    let mut text = String::from(
        "policy \"kernel: zone classes\"\nlabel a \"class a\"\nlabel b \"class b\"\n\
         zone internet external { net 0.0.0.0/0, ::/0 }\n",
    );
    for i in 0..20 {
        text.push_str(&format!(
            "zone a{i} {{ labels a; net 10.1.{i}.0/24, fd00:1:{i:x}::/64 }}\n\
             zone b{i} {{ labels b; net 10.2.{i}.0/24, fd00:2:{i:x}::/64 }}\n"
        ));
    }
    text.push_str(
        "zone multi { labels a; net 10.3.1.0/24, 10.3.7.0/24 }\n\
         zone wide { labels a; net 10.4.0.0/16 }\n\
         zone inner { labels b; net 10.4.5.0/24 }\n\
         allow @a -> @a : tcp/22\n\
         allow @a -> @b : tcp/443, udp/53\n\
         deny a3 -> b7 : tcp/443\n\
         allow @b -> @b\n\
         allow @b -> internet : tcp/443\n",
    );
    Case {
        text,
        sample: vec![
            "a0", "a1", "a3", "a10", "multi", "wide", "b0", "b1", "b7", "b12", "inner", "internet",
        ],
        twins: vec![
            ("a1", "10.1.1.200", Some("fd00:1:1::200")),
            ("multi", "10.3.7.10", None),
            ("wide", "10.4.200.10", None),
            ("b1", "10.2.1.200", Some("fd00:2:1::200")),
        ],
    }
}

fn anyany() -> Case {
    let mut text = String::from(
        "policy \"kernel: any to any\"\nzone internet external { net 0.0.0.0/0, ::/0 }\n",
    );
    for i in 0..8_191 {
        text.push_str(&format!(
            "zone z{i} {{ net 10.{}.{}.0/24, fd00:5:{i:x}::/64 }}\n",
            5 + i / 256,
            i % 256
        ));
    }
    text.push_str("allow any -> any : tcp/22\n");
    Case {
        text,
        sample: vec![
            "z0", "z1", "z2", "z77", "z255", "z256", "z4096", "z8190", "internet",
        ],
        twins: vec![
            ("z77", "10.5.77.200", Some("fd00:5:4d::200")),
            ("internet", "198.51.100.10", Some("2001:db8:1::10")),
        ],
    }
}

fn test_case(path: &Path, tag: &str) -> Result<String, String> {
    let tag = &format!("c{tag}");
    let name = path.to_string_lossy();
    let case = case(&name)?;
    let c = run::compile_text(&name, case.text.clone())?;
    let zone = |n: &str| {
        c.model
            .zone_ids()
            .find(|&z| c.model.zone(z).name == n)
            .ok_or_else(|| format!("no zone {n}"))
    };
    let sample = case
        .sample
        .iter()
        .map(|n| zone(n))
        .collect::<Result<Vec<_>, _>>()?;
    let plan = Plan::sampled(&c.model, &c.effective, &c.table, |z| sample.contains(&z));
    let ruleset = run::ruleset(&c, None)?;
    if !ruleset.contains("from_class-") {
        return Err("the ruleset shares no class chain: the case tests nothing new".into());
    }
    let mut lab = Lab::new();
    let topo = topology::build(&mut lab, tag, &plan, |z| format!("zz{}", z.0))?;
    topology::load(&topo.router, &ruleset, "classes")?;
    let mut twins = Vec::new();
    for (i, (name, v4, v6)) in case.twins.iter().enumerate() {
        let twin = HostPlan {
            zone: zone(name)?,
            v4: Some(v4.parse().map_err(|e| format!("{v4}: {e}"))?),
            v6: v6
                .map(|a| a.parse())
                .transpose()
                .map_err(|e| format!("{e}"))?,
        };
        twins.push(add_twin(&mut lab, &topo, tag, i, twin)?);
    }
    let twin_topo = Topology {
        router: topo.router.clone(),
        hosts: twins,
    };
    let mut servers = observe::start_servers(&mut lab, &topo, &plan)?;
    servers.extend(observe::start_servers(&mut lab, &twin_topo, &plan)?);
    let cells: Vec<_> = plan.expected.keys().copied().collect();
    let mut observed = observe::probe(&topo, &plan, &cells, run::TIMEOUT_MS)?;
    let retry: Vec<_> = cells
        .iter()
        .filter(|c| plan.expected[c] && !observed[c])
        .copied()
        .collect();
    if !retry.is_empty() {
        observed.extend(observe::probe(&topo, &plan, &retry, run::RETRY_TIMEOUT_MS)?);
    }
    let inside = probe_inside(&topo, &twin_topo, &plan)?;
    observe::stop_servers(servers);
    lab.teardown();
    run::compare(&c.model, &plan, &observed)?;
    let open = observed.values().filter(|&&ok| ok).count();
    Ok(format!(
        "{} zones, {} probed, {} probes ({open} open), {inside} same-zone probes through the router all open",
        c.model.zones.len(),
        plan.hosts.len(),
        plan.expected.len()
    ))
}

/// A second host of a zone, on its own link to the router.
fn add_twin(
    lab: &mut Lab,
    topo: &Topology,
    tag: &str,
    i: usize,
    plan: HostPlan,
) -> Result<Host, String> {
    let ns = format!("{}{tag}-t{i}", super::netns::prefix());
    lab.add(&ns)?;
    topology::sysctl(&ns, "net.ipv6.conf.all.accept_dad", "0")?;
    topology::sysctl(&ns, "net.ipv6.conf.default.accept_dad", "0")?;
    let router_if = format!("zt{i}");
    topology::veth_host(&topo.router, &ns, &router_if, &plan)?;
    Ok(Host {
        plan,
        ns,
        router_if,
    })
}

/// Every TCP and UDP probe from each twin to its zone's first host and
/// back, in each family both have: all must arrive, whatever the class's
/// flow inside itself allows. The number of probes.
fn probe_inside(topo: &Topology, twins: &Topology, plan: &Plan) -> Result<usize, String> {
    let mut out: Vec<(ZoneId, IpAddr)> = Vec::new();
    let mut back: Vec<(ZoneId, IpAddr)> = Vec::new();
    for twin in &twins.hosts {
        let zone = twin.plan.zone;
        let first = topo.host(zone).ok_or("twin of a zone not probed")?;
        for v6 in [false, true] {
            if let (Some(a), Some(b)) = (twin.plan.addr(v6), first.plan.addr(v6)) {
                out.push((zone, b));
                back.push((zone, a));
            }
        }
    }
    let lines = |targets: &[(ZoneId, IpAddr)]| -> Vec<Send> {
        let mut sends = Vec::new();
        for &(zone, dst) in targets {
            for p in plan.tcp_ports() {
                let line = format!("{} tcp {dst} {p}", sends.len());
                sends.push(Send { from: zone, line });
            }
            for p in plan.udp_ports() {
                let line = format!("{} udp {dst} {p}", sends.len());
                sends.push(Send { from: zone, line });
            }
        }
        sends
    };
    let mut total = 0;
    for (from, targets) in [(twins, &out), (topo, &back)] {
        let sends = lines(targets);
        let mut ok = observe::send_all(from, &sends, run::RETRY_TIMEOUT_MS)?;
        let blocked: Vec<&str> = sends
            .iter()
            .enumerate()
            .filter(|(i, _)| !ok.remove(i).unwrap_or(false))
            .map(|(_, s)| s.line.as_str())
            .collect();
        if !blocked.is_empty() {
            return Err(format!(
                "traffic inside one zone blocked: {}",
                blocked.join("; ")
            ));
        }
        total += sends.len();
    }
    Ok(total)
}
