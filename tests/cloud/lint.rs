//! `cfn-lint` (the CloudFormation linter, from PyPI; `.ci/run` pins the
//! version) on every generated CloudFormation template. Every error fails,
//! and so does every warning that [`ALLOWED`] does not list with the reason
//! zonec's template is right. Without `cfn-lint` the check prints a notice
//! and passes, unless `CI=true`, where it fails: CI installs it.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// A cfn-lint finding zonec's template is right to have, and where.
struct Allowed {
    rule: &'static str,
    /// Why the template is right, with the documentation that says so.
    why: &'static str,
    /// Whether the finding (its `Location.Path` in the template) is the one
    /// case the reason covers.
    applies: fn(template: &Value, path: &[Value]) -> bool,
}

const ALLOWED: &[Allowed] = &[Allowed {
    rule: "W3687",
    why: "AWS documents FromPort and ToPort of an `icmpv6` rule as the ICMPv6 type and code \
          (-1: all), exactly as for `icmp` (AWS::EC2::SecurityGroupIngress, FromPort/ToPort); \
          cfn-lint 1.51 and earlier list icmpv6 among the protocols whose ports are ignored \
          (1.58 no longer does). Leaving them out would widen a one-type rule to every type.",
    applies: on_icmpv6_rule,
}];

/// The finding is on a security-group rule whose protocol is ICMPv6.
fn on_icmpv6_rule(template: &Value, path: &[Value]) -> bool {
    let rule_path = match path.last().and_then(Value::as_str) {
        Some("FromPort" | "ToPort") => &path[..path.len() - 1],
        _ => path,
    };
    let rule = rule_path.iter().try_fold(template, |node, key| match key {
        Value::String(k) => node.get(k),
        Value::Number(i) => i.as_u64().and_then(|i| node.get(i as usize)),
        _ => None,
    });
    rule.and_then(|r| r.get("IpProtocol"))
        .is_some_and(|p| p == "icmpv6" || p == "58" || p == 58)
}

/// Lint one template; `name` names it in messages and the temp file.
pub fn cfn_lint(name: &str, template: &str) {
    let Some(version) = available() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cfn-lint is required in CI (pip install -r .ci/requirements.txt)"
        );
        eprintln!("notice: cfn-lint not found, skipping the lint of {name} (see .ci/run)");
        return;
    };
    let path = temp_path(name);
    std::fs::write(&path, template).expect("write the template");
    let out = Command::new("cfn-lint")
        .args(["--format", "json", "--"])
        .arg(&path)
        .output()
        .expect("cfn-lint runs");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let findings: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{version} on {name}: no JSON ({e}), exit {:?}:\n{stdout}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let template: Value = serde_json::from_str(template).expect("the template is JSON");
    let refused = not_allowed(&template, &findings);
    assert!(
        refused.is_empty(),
        "{version} rejects {name}:\n{}",
        refused.join("\n")
    );
}

/// Each finding that [`ALLOWED`] does not cover, as one line; the reason
/// of each allowance used is printed as a notice.
fn not_allowed(template: &Value, findings: &Value) -> Vec<String> {
    let findings = findings.as_array().map_or(&[][..], Vec::as_slice);
    let mut used = std::collections::BTreeSet::new();
    let mut refused = Vec::new();
    for f in findings {
        match allowance(template, f) {
            Some(a) => {
                used.insert((a.rule, a.why));
            }
            None => refused.push(format!(
                "{} {} at {}: {}",
                f["Level"], f["Rule"]["Id"], f["Location"]["Path"], f["Message"]
            )),
        }
    }
    for (rule, why) in used {
        eprintln!("notice: cfn-lint {rule} allowed: {why}");
    }
    refused
}

/// The allowance that covers one finding; never one for an error.
fn allowance(template: &Value, finding: &Value) -> Option<&'static Allowed> {
    let rule = finding["Rule"]["Id"].as_str()?;
    let path = finding["Location"]["Path"].as_array()?;
    if finding["Level"] == "Error" {
        return None;
    }
    ALLOWED
        .iter()
        .find(|a| a.rule == rule && (a.applies)(template, path))
}

fn available() -> Option<String> {
    let out = Command::new("cfn-lint").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn temp_path(name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    std::env::temp_dir().join(format!("zonec-{}-{safe}.json", std::process::id()))
}

/// A template with one inline rule of `protocol` from port 8 to -1, and a
/// cfn-lint finding of `level` and `rule` on its FromPort.
fn one_finding(protocol: Value, level: &str, rule: &str) -> (Value, Value) {
    let template = serde_json::json!({ "Resources": { "Sg": { "Properties": {
        "SecurityGroupIngress": [{ "IpProtocol": protocol, "FromPort": 8, "ToPort": -1 }]
    }}}});
    let path = ["Resources", "Sg", "Properties", "SecurityGroupIngress"];
    let mut path: Vec<Value> = path.iter().map(|s| Value::from(*s)).collect();
    path.extend([Value::from(0), Value::from("FromPort")]);
    let finding = serde_json::json!([{
        "Level": level, "Rule": { "Id": rule }, "Location": { "Path": path }, "Message": "m"
    }]);
    (template, finding)
}

#[test]
fn w3687_is_allowed_only_on_icmpv6_rules() {
    let (t, f) = one_finding("icmpv6".into(), "Warning", "W3687");
    assert!(not_allowed(&t, &f).is_empty());
    let (t, f) = one_finding("-1".into(), "Warning", "W3687");
    assert_eq!(not_allowed(&t, &f).len(), 1, "ports on all protocols");
    let (t, f) = one_finding("icmp".into(), "Warning", "W3687");
    assert_eq!(not_allowed(&t, &f).len(), 1);
}

#[test]
fn errors_and_unlisted_warnings_fail() {
    let (t, f) = one_finding("icmpv6".into(), "Error", "W3687");
    assert_eq!(not_allowed(&t, &f).len(), 1, "an error is never allowed");
    let (t, f) = one_finding("icmpv6".into(), "Warning", "W9999");
    assert_eq!(not_allowed(&t, &f).len(), 1);
    let (t, f) = one_finding("icmpv6".into(), "Informational", "I3011");
    assert_eq!(not_allowed(&t, &f).len(), 1);
}
