//! `zonec build --target vlan` end to end: snapshots of every platform's
//! files for every example and fixture, the diagnostics of the VLAN error
//! fixtures, and whether the real systemd-networkd accepts and applies the
//! generated `.netdev`/`.network` files.

#[path = "support/networkd.rs"]
mod networkd;
#[path = "support/networkd_run.rs"]
mod networkd_run;

use crate::util::{self, stem, OutDir, Run};

const TODAY: &str = "2026-01-15";

/// VLAN-specific views of a build's output.
trait VlanOut {
    fn networkd(&self) -> Vec<(String, String)>;
}

impl VlanOut for OutDir {
    /// Every file of `vlan/networkd/`, sorted, as (name, contents).
    fn networkd(&self) -> Vec<(String, String)> {
        let dir = self.0.join("vlan/networkd");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }
}

fn build(file: &str, out: &OutDir, extra: &[&str]) -> Run {
    util::build("vlan", TODAY, file, out, extra)
}

/// `policies!(check)`: one test of `check` per policy whose VLAN files are
/// snapshotted and checked: the examples, the kernel and VLAN fixtures, and
/// the hostile-strings fixture.
macro_rules! policies {
    ($check:ident) => {
        crate::fixture_lists::built_policies!($check);
        mod vlan {
            crate::fixture_lists::vlan_fixtures!(super::super::$check);
        }
    };
}

/// Whether the switch's stateless ACLs break an invariant of `file`
/// (the examples' do: their replies open forbidden ports, see `acl.rs`), or
/// cannot carry its member zones yet.
fn refused_on_the_switch(file: &str) -> Option<String> {
    let out = OutDir::new("vlan", &format!("refused-{}", stem(file)));
    let run = build(file, &out, &["--vlan-svi"]);
    if run.code == 0 {
        return None;
    }
    assert!(
        run.code == 2
            && (run.stderr.contains("zonec::acl-stateless-violation")
                || run.stderr.contains("zonec::acl-member-zone")),
        "{file}: {}",
        run.stderr
    );
    assert!(!out.0.exists(), "{file}: output written on error");
    Some(run.stderr)
}

