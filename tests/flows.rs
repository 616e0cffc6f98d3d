//! `zonec flows` (issue 17): each fixture in `tests/fixtures/flows/inputs/`
//! is a flow log written from its format's documentation, classified
//! against `tests/fixtures/flows/policy.zones`; its `.expected` file says
//! by hand which rows it gives (`from to service verdict count`, `-` for
//! no zone), the counters, and the line of its malformed record. Then the
//! command's contract: the candidate, `--fail-on`, `--strict`, unknown
//! formats and unreadable inputs, the JSON shape.

use crate::util::{root, zonec, OutDir};
use serde_json::Value;

const POLICY: &str = "tests/fixtures/flows/policy.zones";
const CANDIDATE: &str = "tests/fixtures/flows/candidate.zones";
const DIR: &str = "tests/fixtures/flows/inputs";
const TODAY: &str = "2026-12-01";

mod fixtures {
    crate::fixture_lists::flows_fixtures!(super::check_expected);
}

/// The input beside `NAME.expected`: `NAME.` with another extension.
fn input_of(expected: &str) -> String {
    let stem = expected.trim_end_matches(".expected");
    let name = stem.rsplit('/').next().unwrap();
    let found = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|f| f.starts_with(&format!("{name}.")) && !f.ends_with(".expected"))
        .unwrap_or_else(|| panic!("no input beside {expected}"));
    format!("{DIR}/{found}")
}

fn flows_json(args: &[&str]) -> (Value, crate::util::Run) {
    let mut all = vec!["flows", POLICY, "--today", TODAY, "--format", "json"];
    all.extend(args);
    let run = zonec(&all);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}{}", run.stdout, run.stderr));
    (json, run)
}

/// The report as the lines of an `.expected` file.
fn lines_of(json: &Value) -> Vec<String> {
    let name = |v: &Value| v.as_str().unwrap_or("-").to_string();
    let mut out: Vec<String> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let service = match r["port"].as_u64() {
                Some(p) => format!("{}/{p}", name(&r["proto"])),
                None => name(&r["proto"]),
            };
            let verdict = match r.get("candidate_verdict") {
                Some(c) => format!("{}->{}", name(&r["verdict"]), name(c)),
                None => name(&r["verdict"]),
            };
            format!(
                "{} {} {service} {verdict} {}",
                name(&r["from"]),
                name(&r["to"]),
                r["count"]
            )
        })
        .collect();
    for key in ["records", "guessed", "nodata", "skipdata"] {
        out.push(format!("{key} {}", json["summary"][key]));
    }
    for s in json["skipped"].as_array().unwrap() {
        out.push(format!("malformed {}", s["line"]));
    }
    out.sort();
    out
}

fn check_expected(expected: &str) {
    let text = std::fs::read_to_string(root().join(expected)).unwrap();
    let mut want: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    want.sort();
    let input = input_of(expected);
    let (json, run) = flows_json(&["--input", &input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines_of(&json), want, "{input}\n{}", run.stderr);
    for s in json["skipped"].as_array().unwrap() {
        let place = format!("`{input}` line {}:", s["line"]);
        assert!(run.stderr.contains(&place), "{place} in\n{}", run.stderr);
    }
}

#[test]
fn the_candidate_names_what_it_would_break_and_open() {
    let (json, run) = flows_json(&[
        "--input",
        &format!("{DIR}/aws-v5-custom.log"),
        "--input",
        &format!("{DIR}/aws-v2-default.log"),
        "--candidate",
        CANDIDATE,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = lines_of(&json);
    assert!(
        lines.contains(&"clinical ehr tcp/2575 allowed->blocked 3".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"clinical dmz tcp/22 blocked->allowed 1".to_string()),
        "{lines:?}"
    );
    assert_eq!(json["summary"]["breaks"], 1);
    assert_eq!(json["summary"]["opens"], 1);
    // Worst first: forbidden, then what the candidate breaks.
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows[0]["verdict"], "forbidden");
    assert_eq!(rows[1]["candidate_verdict"], "blocked");
    let human = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--input",
        &format!("{DIR}/aws-v5-custom.log"),
        "--candidate",
        CANDIDATE,
    ]);
    let breaks = human.stdout.find("BREAKS").unwrap();
    assert!(
        human.stdout.find("FORBIDDEN").unwrap() < breaks,
        "{}",
        human.stdout
    );
}

#[test]
fn the_json_has_the_documented_shape() {
    let (json, _) = flows_json(&[
        "--input",
        &format!("{DIR}/aws-v5-custom.log"),
        "--candidate",
        CANDIDATE,
    ]);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["rows", "summary", "skipped"]);
    let row = json["rows"][0].as_object().unwrap();
    let keys: Vec<&str> = row.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "from",
            "to",
            "proto",
            "port",
            "verdict",
            "candidate_verdict",
            "count",
            "packets",
            "bytes",
            "first_seen",
            "last_seen",
            "rules",
            "invariants",
            "samples"
        ]
    );
    let icmp = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--format",
        "json",
        "--input",
        &format!("{DIR}/gcp-firewall.json"),
    ]);
    let json: Value = serde_json::from_str(&icmp.stdout).unwrap();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["proto"] == "icmp")
        .unwrap();
    assert_eq!(row["port"], Value::Null, "no type: port null");
    assert!(row.get("candidate_verdict").is_none());
}

