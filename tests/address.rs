//! Asking by address (issue 15 items 1 and 2): `zonec which` and `zonec
//! explain` with addresses, labels and zones. Each fixture in
//! `tests/fixtures/address/` lists the commands to run in `# $` lines with
//! the exit code each must have (`=> 1`); one snapshot per fixture holds
//! every command with its exit code, standard output and standard error.

use crate::util::{root, stem, zonec};
use serde_json::Value;

const TODAY: &str = "2026-11-22";
const FIXTURE: &str = "tests/fixtures/address/ward.zones";

mod fixtures {
    crate::fixture_lists::address_fixtures!(super::check_questions);
}

/// Every `# $ COMMAND ARGS... => CODE` line of `file`.
fn questions(file: &str) -> Vec<(Vec<String>, i32)> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let lines = text.lines().filter_map(|l| l.strip_prefix("# $ "));
    let question = |line: &str| {
        let (args, code) = line.rsplit_once(" => ").expect("`=> CODE` at the end");
        let args = args.split_whitespace().map(str::to_string).collect();
        (args, code.trim().parse().unwrap())
    };
    lines.map(question).collect()
}

/// `zonec COMMAND FILE ARGS... --today TODAY`.
fn ask(file: &str, args: &[String]) -> crate::util::Run {
    let mut all: Vec<&str> = vec![&args[0], file];
    all.extend(args[1..].iter().map(String::as_str));
    all.extend(["--today", TODAY]);
    zonec(&all)
}

fn check_questions(file: &str) {
    let questions = questions(file);
    assert!(!questions.is_empty(), "{file}: no `# $` line");
    let mut text = String::new();
    for (args, code) in questions {
        let run = ask(file, &args);
        let shown = args.join(" ");
        assert_eq!(
            run.code, code,
            "zonec {shown}\n{}{}",
            run.stdout, run.stderr
        );
        text.push_str(&format!("$ zonec {shown}   [exit {code}]\n"));
        text.push_str(&run.stdout);
        text.push_str(&run.stderr);
        text.push('\n');
    }
    insta::with_settings!({
        snapshot_path => "snapshots/address",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => file,
    }, {
        insta::assert_snapshot!(stem(file), text);
    });
}

fn run(args: &[&str]) -> crate::util::Run {
    let mut all = args.to_vec();
    all.extend([FIXTURE, "--today", TODAY]);
    zonec(&all)
}

#[test]
fn an_address_in_a_nested_zone_is_in_the_most_specific_one() {
    let out = run(&["which", "10.40.10.20", "10.40.9.9", "fd40::1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("10.40.10.20: zone `pharmacy`, prefix 10.40.10.0/24 at "));
    assert!(lines[1].starts_with("10.40.9.9: zone `clinical`, prefix 10.40.0.0/16 at "));
    assert!(lines[2].starts_with("fd40::1: zone `clinical`, prefix fd40::/48 at "));
    assert!(
        lines[0].ends_with(", labels @phi, VLAN 410"),
        "{}",
        lines[0]
    );
}

#[test]
fn an_address_in_no_zone_is_said_to_be_in_none() {
    let out = run(&["which", "--format", "json", "192.0.2.1", "10.30.0.1"]);
    assert_eq!(out.code, 1);
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    let [none, dmz] = value["addresses"].as_array().unwrap().as_slice() else {
        panic!("{value}");
    };
    assert_eq!(none["zone"], Value::Null);
    assert_eq!(dmz["zone"], "dmz");
    assert_eq!(dmz["vlan"]["name"], "DMZ");

    let out = run(&["explain", "--from", "2001:db8::1", "--to", "dmz"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains("`2001:db8::1` is in no zone"),
        "{}",
        out.stderr
    );
}

#[test]
fn explain_json_has_the_documented_shape() {
    let out = run(&[
        "explain",
        "--from",
        "@guest",
        "--to",
        "10.40.10.20",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["from"]["kind"], "label");
    assert_eq!(
        v["from"]["zones"],
        serde_json::json!(["guest_wifi", "lobby_kiosk"])
    );
    assert_eq!(v["to"]["kind"], "address");
    assert_eq!(v["to"]["prefix"], "10.40.10.0/24");
    assert_eq!(v["possible"], false);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    let governing = pairs[0]["invariants"].as_array().unwrap();
    assert_eq!(governing[0]["invariant"], "forbid @guest ->* @phi : https");
    assert_eq!(governing[0]["relation"], "covers");
    assert_eq!(governing[0]["holds"], true);
    let reports = v["invariants"].as_array().unwrap();
    assert_eq!(reports[0]["certificate"]["kind"], "closed");
    assert_eq!(reports[0]["location"], governing[0]["location"]);
}

#[test]
fn explain_names_the_governing_invariants_with_their_evidence() {
    let out = run(&["explain", "--from", "dmz", "--to", "pharmacy"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("`forbid @guest ->* @phi : https` at "))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(line.contains(":24:1, on a path through this pair, holds; certificate: no allowed flow leaves {`guest_wifi`, `lobby_kiosk`, `dmz`}"), "{line}");
    assert!(
        out.stdout.ends_with("\nverdict: not possible\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn explain_help_documents_the_exit_codes() {
    let out = zonec(&["explain", "--help"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("Exit status: 0 when the flow is possible"),
        "{}",
        out.stdout
    );
    assert!(zonec(&["which", "--help"])
        .stdout
        .contains("Exit status: 0 when every address"));
}

#[test]
fn explain_names_the_ports_a_broken_require_lacks_on_the_pair() {
    let file = "tests/fixtures/violations/deny-breaks-require.zones";
    let out = zonec(&[
        "explain",
        file,
        "--from",
        "10.60.0.9",
        "--to",
        "pump_srv",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.code, 0, "hl7 still passes\n{}", out.stderr);
    let expected = format!(
        "  `require pumps -> pump_srv : https, hl7` at {file}:16:1 is broken; this pair lacks tcp/443\n"
    );
    assert!(out.stdout.contains(&expected), "{}", out.stdout);
    assert!(out.stdout.starts_with(&format!(
        "from 10.60.0.9: zone `pumps`, by prefix 10.60.0.0/24 at {file}:6:34\n"
    )));
}

#[test]
fn explain_json_lists_every_governing_invariant_in_policy_order() {
    let file = "tests/fixtures/address/many-invariants.zones";
    let out = zonec(&[
        "explain", file, "--from", "bench", "--to", "lims", "--format", "json", "--today", TODAY,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let governing = v["pairs"][0]["invariants"].as_array().unwrap();
    assert_eq!(governing.len(), 19, "the text lists 16");
    let relations: Vec<&str> = governing
        .iter()
        .map(|g| g["relation"].as_str().unwrap())
        .collect();
    assert_eq!(relations[..17], ["path-through"; 17]);
    assert_eq!(relations[17..], ["covers"; 2]);
    assert_eq!(v["invariants"].as_array().unwrap().len(), 19);
}

#[test]
fn which_needs_a_policy_and_an_address() {
    let out = zonec(&["which", "10.0.0.1", "--today", TODAY]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no policy file given"),
        "{}",
        out.stderr
    );
    let out = zonec(&["which", FIXTURE, "--today", TODAY]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no address given"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}
