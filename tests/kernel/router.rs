//! The router's own services (`self`) in a real kernel: the ruleset of
//! `tests/fixtures/kernel/router.zones` loaded into the router namespace,
//! which also owns a gateway address on the guest and clinical links.
//! Management's SSH to the router's address on another zone's link
//! passes; guest's is dropped, on any of the router's addresses; the
//! router's own DNS queries to the internet zone pass and its queries to
//! any other zone are dropped; a guest host forging a management address
//! is stopped by the anti-spoofing guard before the router's SSH; and IPv6 neighbour discovery keeps working
//! under the input and output chains (the IPv6 probes need it, and the
//! router's neighbour entry for the internet host must resolve).

use super::netns::{self, Lab};
use super::observe::{self, Send};
use super::plan::Plan;
use super::run::{self, compile, ruleset};
use super::topology::{self, Topology};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use zonec_model::{Model, ZoneId};
use zonec_targets::nftables::InterfaceTemplate;

/// One probe waits this long: few probes, so no short first pass.
const TIMEOUT_MS: u64 = 2000;

/// A management address the guest host forges (no host has it).
fn forged(v6: bool) -> Option<IpAddr> {
    let text = if v6 { "fd00:70::c8" } else { "10.70.0.200" };
    text.parse().ok()
}

/// The router's own address on a zone's link: the last of its /24 and /64.
fn gateway(zone: &str, v6: bool) -> Option<IpAddr> {
    let text = match (zone, v6) {
        ("guest", false) => "10.71.0.254",
        ("guest", true) => "fd00:71::fe",
        ("clinical", false) => "10.72.0.254",
        ("clinical", true) => "fd00:72::fe",
        _ => return None,
    };
    text.parse().ok()
}

pub fn main() -> i32 {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kernel/router.zones");
    run::run_all("kernel_nftables router services", &[path], router_services)
}

fn zone(model: &Model, name: &str) -> Result<ZoneId, String> {
    model
        .zone_by_name(name)
        .ok_or_else(|| format!("fixture has no zone `{name}`"))
}

fn router_services(path: &Path, _tag: &str) -> Result<String, String> {
    let c = compile(path)?;
    let template = InterfaceTemplate::parse("vlan{id}")?;
    let text = ruleset(&c, Some(&template))?;
    let plan = Plan::new(&c.model, &c.effective, &c.table);
    let mut lab = Lab::new();
    let interface = |z: ZoneId| match &c.model.zone(z).vlan {
        Some(v) => template.expand(&c.model.zone(z).name, v.id),
        None => format!("zz{}", z.0),
    };
    let topo = topology::build(&mut lab, "rs", &plan, interface)?;
    for name in ["guest", "clinical"] {
        add_gateways(&topo, zone(&c.model, name)?, name)?;
    }
    let guest_host = topo
        .host(zone(&c.model, "guest")?)
        .ok_or("guest without host")?;
    for v6 in [false, true] {
        topology::add_address(guest_host, forged(v6).ok_or("no forged address")?)?;
    }
    topology::load(&topo.router, &text, "router")?;
    let servers = observe::start_servers(&mut lab, &topo, &plan)?;
    let router_server = serve_ssh(&mut lab, &topo.router)?;
    let failures = probe_all(&c.model, &topo, &plan)?;
    drop(router_server);
    observe::stop_servers(servers);
    let mut failures = failures;
    failures.extend(neighbour_resolved(&c.model, &topo, &plan)?);
    // The forged SYNs never reach the input chain's policy: the guard
    // drops them (their answers would have gone to management, not back).
    for counter in ["drop_to_self", "drop_from_self", "spoof_mgmt"] {
        if topology::counter(&topo.router, counter)? == 0 {
            failures.push(format!("counter {counter} counted no drop"));
        }
    }
    lab.teardown();
    if failures.is_empty() {
        Ok("router services as the policy says".into())
    } else {
        Err(failures.join("\n"))
    }
}

/// The router's gateway addresses on `name`'s link.
fn add_gateways(topo: &Topology, zone: ZoneId, name: &str) -> Result<(), String> {
    let host = topo.host(zone).ok_or("zone without host")?;
    for v6 in [false, true] {
        let addr = gateway(name, v6).ok_or("no gateway")?;
        if host.plan.addr(v6) == Some(addr) {
            return Err(format!("host of {name} took the gateway address {addr}"));
        }
        let (cidr, extra): (String, &[&str]) = if v6 {
            (format!("{addr}/128"), &["nodad"])
        } else {
            (format!("{addr}/32"), &[])
        };
        let mut args = vec!["-n", &topo.router, "addr", "add", &cidr, "dev"];
        args.push(&host.router_if);
        args.extend_from_slice(extra);
        netns::ip(&args)?;
    }
    Ok(())
}

