//! The test network: one router namespace and one host namespace per zone,
//! each host on its own veth pair. The router side of a VLAN zone's pair is
//! named by the interface template (so anti-spoofing sees the names the
//! ruleset expects); hosts route everything through the router, which
//! forwards (the only namespace with forwarding on) and runs the ruleset.
//!
//! Member zones have no VLAN of their own: a member's host sits on its
//! family root's interface, so when two hosts get one router-side name
//! the router makes that name a bridge and joins each host's veth to it.
//!
//! Addresses: each host has one address per family inside its zone's
//! effective space (/32, /128). The router side uses 169.254.0.1 and
//! fe80::1 on every link, with a host route per host, so no zone space is
//! spent on links.

use super::netns::{self, ip, Lab};
use super::plan::{HostPlan, Plan};
use std::net::IpAddr;
use zonec_model::ZoneId;

const ROUTER_V4: &str = "169.254.0.1";
const ROUTER_V6: &str = "fe80::1";

pub struct Host {
    pub plan: HostPlan,
    pub ns: String,
    /// The router-side interface of this host's link.
    pub router_if: String,
}

pub struct Topology {
    pub router: String,
    pub hosts: Vec<Host>,
}

impl Topology {
    pub fn host(&self, zone: ZoneId) -> Option<&Host> {
        self.hosts.iter().find(|h| h.plan.zone == zone)
    }
}

/// Set a sysctl inside `ns` (through the prober, so `sysctl` need not exist).
pub fn sysctl(ns: &str, key: &str, value: &str) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = exe.to_string_lossy();
    netns::exec_run(ns, &exe, &["--probe", "sysctl", key, value]).map(|_| ())
}

/// Build the network for `plan`; `interface(zone)` names the router side.
pub fn build(
    lab: &mut Lab,
    tag: &str,
    plan: &Plan,
    interface: impl Fn(ZoneId) -> String,
) -> Result<Topology, String> {
    let router = format!("{}{tag}-r", netns::prefix());
    lab.add(&router)?;
    ip(&["-n", &router, "link", "set", "lo", "up"])?;
    for (key, value) in [
        ("net.ipv4.ip_forward", "1"),
        ("net.ipv6.conf.all.forwarding", "1"),
        ("net.ipv4.conf.all.rp_filter", "0"),
        ("net.ipv4.conf.default.rp_filter", "0"),
        ("net.ipv6.conf.all.accept_dad", "0"),
        ("net.ipv6.conf.default.accept_dad", "0"),
    ] {
        sysctl(&router, key, value)?;
    }
    let names: Vec<String> = plan.hosts.iter().map(|h| interface(h.zone)).collect();
    let shared = |name: &String| names.iter().filter(|n| *n == name).count() > 1;
    let mut bridges: Vec<String> = Vec::new();
    let mut hosts = Vec::new();
    for (i, (h, router_if)) in plan.hosts.iter().zip(names.iter().cloned()).enumerate() {
        let ns = format!("{}{tag}-h{i}", netns::prefix());
        if shared(&router_if) {
            let first = !bridges.contains(&router_if);
            if first {
                ip(&["-n", &router, "link", "add", &router_if, "type", "bridge"])?;
                ip(&["-n", &router, "link", "set", &router_if, "up"])?;
                bridges.push(router_if.clone());
            }
            add_bridged_host(lab, &router, &ns, &router_if, &format!("zb{i}"), h, first)?;
        } else {
            add_host(lab, &router, &ns, &router_if, h)?;
        }
        hosts.push(Host {
            plan: h.clone(),
            ns,
            router_if,
        });
    }
    Ok(Topology { router, hosts })
}

fn add_host(lab: &mut Lab, router: &str, ns: &str, rif: &str, h: &HostPlan) -> Result<(), String> {
    lab.add(ns)?;
    sysctl(ns, "net.ipv6.conf.all.accept_dad", "0")?;
    sysctl(ns, "net.ipv6.conf.default.accept_dad", "0")?;
    veth_host(router, ns, rif, h)
}

/// A host on a bridge of the router: its veth's router side `port` joins
/// `bridge`, which carries the gateway addresses (added with the `first`
/// host) and the host routes.
fn add_bridged_host(
    lab: &mut Lab,
    router: &str,
    ns: &str,
    bridge: &str,
    port: &str,
    h: &HostPlan,
    first: bool,
) -> Result<(), String> {
    lab.add(ns)?;
    sysctl(ns, "net.ipv6.conf.all.accept_dad", "0")?;
    sysctl(ns, "net.ipv6.conf.default.accept_dad", "0")?;
    veth(router, ns, port)?;
    ip(&["-n", router, "link", "set", port, "master", bridge])?;
    addresses(router, ns, bridge, h, first)
}

