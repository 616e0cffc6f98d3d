//! Examples are tests: every spec in `dsl-examples/` must check clean (no
//! errors, every invariant holding) and be byte-for-byte stable.

use crate::util::zonec;

/// Every example checks clean.
mod checks_clean {
    crate::fixture_lists::examples!(super::check_example);
}

fn check_example(file: &str) {
    let run = zonec(&["check", "--today", "2026-11-22", file]);
    assert_eq!(run.code, 0, "{file}:\n{}", run.stderr);
    let json = zonec(&["check", "--today", "2026-11-22", "--format", "json", file]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // The warnings a bundled example may carry: each VLAN or cloud
    // target's notice that it cannot filter the router itself (`self`),
    // and that it grants an expiring allow without its bound.
    let warnings: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| d["code"].as_str().unwrap())
        .filter(|&code| code != "zonec::self-ignored" && code != "zonec::time-ignored")
        .collect();
    assert!(warnings.is_empty(), "{file} has warnings:\n{}", run.stderr);
}

/// The host exception of `dsl-examples/host-exception/`, done both ways:
/// each version checks clean, and `zonec diff` from the policy before shows
/// the plain zone losing every flow of `pump_server` and the member zone
/// gaining only the vendor's RDP (one snapshot, for the docs).
#[test]
fn a_host_exception_done_both_ways() {
    const DIR: &str = "dsl-examples/host-exception";
    for name in ["before", "plain-zone", "member-zone"] {
        check_example(&format!("{DIR}/{name}.zones"));
    }
    let mut text = String::new();
    for (after, close) in [("plain-zone", 1), ("member-zone", 0)] {
        let (old, new) = (
            format!("{DIR}/before.zones"),
            format!("{DIR}/{after}.zones"),
        );
        let args = ["diff", &old, &new, "--today", "2026-11-22"];
        let run = zonec(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        text.push_str(&format!(
            "$ zonec diff before.zones {after}.zones\n{}\n",
            run.stdout
        ));
        let fail = zonec(&[&args[..], &["--fail-on-close"]].concat());
        assert_eq!(fail.code, close, "{after}: --fail-on-close");
    }
    insta::with_settings!({
        snapshot_path => "snapshots/examples",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("host-exception", text);
    });
}
