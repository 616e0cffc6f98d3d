//! `zonec diff`: one fixture pair per kind of change under
//! `tests/fixtures/diff/<case>/{old,new}.zones`; the text, Markdown and JSON
//! outputs of each are one snapshot in `tests/snapshots/diff/`. Plus the
//! exit codes of `--fail-on-open`, `--fail-on-close`, `--fail-on-violation` and directory
//! inputs.

use crate::util::{root, zonec};

const DIR: &str = "tests/fixtures/diff";
const TODAY: &str = "2026-01-15";

fn diff(case: &str, format: &str, extra: &[&str]) -> crate::util::Run {
    let old = format!("{DIR}/{case}/old.zones");
    let new = format!("{DIR}/{case}/new.zones");
    let mut args = vec!["diff", &old, &new, "--today", TODAY, "--format", format];
    args.extend_from_slice(extra);
    zonec(&args)
}

/// Every case has a snapshot of its text, Markdown and JSON output.
mod snapshots {
    crate::fixture_lists::diff_cases!(super::check_case);
}

/// `dir` is `tests/fixtures/diff/CASE/`.
fn check_case(dir: &str) {
    let case = crate::util::stem(dir.trim_end_matches('/'));
    let mut all = String::new();
    for format in ["text", "markdown", "json"] {
        let run = diff(&case, format, &[]);
        assert_eq!(run.code, 0, "{case} {format}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{case} {format}: {}", run.stderr);
        if format == "json" {
            let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert!(value["summary"].is_object(), "{case}");
        }
        all.push_str(&format!("----- {format} -----\n{}", run.stdout));
    }
    insta::with_settings!({
        snapshot_path => "snapshots/diff",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(case.clone(), all);
    });
}

fn json(case: &str) -> serde_json::Value {
    serde_json::from_str(&diff(case, "json", &[]).stdout).unwrap()
}

#[test]
fn opening_a_flow_is_reported_with_its_ports_and_services() {
    let d = json("open_flow");
    assert_eq!(d["opened"][0]["from"], "clinical");
    assert_eq!(d["opened"][0]["to"], "kiosk");
    assert_eq!(d["opened"][0]["ports"], "tcp/443, tcp/8443");
    assert_eq!(
        d["opened"][0]["services"],
        serde_json::json!(["https", "tcp/8443"])
    );
    assert_eq!(d["closed"], serde_json::json!([]));
}

#[test]
fn a_new_pivot_breaks_a_forbid_and_shows_the_witness() {
    let d = json("pivot_breaks_forbid");
    let change = &d["invariants"][0];
    assert_eq!(change["invariant"], "forbid @guest ->* @phi");
    assert_eq!(change["before"]["holds"], true);
    assert_eq!(change["after"]["holds"], false);
    assert_eq!(
        change["after"]["witness"],
        serde_json::json!(["guest", "kiosk", "ehr"])
    );
    assert_eq!(d["summary"]["invariants_broken"], 1);
}

#[test]
fn a_renamed_zone_is_one_removed_and_one_added() {
    let d = json("renamed_zone");
    assert_eq!(d["zones_added"], serde_json::json!(["emr"]));
    assert_eq!(d["zones_removed"], serde_json::json!(["ehr"]));
    assert_eq!(d["prefixes"][0]["before"], "ehr");
    assert_eq!(d["prefixes"][0]["after"], "emr");
    assert_eq!(d["summary"]["flows_opened"], 2);
    assert_eq!(d["summary"]["flows_closed"], 2);
}

#[test]
fn an_added_deny_closes_only_the_ports_it_names() {
    let d = json("added_deny");
    let closed = &d["closed"][0];
    assert_eq!(
        (closed["from"].as_str(), closed["to"].as_str()),
        (Some("guest"), Some("internet"))
    );
    assert_eq!(closed["ports"], "tcp/53, udp/53");
    assert_eq!(closed["after"], "tcp/443");
    assert_eq!(d["opened"], serde_json::json!([]));
}

#[test]
fn a_moved_prefix_names_both_zones() {
    let d = json("prefix_moved");
    assert_eq!(
        d["prefixes"],
        serde_json::json!([{ "prefix": "10.30.1.0/24", "before": "kiosk", "after": "pumps" }])
    );
    assert_eq!(d["opened"], serde_json::json!([]));
}

#[test]
fn fail_on_open_exits_1_only_when_a_flow_opens() {
    for (case, code) in [
        ("open_flow", 1),
        ("pivot_breaks_forbid", 1),
        ("renamed_zone", 1),
        ("close_flow", 0),
        ("added_deny", 0),
        // by zone name nothing opens, but 10.30.1.0/24 now reaches `ehr`
        ("prefix_moved", 1),
        ("host_carved_out", 1),
        ("zone_removed", 1),
        ("unchanged", 0),
        // the vendor's RDP to the new member opens
        ("host_as_member", 1),
        ("member_removed", 0),
    ] {
        let run = diff(case, "text", &["--fail-on-open"]);
        assert_eq!(run.code, code, "{case}: {run:?}");
    }
    assert_eq!(diff("open_flow", "text", &[]).code, 0);
}

