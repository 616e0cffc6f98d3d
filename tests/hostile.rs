//! The hostile-strings fixture (`tests/fixtures/hostile/hostile_strings.zones`)
//! through every output, each read back by its real parser where one exists
//! on the machine: Terraform evaluates every string of the three `.tf.json`
//! files, cfn-lint reads the CloudFormation template, headless Chromium the
//! report. The nftables ruleset (`nft -c`) and the VLAN files (the real
//! systemd-networkd) of the same fixture are checked with the other policies
//! in `nftables.rs` and `vlan.rs`. A tool that is missing skips its check
//! with a notice, unless `CI=true`.
//!
//! The rule each output follows is in `zonec_escape`.

use crate::util::{self, root, zonec, OutDir};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use zonec_escape::chars::is_unsafe;
use zonec_props::cloud::tf;

pub const FIXTURE: &str = "tests/fixtures/hostile/hostile_strings.zones";
const TODAY: &str = "2026-01-15";
const TERRAFORM_FILES: [&str; 3] = [
    "cloud/aws.tf.json",
    "cloud/azure.tf.json",
    "cloud/gcp.tf.json",
];
const CLOUD_FILES: [&str; 4] = [
    "cloud/aws.tf.json",
    "cloud/aws.cfn.json",
    "cloud/azure.tf.json",
    "cloud/gcp.tf.json",
];

/// `targets` of `file` built into a fresh directory named after `test`.
fn build(file: &str, targets: &str, test: &str) -> OutDir {
    let out = OutDir::new("hostile", test);
    let run = util::build(targets, TODAY, file, &out, &[]);
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    out
}

/// Fails under CI, else prints why the check is skipped.
fn skip(tool: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{tool} is required in CI"
    );
    eprintln!("notice: {tool} not found, skipping its read-back of the hostile fixture");
}

/// What [`unsafe_chars`] must find.
const NONE: [char; 0] = [];

/// The control and invisible characters of `text`, line breaks and the
/// tabs that indent nft blocks aside.
fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| !matches!(c, '\n' | '\t') && is_unsafe(c))
        .collect()
}

fn json(out: &OutDir, file: &str) -> Value {
    serde_json::from_str(&out.read(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every string in `value`, object keys included.
fn strings(value: &Value, into: &mut Vec<String>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => into.push(s.clone()),
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                into.extend(map.keys().cloned());
                stack.extend(map.values());
            }
            _ => {}
        }
    }
}

