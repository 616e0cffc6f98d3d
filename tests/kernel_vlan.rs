//! Kernel test of the VLAN target together with the nftables ruleset: for
//! every example, kernel fixture and VLAN fixture, the router namespace is
//! built from the VLAN target's generated networkd files (interface names,
//! VLAN ids, gateway addresses, forwarding), a switch namespace untags each
//! VLAN to one host namespace per zone, the ruleset generated with the same
//! interface template (`vlan{id}`) is loaded, and real packets must show
//! exactly the analysis's reachability. Anti-spoofing is shown on this
//! topology: a VLAN zone's address forged from another zone's VLAN is
//! dropped (and counted), and arrives when the ruleset has no template.
//!
//! The probing, comparison and forged-source check are the nftables kernel
//! test's (`tests/kernel/`); only the network differs
//! (`tests/kernel/vlan_topology.rs`). Run as `kernel_vlan --probe ...` it is
//! the packet prober. Skips with a notice unless root with `nft`, `ip` and
//! `ping`, or fails then when `ZONEC_REQUIRE_KERNEL=1`.

#![allow(dead_code)]

mod kernel;
#[path = "support/networkd.rs"]
mod networkd;
#[path = "kernel/vlan_topology.rs"]
mod vlan_topology;

use kernel::run;
use std::path::Path;
use vlan_topology::Mode;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = if args.first().map(String::as_str) == Some("--probe") {
        kernel::probe::main(&args[1..])
    } else {
        let mut policies = run::policies_in(&[
            "dsl-examples",
            "tests/fixtures/kernel",
            "tests/fixtures/vlan",
        ]);
        // Not yet on this network: a member zone's host belongs on its
        // family root's VLAN bridge, which the switch here does not give a
        // second access port (kernel_nftables tests member zones).
        policies.retain(|p| !p.ends_with("tests/fixtures/kernel/members.zones"));
        run::run_all("kernel_vlan", &policies, test_policy)
    };
    std::process::exit(code);
}

fn test_policy(path: &Path, tag: &str) -> Result<String, String> {
    let mut mode = None;
    let summary = run::test_policy_on(path, |lab, c, plan, template| {
        let router = vlan_topology::router_config(c, template)?;
        let (topo, m) = vlan_topology::build(lab, &format!("v{tag}"), c, plan, &router)?;
        mode = Some(m);
        Ok(topo)
    })?;
    let how = match mode {
        Some(Mode::Trunk) => "802.1Q trunk",
        _ => "no 802.1Q in this kernel: one veth per VLAN interface",
    };
    Ok(format!("{summary} [{how}]"))
}