#[test]
fn fail_on_exits_1_only_when_such_a_row_exists() {
    let input = format!("{DIR}/azure-nsg-v2.json");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "flows", POLICY, "--today", TODAY, "--input", &input, "--format", "csv",
        ];
        args.extend(extra);
        zonec(&args).code
    };
    assert_eq!(run(&["--fail-on", "forbidden"]), 0);
    assert_eq!(run(&["--fail-on", "blocked"]), 1);
    assert_eq!(run(&["--fail-on", "forbidden,blocked"]), 1);
    assert_eq!(run(&["--fail-on", "breaks", "--candidate", CANDIDATE]), 0);
    let aws = format!("{DIR}/aws-v5-custom.log");
    let code = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--input",
        &aws,
        "--fail-on",
        "breaks",
        "--candidate",
        CANDIDATE,
    ])
    .code;
    assert_eq!(code, 1);
    let code = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--input",
        &aws,
        "--fail-on",
        "forbidden",
    ])
    .code;
    assert_eq!(code, 1);
}

#[test]
fn strict_makes_a_malformed_record_an_error_with_no_output() {
    let input = format!("{DIR}/flows.csv");
    let run = zonec(&[
        "flows", POLICY, "--today", TODAY, "--input", &input, "--strict",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("error[zonec::flows-malformed]")
            || run.stderr.contains("zonec::flows-malformed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 7"), "{}", run.stderr);
}

#[test]
fn an_unknown_format_names_the_formats_tried() {
    let run = zonec(&["flows", POLICY, "--today", TODAY, "--input", POLICY]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("zonec::flows-unknown-format"),
        "{}",
        run.stderr
    );
    for f in ["AWS", "Azure", "GCP", "conntrack", "netfilter", "CSV"] {
        assert!(run.stderr.contains(f), "{f} in {}", run.stderr);
    }
}

#[test]
fn an_unreadable_input_is_an_error() {
    let run = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--input",
        "tests/fixtures/flows/missing.log",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("zonec::flows-unreadable"),
        "{}",
        run.stderr
    );
    let run = zonec(&[
        "flows",
        POLICY,
        "--today",
        TODAY,
        "--input",
        "tests/fixtures/flows",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn a_forced_format_reads_an_aws_custom_order_without_detection() {
    let dir = OutDir::new("flows", "forced");
    std::fs::create_dir_all(dir.path()).unwrap();
    let path = format!("{}/records.txt", dir.path());
    // A custom order whose first record is not version 2: no detection.
    std::fs::write(
        &path,
        "srcaddr dstaddr dstport protocol\n10.20.1.5 10.110.0.10 443 6\n",
    )
    .unwrap();
    let (json, run) = flows_json(&["--input", &path, "--input-format", "aws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json["rows"][0]["verdict"], "allowed");
    std::fs::write(&path, "3 something else\n").unwrap();
    let run = zonec(&["flows", POLICY, "--today", TODAY, "--input", &path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn every_output_format_writes_the_rows() {
    let input = format!("{DIR}/aws-v2-default.log");
    for (format, needle) in [
        ("csv", "guest,ehr,tcp,443,forbidden"),
        ("markdown", "#### Forbidden (1)"),
        ("sarif", "\"ruleId\": \"flow-forbidden\""),
        ("human", "guest -> ehr tcp/443: forbidden"),
    ] {
        let run = zonec(&[
            "flows", POLICY, "--today", TODAY, "--input", &input, "--format", format,
        ]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains(needle), "{format}:\n{}", run.stdout);
    }
}

#[test]
fn the_report_shows_observed_traffic_only_when_asked_and_escapes_it() {
    let dir = OutDir::new("flows", "report");
    std::fs::create_dir_all(dir.path()).unwrap();
    let log = format!("{}/hostile.json", dir.path());
    let tuple = "1733385600000,10.20.1.5,10.110.0.10,1,443,6,I,<script>,NX,0,0,0,0";
    let doc = format!("{{\"records\":[{{\"flowRecords\":{{\"flows\":[{{\"flowGroups\":[{{\"flowTuples\":[\"{tuple}\"]}}]}}]}}}}]}}");
    std::fs::write(&log, doc).unwrap();
    let html = format!("{}/report.html", dir.path());
    let aws = format!("{DIR}/aws-v5-custom.log");
    let run = zonec(&[
        "report", POLICY, "--today", TODAY, "-o", &html, "--flows", &aws, &log,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("<section id=\"observed\""));
    assert!(text.contains("href=\"#observed\""));
    assert!(text.contains("<code>guest</code>"), "the forbidden row");
    assert!(
        text.contains("&lt;script&gt;") && !text.contains("<script>"),
        "escaped"
    );
    let run = zonec(&["report", POLICY, "--today", TODAY, "-o", &html]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(!text.contains("observed"));
    let run = zonec(&[
        "report", POLICY, "--today", TODAY, "-o", &html, "--flows", POLICY,
    ]);
    assert_eq!(run.code, 2, "an unknown format is an error: {}", run.stderr);
}

/// Counts add up saturating: two rows of the largest `count` with one
/// verdict once overflowed the summary (a panic with overflow checks).
#[test]
fn huge_counts_saturate_instead_of_overflowing() {
    let dir = OutDir::new("flows", "huge");
    std::fs::create_dir_all(dir.path()).unwrap();
    let path = format!("{}/huge.csv", dir.path());
    let max = u64::MAX;
    let csv = format!(
        "src,dst,proto,dport,count,bytes\n10.20.1.5,10.110.0.10,tcp,443,{max},{max}\n\
         10.20.1.5,10.110.0.10,tcp,443,{max},{max}\n10.20.1.5,10.110.0.10,tcp,2575,{max},1\n"
    );
    std::fs::write(&path, csv).unwrap();
    let (json, run) = flows_json(&["--input", &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json["summary"]["flows"]["allowed"], max);
    assert_eq!(json["rows"][0]["bytes"], max);
}