/// A veth from the router (`rif`) to `eth0` in `ns`, both ends up.
fn veth(router: &str, ns: &str, rif: &str) -> Result<(), String> {
    ip(&[
        "-n", router, "link", "add", rif, "type", "veth", "peer", "name", "eth0", "netns", ns,
    ])?;
    ip(&["-n", router, "link", "set", rif, "up"])?;
    ip(&["-n", ns, "link", "set", "lo", "up"])?;
    ip(&["-n", ns, "link", "set", "eth0", "up"]).map(|_| ())
}

/// Join host namespace `ns` to the router by a veth (`rif` on the router,
/// `eth0` in the host): the host's /32 and /128 addresses, routed through
/// the router's link-local gateway addresses.
pub fn veth_host(router: &str, ns: &str, rif: &str, h: &HostPlan) -> Result<(), String> {
    veth(router, ns, rif)?;
    addresses(router, ns, rif, h, true)
}

/// The host's addresses and routes, and the router's host routes on `rif`
/// (and its gateway addresses there when `gateway`).
fn addresses(router: &str, ns: &str, rif: &str, h: &HostPlan, gateway: bool) -> Result<(), String> {
    if let Some(a) = h.v4 {
        let a = a.to_string();
        if gateway {
            ip(&[
                "-n",
                router,
                "addr",
                "add",
                &format!("{ROUTER_V4}/32"),
                "dev",
                rif,
            ])?;
        }
        ip(&["-n", router, "route", "add", &format!("{a}/32"), "dev", rif])?;
        ip(&["-n", ns, "addr", "add", &format!("{a}/32"), "dev", "eth0"])?;
        ip(&[
            "-n",
            ns,
            "route",
            "add",
            &format!("{ROUTER_V4}/32"),
            "dev",
            "eth0",
        ])?;
        ip(&[
            "-n", ns, "route", "add", "default", "via", ROUTER_V4, "dev", "eth0",
        ])?;
    }
    if let Some(a) = h.v6 {
        let a = a.to_string();
        if gateway {
            ip(&[
                "-n",
                router,
                "-6",
                "addr",
                "add",
                &format!("{ROUTER_V6}/64"),
                "dev",
                rif,
                "nodad",
            ])?;
        }
        ip(&[
            "-n",
            router,
            "-6",
            "route",
            "add",
            &format!("{a}/128"),
            "dev",
            rif,
        ])?;
        ip(&[
            "-n",
            ns,
            "-6",
            "addr",
            "add",
            &format!("{a}/128"),
            "dev",
            "eth0",
            "nodad",
        ])?;
        ip(&[
            "-n", ns, "-6", "route", "add", "default", "via", ROUTER_V6, "dev", "eth0",
        ])?;
    }
    Ok(())
}

/// Give `host` an extra address (to forge a source it does not own).
pub fn add_address(host: &Host, addr: IpAddr) -> Result<(), String> {
    let (len, extra): (&str, &[&str]) = if addr.is_ipv6() {
        ("128", &["nodad"])
    } else {
        ("32", &[])
    };
    let cidr = format!("{addr}/{len}");
    let mut args = vec![
        "-n",
        host.ns.as_str(),
        "addr",
        "add",
        cidr.as_str(),
        "dev",
        "eth0",
    ];
    args.extend_from_slice(extra);
    ip(&args).map(|_| ())
}

/// Load a ruleset into the router with `nft -f`.
pub fn load(router: &str, ruleset: &str, name: &str) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("{}{name}.nft", netns::prefix()));
    std::fs::write(&path, ruleset).map_err(|e| e.to_string())?;
    let result = netns::exec_run(router, "nft", &["-f", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    result.map(|_| ())
}

/// The packet count of a named counter in the router's `inet zonec` table.
pub fn counter(router: &str, name: &str) -> Result<u64, String> {
    let text = netns::exec_run(router, "nft", &["list", "counter", "inet", "zonec", name])?;
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[0] == "packets")
        .and_then(|w| w[1].parse().ok())
        .ok_or_else(|| format!("no packet count in `{text}`"))
}
