//! The VLAN target end to end: the files it writes and whether the real
//! systemd-networkd accepts and applies its `.netdev`/`.network` files.

#[path = "support/networkd.rs"]
mod networkd;
#[path = "support/networkd_run.rs"]
mod networkd_run;

use zonec_compiler::model::{Model, PolicyInfo, Prefix, Vlan, Zone};
use zonec_compiler::Span;
use zonec_targets::vlan::{emit, Options};

/// A policy with nested zones, IPv4-only and IPv6-only zones, named and
/// unnamed VLANs and a zone without a VLAN.
fn model() -> Model {
    let zone = |name: &str, nets: &[&str], vlan: Option<(u16, Option<&str>)>| Zone {
        name: name.to_string(),
        external: false,
        labels: Vec::new(),
        description: Some(format!("the {name} zone")),
        prefixes: nets.iter().map(|n| Prefix { net: n.parse().unwrap(), span: Span::default() }).collect(),
        vlan: vlan.map(|(id, name)| Vlan { id, name: name.map(str::to_string), span: Span::default() }),
        cloud: Vec::new(),
        span: Span::default(),
    };
    Model {
        policy: Some(PolicyInfo { name: "Riverbend".into(), owner: None, span: Span::default() }),
        zones: vec![
            zone("clinical_ws", &["10.20.0.0/16", "fd5b:7e42:1c00:2000::/56"], Some((200, Some("CLIN-WS")))),
            zone("mat_dosing", &["10.20.40.0/24", "fd5b:7e42:1c00:2040::/64"], Some((240, Some("MAT-DOSING")))),
            zone("med_iot", &["10.60.0.0/22"], Some((600, None))),
            zone("backup", &["fd5b:7e42:1c00:260::/64"], Some((260, Some("BACKUP")))),
            zone("guest_wifi", &["172.30.0.0/20", "fd5b:7e42:1c00:900::/64"], Some((900, Some("GUEST WIFI")))),
            zone("ehr", &["10.110.0.0/20"], None),
        ],
        ..Model::default()
    }
}

/// The generated `networkd/` files as (file name, contents).
fn networkd_files(model: &Model, options: &Options) -> Vec<(String, String)> {
    let out = emit(model, options);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.artifacts
        .iter()
        .filter_map(|a| a.path.strip_prefix("vlan/networkd/").map(|n| (n.to_string(), a.contents.clone())))
        .collect()
}

#[test]
fn networkd_files_read_back_as_the_router_the_policy_describes() {
    let router = networkd::read_files(&networkd_files(&model(), &Options::default())).unwrap();
    assert_eq!(router.trunk, "eth1");
    assert_eq!(router.trunk_vlans, ["vlan200", "vlan240", "vlan260", "vlan600", "vlan900"]);
    let clinical = &router.vlans["vlan200"];
    assert_eq!(clinical.id, 200);
    assert_eq!(clinical.addresses, ["10.20.0.1/16", "fd5b:7e42:1c00:2000::1/56"]);
    assert!(clinical.forwarding);
    assert_eq!(router.vlans["vlan260"].addresses, ["fd5b:7e42:1c00:260::1/64"]);
}

/// The real check: systemd-networkd itself reads the files (no complaint
/// about any line), loads every VLAN netdev, stacks them on the trunk, and
/// configures exactly the addresses (and forwarding) the strict reader saw.
#[test]
fn systemd_networkd_accepts_and_applies_the_files() {
    if let Some(why) = networkd_run::unavailable() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "networkd check cannot run under CI: {why}");
        eprintln!("networkd check skipped: {why}");
        return;
    }
    let options = Options { trunk: "eth1".into(), ..Options::default() };
    let files = networkd_files(&model(), &options);
    let router = networkd::read_files(&files).unwrap();

    let parse = networkd_run::run(&files, &[router.trunk.clone()], "parse").unwrap();
    assert!(parse.complaints().is_empty(), "networkd complained:\n{}", parse.complaints().join("\n"));
    for name in router.vlans.keys() {
        assert!(parse.log.contains(&format!("{name}: loaded \"vlan\"")), "netdev {name} not loaded:\n{}", parse.log);
        assert!(parse.log.contains(&format!("Requested stacked netdev '{name}'")), "{name} not stacked:\n{}", parse.log);
    }
    let trunk_file = format!("{}: Configuring with /etc/systemd/network/10-{}.network", router.trunk, router.trunk);
    assert!(parse.log.contains(&trunk_file), "trunk not configured:\n{}", parse.log);

    let vlan_networks: Vec<(String, String)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("20-") && n.ends_with(".network"))
        .cloned()
        .collect();
    let links: Vec<String> = router.vlans.keys().cloned().collect();
    let apply = networkd_run::run(&vlan_networks, &links, "apply").unwrap();
    assert!(apply.complaints().is_empty(), "networkd complained:\n{}", apply.complaints().join("\n"));
    for (name, vlan) in &router.vlans {
        let mut want = vlan.addresses.clone();
        want.sort();
        assert_eq!(apply.addresses(name), want, "addresses of {name}:\n{}", apply.log);
    }
    assert!(apply.ipv4_forward && apply.ipv6_forward, "forwarding not enabled");
}
