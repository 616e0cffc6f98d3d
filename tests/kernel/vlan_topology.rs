//! The VLAN test network, built from the VLAN target's own networkd files.
//!
//! The router namespace gets one interface per VLAN zone, named, numbered
//! and addressed exactly as the generated `.netdev`/`.network` files say
//! (read by the strict reader in `tests/support/networkd.rs`), with
//! forwarding as `IPForward=` says. A switch namespace has one bridge per
//! VLAN that untags it to one host namespace per zone. Hosts use their
//! zone's gateway (the router's address from the files) as default route.
//!
//! With 802.1Q in the kernel the router's VLAN interfaces are real VLAN
//! devices on a veth trunk, and the switch untags with VLAN devices on its
//! end of the trunk. Without it (as on kernels built without
//! `CONFIG_VLAN_8021Q`) each VLAN interface is a veth of the generated name
//! into that VLAN's bridge: everything above layer 2 — names, addresses,
//! routes, the ruleset — is the same, only the tag is not exercised.
//!
//! Zones without a VLAN (external, cloud) hang off the router as in the
//! nftables test: a veth `zzN` with link-local router addresses.

use crate::kernel::netns::{self, ip, Lab};
use crate::kernel::plan::{HostPlan, Plan};
use crate::kernel::run::Compiled;
use crate::kernel::topology::{sysctl, veth_host, Host, Topology};
use crate::networkd::{self, Router};
use std::net::IpAddr;
use zonec_targets::nftables::InterfaceTemplate;
use zonec_targets::{vlan, Options};

/// How the router's VLAN interfaces reach the switch.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Real 802.1Q devices on a veth trunk.
    Trunk,
    /// One veth per VLAN interface (no 802.1Q in this kernel).
    VethPerVlan,
}

/// The generated networkd files of `c`, read back.
pub fn router_config(c: &Compiled, template: &InterfaceTemplate) -> Result<Router, String> {
    let options = Options {
        vlan: vlan::Options {
            interface: Some(template.clone()),
            ..vlan::Options::default()
        },
        ..Options::default()
    };
    let out = vlan::emit(&c.input(), &options);
    if let Some(d) = out.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("vlan target failed: {}", d.message));
    }
    let files: Vec<(String, String)> = out
        .artifacts
        .iter()
        .filter_map(|a| {
            a.path
                .strip_prefix("vlan/networkd/")
                .map(|n| (n.to_string(), a.contents.clone()))
        })
        .collect();
    networkd::read_files(&files)
}

/// Build the network: router from `router`, switch, one host per plan host.
pub fn build(
    lab: &mut Lab,
    tag: &str,
    c: &Compiled,
    plan: &Plan,
    router: &Router,
) -> Result<(Topology, Mode), String> {
    let prefix = format!("{}{tag}", netns::prefix());
    let (r, s) = (format!("{prefix}-r"), format!("{prefix}-s"));
    for ns in [&r, &s] {
        lab.add(ns)?;
        ip(&["-n", ns, "link", "set", "lo", "up"])?;
    }
    router_sysctls(&r, router)?;
    let mode = trunk(&r, &s, &router.trunk)?;
    let mut hosts = Vec::new();
    for (i, h) in plan.hosts.iter().enumerate() {
        let ns = format!("{prefix}-h{i}");
        lab.add(&ns)?;
        sysctl(&ns, "net.ipv6.conf.all.accept_dad", "0")?;
        sysctl(&ns, "net.ipv6.conf.default.accept_dad", "0")?;
        let zone = c.model.zone(h.zone);
        let vlan = zone
            .vlan
            .as_ref()
            .and_then(|v| router.vlans.values().find(|i| i.id == v.id));
        let router_if = match vlan {
            Some(v) => {
                vlan_link(&r, &s, &ns, v, mode, &router.trunk)?;
                vlan_host(&ns, h, v)?;
                v.name.clone()
            }
            None => plain_host(&r, &ns, h, &format!("zz{}", h.zone.0))?,
        };
        hosts.push(Host {
            plan: h.clone(),
            ns,
            router_if,
        });
    }
    Ok((Topology { router: r, hosts }, mode))
}

/// Forwarding as the files say (`IPForward=yes` on a VLAN interface; a
/// policy without VLAN zones has no file to say it, and forwards as in the
/// nftables test); reverse-path filtering off and DAD off, so that only the
/// ruleset decides and addresses are usable at once.
fn router_sysctls(r: &str, router: &Router) -> Result<(), String> {
    let said = router.vlans.values().any(|v| v.forwarding);
    let forward = if said || router.vlans.is_empty() {
        "1"
    } else {
        "0"
    };
    for (key, value) in [
        ("net.ipv4.ip_forward", forward),
        ("net.ipv6.conf.all.forwarding", forward),
        ("net.ipv4.conf.all.rp_filter", "0"),
        ("net.ipv4.conf.default.rp_filter", "0"),
        ("net.ipv6.conf.all.accept_dad", "0"),
        ("net.ipv6.conf.default.accept_dad", "0"),
    ] {
        sysctl(r, key, value)?;
    }
    Ok(())
}

