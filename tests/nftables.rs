//! `zonec build --target nftables` end to end: a snapshot of the ruleset of
//! every example and kernel fixture, `nft -c` on each, the manifest, and
//! that a failed build writes nothing.

use crate::util::{self, root, stem, zonec, OutDir, Run};
use std::path::Path;

const TODAY: &str = "2026-01-15";

fn build(file: &str, out: &OutDir, extra: &[&str]) -> Run {
    util::build("nftables", TODAY, file, out, extra)
}

/// `policies!(check)`: one test of `check` per policy whose ruleset is
/// snapshotted and checked: the examples, the kernel fixtures, a policy
/// whose zone class is written as one, monitored zones and time-bounded
/// allows (`nftables/monitor.zones`), and the hostile-strings fixtures
/// (`nftables/hostile.zones` and `hostile.rs`'s).
macro_rules! policies {
    ($check:ident) => {
        crate::fixture_lists::built_policies!($check);
        #[test]
        fn nftables_classes() {
            super::$check("tests/fixtures/nftables/classes.zones");
        }
        #[test]
        fn nftables_hostile() {
            super::$check("tests/fixtures/nftables/hostile.zones");
        }
        #[test]
        fn nftables_monitor() {
            super::$check("tests/fixtures/nftables/monitor.zones");
        }
    };
}

/// The ruleset of `file` with anti-spoofing on (`vlan{id}`), built twice
/// to check the output is byte-identical.
fn ruleset(file: &str) -> String {
    let (a, b) = (
        OutDir::new("nft", &format!("{}-a", stem(file))),
        OutDir::new("nft", &format!("{}-b", stem(file))),
    );
    for out in [&a, &b] {
        let run = build(file, out, &["--nft-interface", "vlan{id}"]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    }
    let text = a.read("nftables/zonec.nft");
    assert_eq!(
        text,
        b.read("nftables/zonec.nft"),
        "{file}: output is not deterministic"
    );
    assert_eq!(a.read("manifest.json"), b.read("manifest.json"));
    text
}

mod ruleset_snapshots {
    policies!(check_snapshot);
}

fn check_snapshot(file: &str) {
    let text = ruleset(file);
    insta::assert_snapshot!(format!("nft_{}", stem(file)), text);
}

#[test]
fn without_template_no_interface_is_checked() {
    let out = OutDir::new("nft", "no-template");
    let run = build("tests/fixtures/kernel/antispoof.zones", &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = out.read("nftables/zonec.nft");
    assert!(!text.contains("iifname"), "{text}");
    assert!(text.contains("# Anti-spoofing: off."), "{text}");
}

/// `nft -c -f` on every ruleset: needs nft and CAP_NET_ADMIN.
mod rulesets_pass_nft_check {
    policies!(check_with_nft);
}

fn check_with_nft(file: &str) {
    let required = std::env::var("ZONEC_REQUIRE_KERNEL").as_deref() == Ok("1");
    let usable = std::process::Command::new("nft")
        .args(["-c", "-f", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !usable {
        assert!(
            !required,
            "ZONEC_REQUIRE_KERNEL=1 but `nft -c` cannot run here"
        );
        eprintln!("nft check skipped: nft not found or not permitted");
        return;
    }
    for extra in [&[][..], &["--nft-interface", "vlan{id}"][..]] {
        let out = OutDir::new("nft", &format!("check-{}", stem(file)));
        let run = build(file, &out, extra);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let path = out.0.join("nftables/zonec.nft");
        let check = std::process::Command::new("nft")
            .arg("-c")
            .arg("-f")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{file} {extra:?}: nft -c failed:\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn manifest_lists_inputs_and_artifacts_with_digests() {
    let out = OutDir::new("nft", "manifest");
    let file = "tests/fixtures/kernel/nesting.zones";
    let run = build(file, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest: serde_json::Value = serde_json::from_str(&out.read("manifest.json")).unwrap();
    assert_eq!(manifest["zonec_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["targets"], serde_json::json!(["nftables"]));
    assert_eq!(manifest["inputs"][0]["path"], file);
    assert_eq!(
        manifest["inputs"][0]["sha256"],
        sha256(&std::fs::read(root().join(file)).unwrap())
    );
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let paths: Vec<&str> = artifacts
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["nftables/flush-revoked.sh", "nftables/zonec.nft"]);
    for (artifact, path) in artifacts.iter().zip(paths) {
        assert_eq!(artifact["sha256"], sha256(out.read(path).as_bytes()));
    }
    let text = out.read("manifest.json");
    assert!(
        !text.contains("time") && !text.contains("date"),
        "no timestamps: {text}"
    );
}

/// SHA-256 with the `sha256sum` tool, independent of zonec's own code.
fn sha256(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn invalid_policy_writes_nothing() {
    let out = OutDir::new("nft", "invalid");
    let run = build("tests/fixtures/nftables/invalid.zones", &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        !Path::new(out.path()).exists(),
        "no directory may be created"
    );
}

#[test]
fn broken_invariant_writes_nothing() {
    let out = OutDir::new("nft", "violation");
    let run = build("tests/fixtures/nftables/violation.zones", &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("zonec::forbid-violated"),
        "{}",
        run.stderr
    );
    assert!(
        !Path::new(out.path()).exists(),
        "no directory may be created"
    );
}

#[test]
fn interface_names_linux_refuses_are_errors() {
    let out = OutDir::new("nft", "bad-interface");
    let run = build(
        "tests/fixtures/kernel/antispoof.zones",
        &out,
        &["--nft-interface", "vlan-{zone}-{id}"],
    );
    assert_eq!(run.code, 2);
    assert!(
        !Path::new(out.path()).exists(),
        "no directory may be created"
    );
    insta::assert_snapshot!("nft_interface_too_long", run.stderr);
    let run = build(
        "tests/fixtures/kernel/antispoof.zones",
        &out,
        &["--nft-interface", "vlan"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("nft_interface_shared", run.stderr);
    let run = build(
        "tests/fixtures/kernel/antispoof.zones",
        &out,
        &["--nft-interface", "vlan*"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`*` may not appear in an interface template"),
        "{}",
        run.stderr
    );
    assert!(!Path::new(out.path()).exists());
}

#[test]
fn unknown_target_is_a_usage_error() {
    let out = OutDir::new("nft", "unknown-target");
    let run = zonec(&[
        "build",
        "tests/fixtures/kernel/nesting.zones",
        "-o",
        out.path(),
        "--target",
        "pf",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'pf' for '--target <TARGET>'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("[possible values: nftables, vlan, aws, azure, gcp]"),
        "{}",
        run.stderr
    );
}

/// The lock-out guard refuses a policy that names `self` but lets no zone
/// reach it, and writes nothing; `--allow-lockout` builds it, with an
/// input chain that accepts no zone (only what the router itself needs).
#[test]
fn allow_lockout_builds_a_router_nobody_reaches() {
    let file = "tests/fixtures/errors/lockout.zones";
    let refused = OutDir::new("nft", "lockout-refused");
    let run = build(file, &refused, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("zonec::lockout"), "{}", run.stderr);
    assert!(!refused.0.exists());
    let out = OutDir::new("nft", "lockout-allowed");
    let run = build(file, &out, &["--allow-lockout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = out.read("nftables/zonec.nft");
    assert!(text.contains("\tchain input {\n"), "{text}");
    assert!(!text.contains("map self_in"), "{text}");
    assert!(text.contains("map self_out4"), "{text}");
}