/// `--fail-on-close` exits 1 when any flow closes, by zone or by address:
/// the host carved out closes no zone pair's flow, only its own.
#[test]
fn fail_on_close_exits_1_only_when_a_flow_closes() {
    for (case, code) in [
        ("close_flow", 1),
        ("added_deny", 1),
        ("host_carved_out", 1),
        ("prefix_moved", 1),
        ("zone_removed", 1),
        // by name `ehr`'s flows close (its addresses keep theirs, as `emr`)
        ("renamed_zone", 1),
        ("open_flow", 0),
        ("unchanged", 0),
        // a member keeps every flow of its parent: nothing closes
        ("host_as_member", 0),
        // by name the member's flows close, by address its RDP
        ("member_removed", 1),
    ] {
        let run = diff(case, "text", &["--fail-on-close"]);
        assert_eq!(run.code, code, "{case}: {run:?}");
    }
    assert_eq!(diff("host_carved_out", "text", &[]).code, 0);
    let d = json("host_carved_out");
    assert_eq!(d["closed"], serde_json::json!([]), "no zone pair closes");
}

/// Carving a host out of its zone as a plain zone loses every flow of that
/// zone, in both directions, and the traffic with the hosts that stay; it
/// gains only the vendor's RDP.
#[test]
fn a_host_carved_out_as_a_plain_zone_loses_every_flow_of_its_zone() {
    let d = json("host_carved_out");
    let [range] = d["ranges"].as_array().unwrap().as_slice() else {
        panic!("{d}");
    };
    assert_eq!(range["ranges"], serde_json::json!(["10.42.1.20/32"]));
    assert_eq!(range["before"], "pump_server");
    assert_eq!(range["after"], "pump_gw_host");
    let flows = |list: &str| -> Vec<String> {
        range[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {}", f["direction"], f["peer_after"], f["ports"]))
            .collect()
    };
    let mut lost = flows("lost");
    lost.sort();
    assert_eq!(
        lost,
        [
            r#""from" "clinical" "tcp/8443""#,
            r#""from" "pump_server" "any""#,
            r#""to" "ad" "tcp/389, udp/389""#,
            r#""to" "ehr" "tcp/2575""#,
            r#""to" "pump_server" "any""#,
        ]
    );
    assert_eq!(flows("gained"), [r#""from" "vendor" "tcp/3389""#]);
    assert_eq!(d["summary"]["range_flows_lost"], 5);
}

/// The same host carved out as a member zone (`zone pump_gw in
/// pump_server`) keeps every flow of its zone: by address it only gains the
/// vendor's RDP, and removing the member again only loses it.
#[test]
fn a_host_carved_out_as_a_member_only_gains_its_own_flow() {
    let flows = |d: &serde_json::Value, list: &str| -> Vec<String> {
        let [range] = d["ranges"].as_array().unwrap().as_slice() else {
            panic!("{d}");
        };
        assert_eq!(range["ranges"], serde_json::json!(["10.42.1.20/32"]));
        range[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {}", f["direction"], f["peer_after"], f["ports"]))
            .collect()
    };
    let d = json("host_as_member");
    assert_eq!(flows(&d, "gained"), [r#""from" "vendor" "tcp/3389""#]);
    assert!(flows(&d, "lost").is_empty(), "{d}");
    assert_eq!(d["closed"], serde_json::json!([]));
    let d = json("member_removed");
    assert_eq!(flows(&d, "lost"), [r#""from" "vendor" "tcp/3389""#]);
    assert!(flows(&d, "gained").is_empty(), "{d}");
}

/// `--fail-on-violation` exits 1 only when the change breaks an invariant
/// (one that held in OLD, or one added, is violated in NEW): not for one
/// fixed or removed (a case read backwards), not for other changes, and not
/// without the flag. Each run's exit code is one
/// line of a snapshot.
#[test]
fn fail_on_violation_exits_1_only_when_an_invariant_breaks() {
    let mut table = String::new();
    for case in [
        "pivot_breaks_forbid",
        "invariant_added_broken",
        "open_flow",
        "renamed_zone",
        "unchanged",
    ] {
        for (old, new) in [("old", "new"), ("new", "old")] {
            let (o, n) = (
                format!("{DIR}/{case}/{old}.zones"),
                format!("{DIR}/{case}/{new}.zones"),
            );
            let run = zonec(&["diff", &o, &n, "--today", TODAY, "--fail-on-violation"]);
            table.push_str(&format!("{case} {old} -> {new}: exit {}\n", run.code));
        }
    }
    let plain = diff("pivot_breaks_forbid", "text", &[]);
    table.push_str(&format!(
        "pivot_breaks_forbid without the flag: exit {}\n",
        plain.code
    ));
    let both = diff(
        "open_flow",
        "json",
        &["--fail-on-violation", "--fail-on-open"],
    );
    table.push_str(&format!("open_flow with both flags: exit {}\n", both.code));
    insta::with_settings!({
        snapshot_path => "snapshots/diff",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("fail-on-violation", table);
    });
}

#[test]
fn directories_are_policies_and_invalid_input_exits_2() {
    let dir = root().join("target/test-diff");
    let _ = std::fs::remove_dir_all(&dir);
    for side in ["old", "new"] {
        std::fs::create_dir_all(dir.join(side)).unwrap();
        let text =
            std::fs::read_to_string(root().join(format!("{DIR}/open_flow/{side}.zones"))).unwrap();
        std::fs::write(dir.join(side).join("policy.zones"), text).unwrap();
    }
    let (old, new) = (dir.join("old"), dir.join("new"));
    let run = zonec(&[
        "diff",
        &old.display().to_string(),
        &new.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("+ clinical -> kiosk"), "{}", run.stdout);

    std::fs::write(
        dir.join("new").join("broken.zones"),
        "allow clinical -> nowhere\n",
    )
    .unwrap();
    let run = zonec(&[
        "diff",
        &old.display().to_string(),
        &new.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("zonec::unknown-zone"), "{}", run.stderr);
}
