//! Violation fixtures: every `tests/fixtures/violations/*.zones` is a small,
//! valid, realistic spec that breaks at least one invariant (line 1 says
//! how). `zonec check` must exit 1 with a witness or the missing ports; the
//! human report (stderr) and the JSON (stdout) are snapshots in
//! `tests/snapshots/violations/`, named after the fixture. The same
//! fixtures feed the SARIF (validated against the official 2.1.0 schema),
//! GitHub-annotation, `explain` and `matrix` tests.

use crate::util::{root, stem, zonec};
use serde_json::Value;
use std::sync::OnceLock;

const TODAY: &str = "2026-11-22";

fn snapshot(name: &str, description: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/violations",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => description,
    }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

fn first_line(file: &str) -> String {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    text.lines().next().unwrap_or_default().to_string()
}

/// Every violation fixture exits 1 with witnesses in both formats.
mod witnesses {
    crate::fixture_lists::violation_fixtures!(super::check_witnesses);
}

fn check_witnesses(file: &str) {
    let line = first_line(file);
    assert!(
        line.starts_with("# violates: "),
        "{file}: line 1 must say what it violates"
    );

    let human = zonec(&["check", "--today", TODAY, file]);
    assert_eq!(human.code, 1, "{file}: exit code\n{}", human.stderr);
    assert!(
        human.stdout.is_empty(),
        "{file}: human output goes to stderr"
    );
    assert!(
        human.stderr.contains("invariant(s) broken"),
        "{file}:\n{}",
        human.stderr
    );

    let json = zonec(&["check", "--today", TODAY, "--format", "json", file]);
    assert_eq!(json.code, 1, "{file}: exit code with --format json");
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let invariants = report["invariants"].as_array().unwrap();
    let broken: Vec<&Value> = invariants.iter().filter(|i| i["holds"] == false).collect();
    assert!(!broken.is_empty(), "{file}: nothing broken");
    for inv in &broken {
        let listed = inv["witnesses"]
            .as_array()
            .or(inv["missing"].as_array())
            .unwrap_or_else(|| panic!("{file}: {inv}"));
        let (total, unlisted) = (&inv["violating_pairs"], &inv["unlisted_pairs"]);
        assert_eq!(
            total.as_u64(),
            Some(listed.len() as u64 + unlisted.as_u64().unwrap()),
            "{file}: {inv}"
        );
    }
    for inv in invariants.iter().filter(|i| i["holds"] == true) {
        assert!(inv["certificate"].is_object(), "{file}: {inv}");
    }

    let name = stem(file);
    snapshot(&name, &line, &human.stderr);
    snapshot(&format!("{name}.json"), &line, &json.stdout);
}

/// The schema vendored from the OASIS SARIF TC's repository (committee
/// specification 2.1.0), compiled once.
fn sarif_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text =
            std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        jsonschema::draft7::new(&schema).unwrap()
    })
}

