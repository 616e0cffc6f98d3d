//! `zonec verify --aws-sg-json/--azure-nsg-json/--gcp-firewall-json` end
//! to end: exit codes, the human output of a few findings (snapshots,
//! reviewed by hand), every format, refusals with exit 2 and nothing on
//! stdout, and hostile text from the describe output escaped.

use super::drift::{load, EXAMPLE};
use crate::util::{zonec, OutDir, Run};
use serde_json::{json, Value};

/// Write `cloud`'s describe output of the example, after `mutate`, and
/// run `zonec verify` on it with `extra` arguments.
fn run(name: &str, cloud: &str, mutate: impl FnOnce(&mut Value), extra: &[&str]) -> Run {
    let dir = OutDir::new("cloud-verify", name);
    std::fs::create_dir_all(&dir.0).unwrap();
    let (mut deployed, asgs) = load(EXAMPLE).described(cloud).unwrap();
    mutate(&mut deployed);
    let path = dir.0.join(format!("{cloud}.json"));
    std::fs::write(&path, deployed.to_string()).unwrap();
    let flag = match cloud {
        "aws" => "--aws-sg-json",
        "azure" => "--azure-nsg-json",
        _ => "--gcp-firewall-json",
    };
    let path = path.to_str().unwrap().to_string();
    let mut args = vec!["verify", EXAMPLE, flag, &path];
    let asg_path = dir.0.join("asg.json").to_str().unwrap().to_string();
    if let Some(a) = asgs {
        std::fs::write(&asg_path, a.to_string()).unwrap();
        args.extend(["--azure-asg-json", &asg_path]);
    }
    args.extend(extra);
    zonec(&args)
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/cloud_verify",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn aws_rule_added_by_hand_human() {
    let r = run(
        "aws-added",
        "aws",
        |d| {
            let g = d["SecurityGroups"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|g| g["GroupName"] == "zonec-sud_ehr")
                .unwrap();
            g["IpPermissions"].as_array_mut().unwrap().push(json!({
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "incident 4711"}],
            }));
        },
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    snapshot("aws_rule_added_by_hand", &r.stdout);
}

#[test]
fn azure_rule_deleted_human() {
    let r = run(
        "azure-deleted",
        "azure",
        |d| {
            let n = d
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|n| n["tags"]["zonec-vnet"] == "vnet-rbh-ehr-prod-eastus2")
                .unwrap();
            let rules = n["securityRules"].as_array_mut().unwrap();
            let i = rules
                .iter()
                .position(|r| r["name"] == "ehr-from-mgmt_jump-v4-allow-Tcp")
                .unwrap();
            rules.remove(i);
        },
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    snapshot("azure_rule_deleted", &r.stdout);
}

#[test]
fn gcp_range_widened_human() {
    let r = run(
        "gcp-widened",
        "gcp",
        |d| {
            let rule = d
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|r| r["name"] == "zonec-billing-from-backup-v6-allow")
                .unwrap();
            rule["sourceRanges"] = json!(["fd5b:7e42:1c00::/48"]);
        },
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    snapshot("gcp_range_widened", &r.stdout);
}

#[test]
fn every_cloud_at_once_verifies_clean_with_exit_0() {
    let dir = OutDir::new("cloud-verify", "all");
    std::fs::create_dir_all(&dir.0).unwrap();
    let case = load(EXAMPLE);
    let mut args: Vec<String> = vec!["verify".into(), EXAMPLE.into()];
    for (cloud, flag) in [
        ("aws", "--aws-sg-json"),
        ("azure", "--azure-nsg-json"),
        ("gcp", "--gcp-firewall-json"),
    ] {
        let (doc, _) = case.described(cloud).unwrap();
        let path = dir.0.join(format!("{cloud}.json"));
        std::fs::write(&path, doc.to_string()).unwrap();
        args.extend([flag.to_string(), path.to_str().unwrap().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = zonec(&args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("the deployed network enforces the policy ("),
        "{}",
        r.stdout
    );
}

fn added_by_hand(d: &mut Value, description: &str) {
    let g = &mut d["SecurityGroups"][0];
    g["IpPermissions"].as_array_mut().unwrap().push(json!({
        "IpProtocol": "tcp", "FromPort": 5900, "ToPort": 5900,
        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": description}],
    }));
}

#[test]
fn findings_in_every_format() {
    for format in ["json", "sarif", "markdown"] {
        let r = run(
            &format!("formats-{format}"),
            "aws",
            |d| added_by_hand(d, "vnc"),
            &["--format", format],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        if format == "markdown" {
            assert!(r.stdout.contains("| unmanaged |"), "{}", r.stdout);
            continue;
        }
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        if format == "json" {
            assert_eq!(v["enforced"], false);
            let classes: Vec<&str> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["class"].as_str().unwrap())
                .collect();
            assert!(
                classes.contains(&"unmanaged") && classes.contains(&"extra"),
                "{classes:?}"
            );
            let f = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["class"] == "extra")
                .unwrap();
            assert_eq!(f["witness"]["hook"], "aws");
            assert_eq!(f["witness"]["port"], 5900);
        } else {
            let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
            assert!(rules.iter().any(|r| r["id"] == "unmanaged"));
            let results = v["runs"][0]["results"].as_array().unwrap();
            assert!(results.iter().any(|r| r["ruleId"] == "unmanaged"));
        }
    }
}

#[test]
fn hostile_descriptions_are_escaped_in_every_format() {
    let evil = "x\u{1b}]8;;http://evil\u{7}\u{202e}|`<b>`\n- [ ] y";
    for format in ["human", "markdown", "json"] {
        let r = run(
            &format!("hostile-{format}"),
            "aws",
            |d| added_by_hand(d, evil),
            &["--format", format],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{202e}'),
            "{format}: {}",
            r.stdout
        );
        if format == "json" {
            let v: Value = serde_json::from_str(&r.stdout).unwrap();
            assert!(
                v.to_string().contains("http://evil"),
                "the text is kept, escaped"
            );
        } else {
            assert!(
                !r.stdout.contains("\n- [ ] y"),
                "{format}: a description starts no line: {}",
                r.stdout
            );
        }
    }
}

#[test]
fn bad_json_is_exit_2_with_nothing_on_stdout() {
    let r = run(
        "bad-json",
        "gcp",
        |d| *d = json!({"items": "not a list"}),
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("cannot read the GCP firewall rules"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("gcloud compute firewall-rules list --format=json"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unsupported_construct_is_exit_2_naming_it() {
    let r = run(
        "prefix-list",
        "aws",
        |d| {
            d["SecurityGroups"][0]["IpPermissions"]
                .as_array_mut()
                .unwrap()
                .push(json!({
                    "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "PrefixListIds": [{"PrefixListId": "pl-0123456789abcdef0"}],
                }));
        },
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("prefix list pl-0123456789abcdef0"),
        "{}",
        r.stderr
    );
    let r = run(
        "source-ports",
        "azure",
        |d| {
            d[0]["securityRules"][0]["sourcePortRange"] = json!("1024-65535");
        },
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("filters source ports"), "{}", r.stderr);
}