/// Build `file` twice with SVIs (unfiltered when the switch's ACLs are
/// refused); the two outputs must be byte-identical.
fn built(file: &str, test: &str) -> OutDir {
    let (a, b) = (
        OutDir::new("vlan", &format!("{test}-{}-a", stem(file))),
        OutDir::new("vlan", &format!("{test}-{}-b", stem(file))),
    );
    let svi = if refused_on_the_switch(file).is_some() {
        "--vlan-svi-unfiltered"
    } else {
        "--vlan-svi"
    };
    for out in [&a, &b] {
        let run = build(file, out, &[svi]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    }
    for rel in [
        "vlan/ios.cfg",
        "vlan/junos.set",
        "vlan/README.txt",
        "manifest.json",
    ] {
        assert_eq!(
            a.read(rel),
            b.read(rel),
            "{file}: {rel} is not deterministic"
        );
    }
    assert_eq!(
        a.networkd(),
        b.networkd(),
        "{file}: networkd files are not deterministic"
    );
    a
}

mod every_platform_snapshot {
    policies!(check_snapshots);
}

fn check_snapshots(file: &str) {
    let name = stem(file);
    if let Some(stderr) = refused_on_the_switch(file) {
        insta::assert_snapshot!(format!("vlan_{name}_acl_refused"), stderr);
    }
    let out = built(file, "snap");
    insta::assert_snapshot!(format!("vlan_{name}_ios"), out.read("vlan/ios.cfg"));
    insta::assert_snapshot!(format!("vlan_{name}_junos"), out.read("vlan/junos.set"));
    let networkd: String = out
        .networkd()
        .iter()
        .map(|(n, text)| format!("==> {n} <==\n{text}\n"))
        .collect();
    insta::assert_snapshot!(format!("vlan_{name}_networkd"), networkd);
    insta::assert_snapshot!(format!("vlan_{name}_readme"), out.read("vlan/README.txt"));
}

#[test]
fn without_svi_no_routed_interface_is_written() {
    let out = OutDir::new("vlan", "no-svi");
    let run = build("tests/fixtures/vlan/clinic.zones", &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ios = out.read("vlan/ios.cfg");
    assert!(!ios.contains("interface Vlan"), "{ios}");
    let junos = out.read("vlan/junos.set");
    assert!(!junos.contains("irb"), "{junos}");
    assert!(out
        .read("vlan/networkd/20-vlan110.network")
        .contains("Address=10.40.0.1/16\n"));
}

#[test]
fn trunk_and_template_name_the_router_interfaces() {
    let out = OutDir::new("vlan", "template");
    let run = build(
        "tests/fixtures/vlan/clinic.zones",
        &out,
        &["--trunk", "enp3s0", "--nft-interface", "z{id}"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let router = networkd::read_files(&out.networkd()).unwrap();
    assert_eq!(router.trunk, "enp3s0");
    assert_eq!(
        router.trunk_vlans,
        ["z110", "z120", "z600", "z900", "z2600"]
    );
    assert_eq!(
        router.vlans["z120"].addresses,
        ["10.40.5.1/24", "fd00:40:5::1/64"]
    );
    assert_eq!(
        router.vlans["z600"].addresses,
        ["10.60.0.1/22", "10.61.0.1/24"]
    );
}

#[test]
fn a_bad_trunk_name_is_a_usage_error() {
    let out = OutDir::new("vlan", "bad-trunk");
    let run = build(
        "tests/fixtures/vlan/clinic.zones",
        &out,
        &["--trunk", "eth:1"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("interface name `eth:1`"),
        "{}",
        run.stderr
    );
    assert!(!out.0.exists(), "nothing is written");
}

/// Each VLAN fixture under `errors/`: its diagnostics, the exit code, and
/// no output on an error.
mod every_vlan_fixture_diagnostic {
    crate::fixture_lists::vlan_error_fixtures!(super::check_diagnostic);
}

fn check_diagnostic(file: &str) {
    let name = stem(file);
    let extra: &[&str] = if name == "interface-name" {
        &["--nft-interface", "{zone}"]
    } else {
        &["--vlan-svi"]
    };
    let out = OutDir::new("vlan", &format!("err-{name}"));
    let run = build(file, &out, extra);
    let warning_only = name == "reserved-vlan";
    assert_eq!(
        run.code,
        if warning_only { 0 } else { 2 },
        "{file}: {}",
        run.stderr
    );
    assert_eq!(
        out.0.exists(),
        warning_only,
        "{file}: output written on error"
    );
    let stderr = run.stderr.replace(out.path(), "OUT");
    insta::assert_snapshot!(format!("vlan_diagnostics_{name}"), stderr);
}

/// The real check: systemd-networkd itself reads each policy's files (no
/// complaint about any line), loads every VLAN netdev and stacks it on the
/// trunk, and configures exactly the addresses the strict reader saw, with
/// forwarding on. Needs root, `unshare` and systemd-networkd; skips with a
/// notice otherwise, unless CI=true.
mod systemd_networkd_accepts_and_applies_the_files {
    policies!(check_networkd);
}

fn check_networkd(file: &str) {
    if let Some(why) = networkd_run::unavailable() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "networkd check cannot run under CI: {why}"
        );
        eprintln!("networkd check skipped: {why}");
        return;
    }
    let out = built(file, "networkd");
    check_with_networkd(file, &out.networkd());
}

fn check_with_networkd(file: &str, files: &[(String, String)]) {
    let router = networkd::read_files(files).unwrap_or_else(|e| panic!("{file}: {e}"));
    // Tests run in parallel: each run's directory is named after its policy.
    let tag = stem(file);
    let trunk_link = std::slice::from_ref(&router.trunk);
    let parse = networkd_run::run(files, trunk_link, &format!("parse-{tag}")).unwrap();
    assert!(
        parse.complaints().is_empty(),
        "{file}: networkd complained:\n{}",
        parse.complaints().join("\n")
    );
    for name in router.vlans.keys() {
        assert!(
            parse.log.contains(&format!("{name}: loaded \"vlan\"")),
            "{file}: netdev {name} not loaded"
        );
        assert!(
            parse
                .log
                .contains(&format!("Requested stacked netdev '{name}'")),
            "{file}: {name} not stacked"
        );
    }
    let trunk = format!(
        "{0}: Configuring with /etc/systemd/network/10-{0}.network",
        router.trunk
    );
    assert!(
        parse.log.contains(&trunk),
        "{file}: trunk not configured:\n{}",
        parse.log
    );
    if router.vlans.is_empty() {
        return;
    }
    let vlan_networks: Vec<(String, String)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("20-") && n.ends_with(".network"))
        .cloned()
        .collect();
    let links: Vec<String> = router.vlans.keys().cloned().collect();
    let apply = networkd_run::run(&vlan_networks, &links, &format!("apply-{tag}")).unwrap();
    assert!(
        apply.complaints().is_empty(),
        "{file}: networkd complained:\n{}",
        apply.complaints().join("\n")
    );
    for (name, vlan) in &router.vlans {
        let mut want = vlan.addresses.clone();
        want.sort();
        assert_eq!(apply.addresses(name), want, "{file}: addresses of {name}");
    }
    assert!(
        apply.ipv4_forward && apply.ipv6_forward,
        "{file}: forwarding not enabled"
    );
}