/// Where `log` breaks the SARIF 2.1.0 schema (empty when it is valid).
pub(crate) fn sarif_errors(log: &Value) -> Vec<String> {
    sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The SARIF output of every violation fixture is valid SARIF 2.1.0.
mod sarif {
    crate::fixture_lists::violation_fixtures!(super::check_sarif);
}

fn check_sarif(file: &str) {
    let run = zonec(&["check", "--today", TODAY, "--format", "sarif", file]);
    assert_eq!(run.code, 1, "{file}");
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = sarif_errors(&log);
    assert!(
        errors.is_empty(),
        "{file}: invalid SARIF:\n{}",
        errors.join("\n")
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    let violation = results.iter().find(|r| r["level"] == "error").unwrap();
    let region = &violation["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() > 1, "{file}");
    assert_eq!(
        violation["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        file
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let index = violation["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], violation["ruleId"]);
}

/// The (source, destination) pairs of an invariant's listed witnesses.
fn witness_pairs(inv: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap().to_string();
    inv["witnesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (text(&w["from"]), text(&w["to"])))
        .collect()
}

/// An invariant broken by three pairs shows all three, each with its own
/// witness: in the terminal (one diagnostic each, no count line), in the
/// JSON (in (source, destination) order) and in SARIF (one result, a code
/// flow per pair, every hop's allow a related location).
#[test]
fn three_pairs_give_three_witnesses() {
    let file = "tests/fixtures/violations/three-pairs.zones";
    let human = zonec(&["check", "--today", TODAY, file]);
    assert_eq!(human.code, 1);
    assert_eq!(human.stderr.matches("forbid-violated").count(), 3);
    assert!(!human.stderr.contains("more pair(s)"), "{}", human.stderr);

    let json = zonec(&["check", "--today", TODAY, "--format", "json", file]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let inv = &report["invariants"][0];
    let pairs = [("guest", "lab"), ("guest", "pharmacy"), ("vendor", "lab")];
    let expected: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(witness_pairs(inv), expected);
    assert_eq!(
        (&inv["violating_pairs"], &inv["unlisted_pairs"]),
        (&3.into(), &0.into())
    );

    let sarif = zonec(&["check", "--today", TODAY, "--format", "sarif", file]);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "zonec::forbid-violated")
        .collect();
    assert_eq!(results.len(), 1, "one result per invariant");
    assert_eq!(results[0]["codeFlows"].as_array().unwrap().len(), 3);
    let text = serde_json::to_string_pretty(&results).unwrap();
    snapshot("three-pairs.sarif-results", &first_line(file), &text);
}

/// More pairs than `check` shows: the first few in full and a count of the
/// rest; `--all-witnesses` (on check and on build) shows every one.
#[test]
fn more_pairs_than_shown_are_counted_and_listed_on_demand() {
    let file = "tests/fixtures/violations/many-pairs.zones";
    let human = zonec(&["check", "--today", TODAY, file]);
    assert_eq!(human.code, 1);
    assert_eq!(human.stderr.matches("forbid-violated").count(), 3);
    assert!(
        human
            .stderr
            .contains("and 3 more pair(s) break this invariant (use --all-witnesses to list them)"),
        "{}",
        human.stderr
    );

    let all = zonec(&["check", "--today", TODAY, "--all-witnesses", file]);
    assert_eq!(all.code, 1);
    assert_eq!(all.stderr.matches("forbid-violated").count(), 6);
    assert!(!all.stderr.contains("more pair(s)"), "{}", all.stderr);
    snapshot("many-pairs.all-witnesses", &first_line(file), &all.stderr);

    let out = std::env::temp_dir().join(format!("zonec-all-witnesses-{}", std::process::id()));
    let out = out.to_string_lossy().to_string();
    let build = zonec(&[
        "build",
        "--today",
        TODAY,
        "--all-witnesses",
        "-o",
        &out,
        file,
    ]);
    assert_eq!(build.code, 1);
    assert_eq!(
        build.stderr,
        all.stderr
            .replace("error: 1 of 1 invariant(s) broken, 1 warning(s)\n", "")
    );
}

/// A file that cannot be read gives a valid SARIF log too (no region).
#[test]
fn sarif_output_of_an_unreadable_file_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let run = zonec(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/violations/missing.zones",
    ]);
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(validator.is_valid(&log), "{}", run.stdout);
}

#[test]
fn schema_validator_rejects_a_broken_log() {
    let validator = sarif_validator();
    let bad =
        serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]});
    assert!(
        !validator.is_valid(&bad),
        "driver without name must be rejected"
    );
}

#[test]
fn github_annotations_point_at_the_invariant() {
    let file = "tests/fixtures/violations/one-pivot.zones";
    let run = zonec(&["check", "--today", TODAY, "--format", "github", file]);
    assert_eq!(run.code, 1);
    let error = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap();
    assert!(
        error.starts_with(&format!("::error file={file},line=17,col=1,")),
        "{error}"
    );
    assert!(error.contains("title=zonec%3A%3Aforbid-violated::forbidden path: `guest` reaches `lab` in 2 hops%0Ahelp: "), "{error}");
    assert!(!error.contains('\n'));
    snapshot("one-pivot.github", &first_line(file), &run.stdout);
}

#[test]
fn explain_gives_the_path_or_the_certificate() {
    let file = "tests/fixtures/violations/three-pivots.zones";
    let run = zonec(&[
        "explain",
        "--today",
        TODAY,
        file,
        "--from",
        "vendor_vpn",
        "--to",
        "sud_ehr",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("possible in 4 hop(s)"),
        "{}",
        run.stdout
    );
    snapshot(
        "three-pivots.explain",
        "explain vendor_vpn -> sud_ehr",
        &run.stdout,
    );

    let file = "tests/fixtures/violations/deny-rescues-forbid.zones";
    let run = zonec(&[
        "explain",
        "--today",
        TODAY,
        file,
        "--from",
        "guest",
        "--to",
        "ehr",
        "--service",
        "hl7",
    ]);
    assert_eq!(run.code, 1, "no path: exit 1\n{}", run.stderr);
    assert!(run.stdout.contains("none, of any length"), "{}", run.stdout);
    snapshot(
        "deny-rescues-forbid.explain",
        "explain guest -> ehr on hl7",
        &run.stdout,
    );

    let run = zonec(&[
        "explain", "--today", TODAY, file, "--from", "guest", "--to", "nowhere",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown zone `nowhere`"),
        "{}",
        run.stderr
    );
    let run = zonec(&[
        "explain",
        "--today",
        TODAY,
        file,
        "--from",
        "guest",
        "--to",
        "ehr",
        "--service",
        "tcp/99999",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn matrix_direct_and_transitive() {
    let file = "tests/fixtures/violations/label-selector.zones";
    let human = zonec(&["matrix", "--today", TODAY, file]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    snapshot("label-selector.matrix", "matrix", &human.stdout);
    let transitive = zonec(&["matrix", "--today", TODAY, "--transitive", file]);
    snapshot(
        "label-selector.matrix-transitive",
        "matrix --transitive",
        &transitive.stdout,
    );
    let csv = zonec(&["matrix", "--today", TODAY, "--format", "csv", file]);
    assert_eq!(csv.stdout.lines().count(), 26, "{}", csv.stdout);
    assert!(
        csv.stdout
            .starts_with("from,to,status,services,ports\nhvac,hvac,same-zone,,\n"),
        "{}",
        csv.stdout
    );
    let json = zonec(&["matrix", "--today", TODAY, "--format", "json", file]);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let cells = value["cells"].as_array().unwrap();
    assert!(cells
        .iter()
        .any(|c| c["from"] == "bms" && c["to"] == "clinical" && c["services"] == "https"));
}

/// Issue 16: `explain` says when a pair is open only because of
/// monitoring, and when an allow is bounded in time.
#[test]
fn explain_names_monitoring_and_time_bounds() {
    let file = "tests/fixtures/warnings/time-ignored.zones";
    let run = zonec(&[
        "explain", "--today", TODAY, "--from", "clinical", "--to", "pumps", file,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("window \"Mon-Fri 07:00-19:00 -05:00\"; bounded in time"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("expires 2027-03-31T18:00Z; bounded in time"),
        "{}",
        run.stdout
    );
    let file = "tests/fixtures/warnings/holds-only-as-written.zones";
    let run = zonec(&[
        "explain", "--today", TODAY, "--from", "pumps", "--to", "clinical", file,
    ]);
    assert!(
        run.stdout.contains(
            "as deployed: open on every port only because of monitoring (`monitor pumps`"
        ),
        "{}",
        run.stdout
    );
    let run = zonec(&[
        "explain", "--today", TODAY, "--from", "guest", "--to", "clinical", file,
    ]);
    assert!(!run.stdout.contains("as deployed"), "{}", run.stdout);
}