/// A whole-string Terraform reference zonec writes itself
/// (`${aws_security_group.app.id}`, `${var.azure_location}`).
fn is_reference(s: &str) -> bool {
    s.strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|inner| {
            inner.contains('.')
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// Every string of the Terraform files that is not zonec's own reference:
/// the values and keys of every block except the `//` comment.
fn terraform_strings(out: &OutDir) -> Vec<String> {
    let mut all = Vec::new();
    for file in TERRAFORM_FILES {
        if !out.0.join(file).exists() {
            continue;
        }
        let doc = json(out, file);
        for (key, value) in doc.as_object().into_iter().flatten() {
            if key != "//" {
                strings(value, &mut all);
            }
        }
    }
    all.sort();
    all.dedup();
    all.retain(|s| !is_reference(s));
    all
}

/// Terraform's own evaluation of `strings`: a provider-free configuration
/// whose outputs are the strings, applied in a fresh directory named after
/// `test`.
fn terraform_eval(strings: &[String], test: &str) -> Vec<String> {
    let dir = OutDir::new("hostile", &format!("{test}-eval"));
    std::fs::create_dir(&dir.0).unwrap();
    let outputs: Map<String, Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("s{i}"), serde_json::json!({ "value": s })))
        .collect();
    let config = serde_json::json!({ "output": outputs });
    std::fs::write(dir.0.join("main.tf.json"), config.to_string()).unwrap();
    let terraform = |args: &[&str]| {
        let out = Command::new("terraform")
            .args(args)
            .current_dir(&dir.0)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .expect("terraform runs");
        assert!(
            out.status.success(),
            "terraform {args:?} fails on zonec's strings:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    terraform(&["init", "-input=false", "-no-color"]);
    terraform(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let values: Value = serde_json::from_slice(&terraform(&["output", "-json"])).unwrap();
    (0..strings.len())
        .map(|i| {
            values[format!("s{i}")]["value"]
                .as_str()
                .unwrap_or_else(|| panic!("output s{i} missing"))
                .to_string()
        })
        .collect()
}

fn terraform_available() -> bool {
    Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Issue 11 item 2: `${...}` and `%{...}` in reasons, tickets, descriptions
/// (and VNet/network names, which are now checked against each provider's
/// naming rule instead) reached `.tf.json` unescaped, so Terraform read
/// `/etc/passwd` into a rule description and `costs ${5 a month` made the
/// file invalid. Every generated string must evaluate to its literal text.
#[test]
fn terraform_evaluates_every_string_to_its_literal_text() {
    if !terraform_available() {
        return skip("terraform");
    }
    let out = build(FIXTURE, "aws,azure,gcp", "terraform");
    let strings = terraform_strings(&out);
    let values = terraform_eval(&strings, "terraform");
    for (s, v) in strings.iter().zip(&values) {
        assert_eq!(v, &tf::text(s), "Terraform evaluates {s:?} to {v:?}");
    }
    for hostile in [
        "${file(\"/etc/passwd\")}",
        "costs ${5 a month",
        "%{ if true }",
        "%{ for x in y }",
    ] {
        assert!(
            values.iter().any(|v| v.contains(hostile)),
            "no evaluated string carries {hostile:?} literally"
        );
    }
}

/// The two strings of the issue, alone: each gives a valid Terraform file
/// whose evaluated rule description is the literal reason.
#[test]
fn terraform_reasons_from_the_issue_evaluate_literally() {
    if !terraform_available() {
        return skip("terraform");
    }
    let dir = OutDir::new("hostile", "issue-reasons");
    std::fs::create_dir(&dir.0).unwrap();
    let policy = dir.0.join("p.zones");
    std::fs::write(
        &policy,
        "zone a { net 10.0.0.0/24; gcp-network \"n\" }\n\
         zone b { net 10.0.1.0/24; gcp-network \"n\" }\n\
         allow a -> b : tcp/443 { reason \"${file(\\\"/etc/passwd\\\")}\" }\n\
         allow b -> a : tcp/443 { reason \"costs ${5 a month\" }\n",
    )
    .unwrap();
    let out = build(policy.to_str().unwrap(), "gcp", "issue-reasons-out");
    let strings = terraform_strings(&out);
    let values = terraform_eval(&strings, "issue-reasons");
    for reason in ["${file(\"/etc/passwd\")}", "costs ${5 a month"] {
        assert!(
            values.iter().any(|v| v.ends_with(&format!(": {reason}"))),
            "no description ends with the literal reason {reason:?}: {values:#?}"
        );
    }
}

/// Issue 11 item 7: bidirectional, zero-width and control characters reach
/// none of the four cloud files, neither raw nor as JSON escapes.
#[test]
fn no_cloud_file_carries_an_invisible_or_control_character() {
    let out = build(FIXTURE, "aws,azure,gcp", "invisible");
    for file in CLOUD_FILES {
        let text = out.read(file);
        assert_eq!(unsafe_chars(&text), NONE, "{file} carries them");
        let mut all = Vec::new();
        strings(&json(&out, file), &mut all);
        for s in all {
            assert!(!s.chars().any(is_unsafe), "{file}: {s:?}");
        }
    }
}

/// CloudFormation resolves `{{resolve:...}}` in any resource property:
/// no string may start one. The template still passes cfn-lint.
#[test]
fn cloudformation_has_no_dynamic_reference_and_lints_clean() {
    let out = build(FIXTURE, "aws", "cloudformation");
    let template = out.read("cloud/aws.cfn.json");
    let mut all = Vec::new();
    strings(&json(&out, "cloud/aws.cfn.json"), &mut all);
    assert!(
        all.iter().any(|s| s.contains("{ {resolve:secretsmanager")),
        "the hostile ticket is missing"
    );
    for s in all {
        assert!(!s.contains("{{"), "a dynamic reference can start in {s:?}");
    }
    crate::cloud::lint::cfn_lint("hostile-strings", &template);
}

/// Issue 11 item 7: `explain` printed reasons raw, so a reason with
/// newlines could print "any path: none" under a flow that has a path.
/// Reasons are quoted with every control character visible.
#[test]
fn explain_cannot_be_forged_by_a_reason() {
    let run = zonec(&[
        "explain", FIXTURE, "--from", "lan", "--to", "db", "--today", TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(unsafe_chars(&run.stdout), NONE, "{}", run.stdout);
    let verdicts: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("any path:") || l.trim_start().starts_with("certificate:"))
        .collect();
    assert_eq!(
        verdicts,
        ["any path: possible in 1 hop(s); every hop but the last may carry any port"],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "reason \"ok\\u{a}any path: none, of any length\\u{a}  certificate: forged\\u{d}\\u{1b}[1A\\u{1b}[2K\""
        ),
        "{}",
        run.stdout
    );
}

/// `which` prints a zone's VLAN name, policy text, quoted with every
/// control and invisible character visible (issue 15 item 1).
#[test]
fn which_prints_no_control_character() {
    let run = zonec(&["which", FIXTURE, "10.0.1.5", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(unsafe_chars(&run.stdout), NONE, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with(", no labels, VLAN 20 \"DMZ\\u{202e}\"\n"),
        "{}",
        run.stdout
    );
}

/// `matrix` and `diff` print names only, but through the terminal escaping
/// too: nothing they print can move the cursor or reorder text.
#[test]
fn matrix_and_diff_print_no_control_character() {
    for args in [
        vec!["matrix", FIXTURE, "--today", TODAY],
        vec!["matrix", FIXTURE, "--today", TODAY, "--format", "csv"],
        vec!["diff", FIXTURE, FIXTURE, "--today", TODAY],
    ] {
        let run = zonec(&args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(unsafe_chars(&run.stdout), NONE, "{args:?}: {}", run.stdout);
    }
}

/// A line-based output's shape: per line, its first word (up to `=` for
/// networkd keys) and, where `"` delimits strings (not in IOS, which has
/// no quoting), how many `"` it has.
fn skeleton(text: &str, quoted: bool) -> Vec<(String, usize)> {
    text.lines()
        .map(|l| {
            let word = l.split_whitespace().next().unwrap_or("");
            let word = word.split('=').next().unwrap_or("");
            let quotes = if quoted { l.matches('"').count() } else { 0 };
            (word.to_string(), quotes)
        })
        .collect()
}

/// The fixture with every string literal's text replaced by a tame,
/// distinct word (`s1`, `s2`, ...), comments dropped.
fn tame(hostile: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for line in hostile.split('\n').filter(|l| !l.starts_with('#')) {
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c != '"' {
                continue;
            }
            while let Some(inner) = chars.next() {
                match inner {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            n += 1;
            out.push_str(&format!("s{n}\""));
        }
        out.push('\n');
    }
    out
}

/// No hostile string changes the shape of a line-based output: IOS and
/// Junos have no parser here, so the hostile build must have exactly the
/// lines, first words and quotes of the same policy with tame strings (a
/// newline would add a line that IOS runs as a command, a `"` would end a
/// Junos string early).
#[test]
fn hostile_text_changes_no_line_of_a_config() {
    let hostile_text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let dir = OutDir::new("hostile", "tame-policy");
    std::fs::create_dir(&dir.0).unwrap();
    let tame_file = dir.0.join("tame.zones");
    std::fs::write(&tame_file, tame(&hostile_text)).unwrap();
    let (hostile, tame) = (
        build(FIXTURE, "nftables,vlan", "shape-hostile"),
        build(tame_file.to_str().unwrap(), "nftables,vlan", "shape-tame"),
    );
    for file in [
        "nftables/zonec.nft",
        "nftables/flush-revoked.sh",
        "vlan/ios.cfg",
        "vlan/junos.set",
        "vlan/networkd/10-eth1.network",
        "vlan/networkd/20-vlan10.netdev",
        "vlan/networkd/20-vlan10.network",
        "vlan/networkd/20-vlan20.netdev",
        "vlan/networkd/20-vlan20.network",
    ] {
        let (h, t) = (hostile.read(file), tame.read(file));
        // A `"` means nothing in IOS, nor inside the flush script's
        // single-quoted words (`escape::shell`).
        let quoted = !file.ends_with("ios.cfg") && !file.ends_with(".sh");
        assert_eq!(skeleton(&h, quoted), skeleton(&t, quoted), "{file}:\n{h}");
        assert_eq!(unsafe_chars(&h), NONE, "{file}:\n{h}");
    }
    let readme = hostile.read("vlan/README.txt");
    assert_eq!(
        readme.lines().count(),
        tame.read("vlan/README.txt").lines().count()
    );
    assert_eq!(unsafe_chars(&readme), NONE, "{readme}");
    let junos = hostile.read("vlan/junos.set");
    assert!(!junos.contains('\\'), "{junos}");
}

/// `zonec COMMAND FIXTURE -o DIR/NAME` into a fresh directory: the
/// directory (kept alive by the caller), the file and its text.
fn view(command: &str, name: &str) -> (OutDir, PathBuf, String) {
    let dir = OutDir::new("hostile", command);
    std::fs::create_dir(&dir.0).unwrap();
    let path = dir.0.join(name);
    let o = path.to_str().unwrap();
    let run = zonec(&[command, FIXTURE, "--today", TODAY, "-o", o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    (dir, path, text)
}

/// Chromium's DOM of the file at `path`, or `None` (after [`skip`])
/// without Chromium.
fn chromium_dom(dir: &OutDir, path: &Path) -> Option<String> {
    let Some(browser) = crate::report::chromium() else {
        skip("chromium");
        return None;
    };
    let profile = dir.0.join("profile");
    let dump = crate::report::run_chromium(&browser, &profile, &["--dump-dom".into()], path);
    assert!(
        dump.status.success(),
        "chromium failed on {}",
        path.display()
    );
    Some(String::from_utf8_lossy(&dump.stdout).into_owned())
}

/// The report in headless Chromium: the hostile strings are text in the
/// DOM, markup in them is not, and bidi or control characters are shown
/// escaped instead of reordering the page.
#[test]
fn the_report_shows_hostile_text_as_text() {
    let (dir, path, html) = view("report", "report.html");
    assert_eq!(unsafe_chars(&html), NONE, "the report carries them");
    assert!(html.contains("\\u{202e}txet\\u{2069}"), "bidi not shown");
    let Some(dom) = chromium_dom(&dir, &path) else {
        return;
    };
    let dom = dom.to_lowercase();
    assert!(dom.contains("</html>"), "no DOM dumped");
    for element in ["<script", "<b>", "<i>", "<!--"] {
        assert!(!dom.contains(element), "the DOM has a `{element}` element");
    }
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("]]&gt;"));
}

/// The SVG graph of the fixture is well-formed XML to Chromium's parser.
#[test]
fn the_graph_is_well_formed() {
    let (dir, path, svg) = view("graph", "graph.svg");
    assert_eq!(unsafe_chars(&svg), NONE, "the graph carries them");
    let Some(dom) = chromium_dom(&dir, &path) else {
        return;
    };
    assert!(
        dom.contains("<svg") && !dom.contains("parsererror"),
        "{dom}"
    );
}

/// GitHub reads one workflow command a line: a policy file whose name
/// carries a newline and a forged command, ESC and bidi characters still
/// gives exactly one `::warning` line, with nothing a log would interpret.
#[test]
fn github_annotations_keep_one_command_a_line() {
    let dir = OutDir::new("hostile", "github");
    std::fs::create_dir(&dir.0).unwrap();
    let file = dir.0.join("a\n::error::forged \u{1b}[2J\u{202e}%0A.zones");
    std::fs::write(
        &file,
        "zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\n",
    )
    .unwrap();
    let run = zonec(&[
        "check",
        "--today",
        TODAY,
        "--format",
        "github",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(unsafe_chars(&run.stdout), NONE, "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // Two unused zones, and the policy that never names `self`.
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for line in lines {
        assert!(line.starts_with("::warning file="), "{line}");
        assert!(
            line.contains("%0A%3A%3Aerror%3A%3Aforged \\u{1b}[2J\\u{202e}%250A.zones"),
            "{line}"
        );
    }
}

#[test]
fn zonec_references_are_told_from_policy_text() {
    assert!(is_reference("${aws_security_group.app.id}"));
    assert!(!is_reference("${file(\"/etc/passwd\")}"));
    assert!(root().join(FIXTURE).is_file());
}
