//! `zonec check` runs the checks of every target `zonec build` would run,
//! so a CI gate on `check` fails exactly where `build` fails. Each test is
//! one target check that `check` passed (exit 0) while `build` failed:
//! both commands run on the same file with the same options, and must give
//! the same exit code and report the target's diagnostic (in `check`'s
//! JSON and SARIF too).

use crate::util::{zonec, OutDir};
use serde_json::Value;

const TODAY: &str = "2026-11-22";

/// What `check` (in JSON and SARIF) and `build` said about one file.
struct Verdicts {
    check: i32,
    build: i32,
    /// The codes in `check --format json`'s diagnostics.
    json: Vec<String>,
    /// The rule ids of `check --format sarif`'s results.
    sarif: Vec<String>,
}

fn verdicts(name: &str, file: &str, options: &[&str]) -> Verdicts {
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&[file, "--today", TODAY]);
        all.extend_from_slice(options);
        zonec(&all)
    };
    let json = run(&["check", "--format", "json"]);
    let sarif = run(&["check", "--format", "sarif"]);
    let out = OutDir::new("check-targets", name);
    let build = run(&["build", "-o", out.path()]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let strings = |v: &Value, key: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| d[key].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        json.code, sarif.code,
        "{name}: check exits alike in every format"
    );
    assert_eq!(report["ok"], json.code == 0, "{name}: {}", json.stdout);
    Verdicts {
        check: json.code,
        build: build.code,
        json: strings(&report["diagnostics"], "code"),
        sarif: strings(&log["runs"][0]["results"], "ruleId"),
    }
}

/// `check` and `build` agree on `exit`, and `check` reports `code` in JSON
/// and SARIF.
fn agree(name: &str, file: &str, options: &[&str], exit: i32, code: &str) {
    let v = verdicts(name, file, options);
    assert_eq!((v.check, v.build), (exit, exit), "{name}: check, build");
    assert!(v.json.iter().any(|c| c == code), "{name}: {:?}", v.json);
    assert!(v.sarif.iter().any(|c| c == code), "{name}: {:?}", v.sarif);
}

#[test]
fn check_fails_on_the_aws_rule_quota() {
    let file = "tests/fixtures/cloud/quota_overflow.zones";
    agree("aws-quota", file, &[], 2, "zonec::aws-quota");
}

#[test]
fn check_takes_the_aws_quota_option_as_build_does() {
    let file = "tests/fixtures/cloud/quota_overflow.zones";
    let v = verdicts("aws-quota-raised", file, &["--aws-rules-per-sg", "100"]);
    assert_eq!((v.check, v.build), (0, 0));
}

#[test]
fn check_runs_only_the_named_targets_as_build_does() {
    let file = "tests/fixtures/cloud/quota_overflow.zones";
    let v = verdicts("aws-quota-nft-only", file, &["--target", "nftables"]);
    assert_eq!((v.check, v.build), (0, 0));
    assert!(
        !v.json.iter().any(|c| c == "zonec::aws-quota"),
        "{:?}",
        v.json
    );
}

#[test]
fn check_fails_on_an_aws_placement_that_is_not_a_vpc_id() {
    let file = "tests/fixtures/check/aws-vpc-id.zones";
    agree("vpc-id", file, &[], 2, "zonec::invalid-cloud-network");
}

#[test]
fn check_fails_on_azure_and_gcp_networks_their_provider_cannot_name() {
    let file = "tests/fixtures/check/cloud-network-names.zones";
    agree(
        "network-names",
        file,
        &[],
        2,
        "zonec::invalid-cloud-network",
    );
}

#[test]
fn check_fails_where_a_cloud_cannot_express_the_policy() {
    let file = "tests/fixtures/cloud/icmp.zones";
    agree("inexpressible", file, &[], 2, "zonec::cloud-inexpressible");
}

#[test]
fn check_fails_on_colliding_vlan_gateways() {
    let file = "tests/fixtures/vlan/errors/gateway-collision.zones";
    agree("gateway", file, &[], 2, "zonec::gateway-collision");
}

#[test]
fn check_fails_on_colliding_vlan_names() {
    let file = "tests/fixtures/vlan/errors/vlan-name-collision.zones";
    agree("vlan-names", file, &[], 2, "zonec::vlan-name-collision");
}

#[test]
fn check_fails_on_an_interface_name_linux_refuses() {
    let file = "tests/fixtures/vlan/errors/interface-name.zones";
    let options = ["--nft-interface", "{zone}"];
    agree("interface", file, &options, 2, "zonec::interface-name");
}

#[test]
fn check_warns_on_reserved_vlans_as_build_does() {
    let file = "tests/fixtures/vlan/errors/reserved-vlan.zones";
    agree("reserved-vlan", file, &[], 0, "zonec::reserved-vlan");
}

#[test]
fn a_broken_invariant_runs_no_target_in_check_as_in_build() {
    let file = "tests/fixtures/violations/three-pivots.zones";
    let v = verdicts("violation", file, &[]);
    assert_eq!((v.check, v.build), (1, 1));
}