/// A TCP listener on port 22 in the router itself, running until dropped
/// (closing its standard input stops it).
fn serve_ssh(lab: &mut Lab, router: &str) -> Result<netns::Prober, String> {
    netns::prober(lab, router, &["--probe", "serve", "22", ""], "ready")
}

/// One expected outcome: a probe line (without its id) and whether it
/// must get through.
struct Case {
    what: String,
    line: String,
    open: bool,
}

fn probe_all(model: &Model, topo: &Topology, plan: &Plan) -> Result<Vec<String>, String> {
    let (mgmt, guest) = (zone(model, "mgmt")?, zone(model, "guest")?);
    let (clinical, internet) = (zone(model, "clinical")?, zone(model, "internet")?);
    let addr = |z: ZoneId, v6: bool| {
        plan.host(z)
            .and_then(|h| h.addr(v6))
            .ok_or("no host address")
    };
    let mut hosts: Vec<(ZoneId, Case)> = Vec::new();
    let mut router: Vec<Case> = Vec::new();
    for v6 in [false, true] {
        let clinical_gw = gateway("clinical", v6).ok_or("no gateway")?;
        let guest_gw = gateway("guest", v6).ok_or("no gateway")?;
        let ssh = |to: IpAddr, open, who: &str| Case {
            what: format!("{who} ssh to the router at {to}"),
            line: format!("tcp {to} 22"),
            open,
        };
        hosts.push((mgmt, ssh(clinical_gw, true, "mgmt")));
        hosts.push((guest, ssh(guest_gw, false, "guest")));
        hosts.push((guest, ssh(clinical_gw, false, "guest")));
        let forged = forged(v6).ok_or("no forged address")?;
        hosts.push((
            guest,
            Case {
                what: format!("guest forging {forged}, ssh to the router"),
                line: format!("tcp {clinical_gw} 22 {forged}"),
                open: false,
            },
        ));
        let dns = |to: IpAddr, open, zone: &str| Case {
            what: format!("router dns query to {zone} at {to}"),
            line: format!("udp {to} 53"),
            open,
        };
        router.push(dns(addr(internet, v6)?, true, "internet"));
        router.push(dns(addr(mgmt, v6)?, false, "mgmt"));
        router.push(dns(addr(clinical, v6)?, false, "clinical"));
    }
    let sends: Vec<Send> = hosts
        .iter()
        .enumerate()
        .map(|(id, (from, case))| Send {
            from: *from,
            line: format!("{id} {}", case.line),
        })
        .collect();
    let from_hosts = observe::send_all(topo, &sends, TIMEOUT_MS)?;
    let offset = hosts.len();
    let from_router = send_from(&topo.router, &router, offset)?;
    let mut failures = Vec::new();
    let all = hosts.iter().map(|(_, c)| c).chain(&router);
    for (id, case) in all.enumerate() {
        let got = from_hosts.get(&id).or(from_router.get(&id)).copied();
        if got != Some(case.open) {
            let want = if case.open { "open" } else { "dropped" };
            failures.push(format!("{}: expected {want}, got {got:?}", case.what));
        }
    }
    Ok(failures)
}

/// Run `cases` from the router namespace; ids start at `offset`.
fn send_from(
    router: &str,
    cases: &[Case],
    offset: usize,
) -> Result<std::collections::BTreeMap<usize, bool>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let timeout = TIMEOUT_MS.to_string();
    let mut child = netns::exec(
        router,
        &exe.to_string_lossy(),
        &["--probe", "send", &timeout],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .map_err(|e| format!("start router prober: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let lines: Vec<String> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {}", i + offset, c.line))
            .collect();
        stdin
            .write_all((lines.join("\n") + "\n").as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let mut ok = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut f = line.split_whitespace();
        if let (Some(id), Some(verdict)) = (f.next().and_then(|i| i.parse().ok()), f.next()) {
            ok.insert(id, verdict == "ok");
        }
    }
    Ok(ok)
}

/// The router resolved the internet host's IPv6 address by neighbour
/// discovery, through its own output and input chains.
fn neighbour_resolved(model: &Model, topo: &Topology, plan: &Plan) -> Result<Vec<String>, String> {
    let internet = zone(model, "internet")?;
    let host = topo.host(internet).ok_or("internet without host")?;
    let addr = plan
        .host(internet)
        .and_then(|h| h.addr(true))
        .ok_or("internet host without IPv6")?;
    let table = netns::ip(&[
        "-n",
        &topo.router,
        "-6",
        "neigh",
        "show",
        "dev",
        &host.router_if,
    ])?;
    let entry = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(addr.to_string().as_str()));
    match entry {
        Some(l) if l.contains("lladdr") => Ok(Vec::new()),
        other => Ok(vec![format!(
            "router has no resolved neighbour entry for {addr}: {other:?}"
        )]),
    }
}
