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