/// The veth trunk between router and switch; the mode the kernel allows.
fn trunk(r: &str, s: &str, name: &str) -> Result<Mode, String> {
    ip(&[
        "-n", r, "link", "add", name, "type", "veth", "peer", "name", "trunk", "netns", s,
    ])?;
    ip(&["-n", r, "link", "set", name, "up"])?;
    ip(&["-n", s, "link", "set", "trunk", "up"])?;
    let probe = ip(&[
        "-n", r, "link", "add", "link", name, "name", "zprobe", "type", "vlan", "id", "4094",
    ]);
    if probe.is_ok() {
        ip(&["-n", r, "link", "del", "zprobe"])?;
        Ok(Mode::Trunk)
    } else {
        Ok(Mode::VethPerVlan)
    }
}

/// The router's VLAN interface, the switch's bridge for the VLAN, and the
/// host's access port on it.
fn vlan_link(
    r: &str,
    s: &str,
    h: &str,
    v: &networkd::VlanInterface,
    mode: Mode,
    trunk: &str,
) -> Result<(), String> {
    let id = v.id.to_string();
    let (br, port, access) = (format!("br{id}"), format!("r{id}"), format!("h{id}"));
    ip(&["-n", s, "link", "add", &br, "type", "bridge"])?;
    match mode {
        Mode::Trunk => {
            ip(&[
                "-n", r, "link", "add", "link", trunk, "name", &v.name, "type", "vlan", "id", &id,
            ])?;
            ip(&[
                "-n", s, "link", "add", "link", "trunk", "name", &port, "type", "vlan", "id", &id,
            ])?;
        }
        Mode::VethPerVlan => {
            ip(&[
                "-n", r, "link", "add", &v.name, "type", "veth", "peer", "name", &port, "netns", s,
            ])?;
        }
    }
    ip(&[
        "-n", s, "link", "add", &access, "type", "veth", "peer", "name", "eth0", "netns", h,
    ])?;
    for link in [&port, &access] {
        ip(&["-n", s, "link", "set", link, "master", &br])?;
        ip(&["-n", s, "link", "set", link, "up"])?;
    }
    ip(&["-n", s, "link", "set", &br, "up"])?;
    for address in &v.addresses {
        let mut args = vec![
            "-n",
            r,
            "addr",
            "add",
            address.as_str(),
            "dev",
            v.name.as_str(),
        ];
        if address.contains(':') {
            args.push("nodad");
        }
        ip(&args)?;
    }
    ip(&["-n", r, "link", "set", &v.name, "up"])?;
    ip(&["-n", h, "link", "set", "lo", "up"])?;
    ip(&["-n", h, "link", "set", "eth0", "up"]).map(|_| ())
}

/// The host's address(es) in its zone, each routed via the gateway of the
/// zone prefix that holds it.
fn vlan_host(ns: &str, h: &HostPlan, v: &networkd::VlanInterface) -> Result<(), String> {
    for addr in [h.v4.map(IpAddr::V4), h.v6.map(IpAddr::V6)]
        .into_iter()
        .flatten()
    {
        let gateway =
            gateway_for(v, addr).ok_or_else(|| format!("no gateway of {} holds {addr}", v.name))?;
        let (len, fam) = if addr.is_ipv6() {
            ("128", "-6")
        } else {
            ("32", "-4")
        };
        let cidr = format!("{addr}/{len}");
        let mut args = vec!["-n", ns, fam, "addr", "add", cidr.as_str(), "dev", "eth0"];
        if addr.is_ipv6() {
            args.push("nodad");
        }
        ip(&args)?;
        let gw = gateway.to_string();
        ip(&["-n", ns, fam, "route", "add", &gw, "dev", "eth0"])?;
        ip(&[
            "-n", ns, fam, "route", "add", "default", "via", &gw, "dev", "eth0",
        ])?;
    }
    Ok(())
}

/// The router address (from the `.network` file) whose prefix holds `addr`,
/// the longest if several do.
fn gateway_for(v: &networkd::VlanInterface, addr: IpAddr) -> Option<IpAddr> {
    v.addresses
        .iter()
        .filter_map(|a| {
            let (ip, len) = a.split_once('/')?;
            let ip: IpAddr = ip.parse().ok()?;
            let len: u8 = len.parse().ok()?;
            let net = ipnetwork::IpNetwork::new(ip, len).ok()?;
            (net.contains(addr)).then_some((len, ip))
        })
        .max()
        .map(|(_, ip)| ip)
}

/// A zone without a VLAN: a direct veth with link-local router addresses,
/// as in the plain topology.
fn plain_host(r: &str, ns: &str, h: &HostPlan, rif: &str) -> Result<String, String> {
    veth_host(r, ns, rif, h)?;
    Ok(rif.to_string())
}
