//! `zonec verify` for the clouds ("Cloud drift"): each cloud's emitted
//! Terraform (and AWS's CloudFormation), converted into the provider's
//! describe output
//! (`describe.rs`), verifies clean with `zonec_verify`'s evaluator of that
//! output, for every example and cloud fixture a cloud builds, while the
//! tests' own evaluator of the Terraform (`zonec-props`) proves the same
//! file: two independent readings of one deployment agree. Mutated copies
//! (a rule added, a CIDR widened, a rule deleted, a rule zonec did not
//! write inside a group it manages) give exactly the findings of the
//! right classes, each with a witness and the deployed rule responsible.

use super::{describe, emit_all, file, prove, Outputs};
use crate::util;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Date, Sources};
use zonec_model::{AddressTable, Model, ResolveOptions};
use zonec_targets::cloud::CloudOptions;
use zonec_verify::{cloud, Class, Finding, Policy, Report, Unsupported};

pub(crate) const EXAMPLE: &str = "dsl-examples/behavioral-health.zones";

pub(crate) struct Case {
    model: Model,
    out: Outputs,
}

pub(crate) fn load(file: &str) -> Case {
    let text = std::fs::read_to_string(util::root().join(file)).unwrap();
    let mut sources = Sources::new();
    sources.add(file, text);
    let today = Date::parse("2026-11-22").unwrap();
    let front = zonec_model::compile(&sources, &ResolveOptions { today });
    assert!(!front.has_errors(), "{file} does not check");
    let out = emit_all(&front.model, &CloudOptions::default());
    Case {
        model: front.model,
        out,
    }
}

impl Case {
    fn doc(&self, cloud: &str) -> Option<Value> {
        let emitted = match cloud {
            "aws" => &self.out.aws,
            "azure" => &self.out.azure,
            _ => &self.out.gcp,
        };
        if emitted.artifacts.is_empty() {
            return None;
        }
        Some(serde_json::from_str(file(emitted, &format!("cloud/{cloud}.tf.json"))).unwrap())
    }

    /// The describe output of `cloud` (Azure: NSGs, then ASGs).
    pub(crate) fn described(&self, cloud: &str) -> Option<(Value, Option<Value>)> {
        let doc = self.doc(cloud)?;
        Some(match cloud {
            "aws" => (describe::aws(&doc), None),
            "azure" => {
                let (nsgs, asgs) = describe::azure(&doc);
                (nsgs, Some(asgs))
            }
            _ => (describe::gcp(&doc), None),
        })
    }

    fn run(
        &self,
        cloud: &str,
        deployed: &Value,
        asgs: Option<&Value>,
    ) -> Result<Report, Unsupported> {
        let effective = EffectivePolicy::new(&self.model);
        let addresses = AddressTable::new(&self.model);
        let interfaces = BTreeMap::new();
        let policy = Policy {
            model: &self.model,
            effective: &effective,
            addresses: &addresses,
            hash: "",
            interfaces: &interfaces,
        };
        let text = deployed.to_string();
        let asgs = asgs.map(Value::to_string);
        match cloud {
            "aws" => cloud::aws(&policy, &text),
            "azure" => cloud::azure(&policy, &text, asgs.as_deref()),
            _ => cloud::gcp(&policy, &text),
        }
    }

    /// Verify `cloud`'s describe output after `mutate`.
    fn verify(&self, cloud: &str, mutate: impl FnOnce(&mut Value)) -> Report {
        let (mut deployed, asgs) = self.described(cloud).expect("the cloud builds");
        mutate(&mut deployed);
        self.run(cloud, &deployed, asgs.as_ref())
            .unwrap_or_else(|e| panic!("{cloud}: {e:?}"))
    }
}

fn classes(r: &Report) -> BTreeSet<Class> {
    r.findings.iter().map(|f| f.class).collect()
}

fn show(r: &Report) -> String {
    format!("{:#?}", r.findings)
}

/// Every cloud the policy builds verifies clean, and the tests' own
/// evaluator proves the same Terraform.
fn clean(file: &str) {
    let case = load(file);
    prove(&case.model, &case.out);
    for c in ["aws", "azure", "gcp"] {
        if case.doc(c).is_none() {
            continue;
        }
        let r = case.verify(c, |_| {});
        assert!(r.findings.is_empty(), "{file} {c}: {}", show(&r));
        assert!(r.pairs_checked > 0, "{file} {c}: nothing checked");
    }
    if !case.out.aws.artifacts.is_empty() {
        let cfn = super::file(&case.out.aws, "cloud/aws.cfn.json");
        let cfn: Value = serde_json::from_str(cfn).unwrap();
        let r = case.run("aws", &describe::aws_cfn(&cfn), None).unwrap();
        assert!(r.findings.is_empty(), "{file} aws.cfn.json: {}", show(&r));
    }
}

mod every_example_verifies_clean_in_every_cloud {
    crate::fixture_lists::examples!(super::clean);
}

mod every_cloud_fixture_verifies_clean {
    crate::fixture_lists::cloud_fixtures!(super::clean_if_built);
}

/// Clean, but for AWS groups whose rules name prefix lists: their entries
/// are not in `describe-security-groups`, so verify refuses, naming one.
fn clean_if_built(file: &str) {
    let case = load(file);
    for c in ["aws", "azure", "gcp"] {
        let Some((deployed, asgs)) = case.described(c) else {
            continue;
        };
        match case.run(c, &deployed, asgs.as_ref()) {
            Ok(r) => assert!(r.findings.is_empty(), "{file} {c}: {}", show(&r)),
            Err(e) => {
                assert!(
                    deployed.to_string().contains("\"PrefixListId\""),
                    "{file} {c}: {e:?}"
                );
                assert!(e.what.contains("prefix list pl-"), "{e:?}");
            }
        }
    }
}

fn only(r: &Report, want: &[Class]) {
    let want: BTreeSet<Class> = want.iter().copied().collect();
    assert_eq!(classes(r), want, "{}", show(r));
    for f in &r.findings {
        if matches!(
            f.class,
            Class::Extra | Class::Missing | Class::ForbiddenReachable
        ) {
            assert!(f.witness.is_some(), "no witness: {f:?}");
        }
        assert!(!f.responsible.is_empty(), "no rule responsible: {f:?}");
    }
}

fn find(r: &Report, class: Class) -> &Finding {
    r.findings.iter().find(|f| f.class == class).unwrap()
}

// AWS: the groups of `sud_ehr` and `edi_gateway`.

fn aws_group<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    let groups = doc["SecurityGroups"].as_array_mut().unwrap();
    groups.iter_mut().find(|g| g["GroupName"] == name).unwrap()
}

#[test]
fn aws_a_rule_added_by_hand_is_unmanaged_and_opens_a_forbidden_flow() {
    let r = load(EXAMPLE).verify("aws", |d| {
        let g = aws_group(d, "zonec-sud_ehr");
        g["IpPermissions"].as_array_mut().unwrap().push(json!({
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "incident 4711"}],
        }));
    });
    only(
        &r,
        &[Class::ForbiddenReachable, Class::Extra, Class::Unmanaged],
    );
    let f = find(&r, Class::ForbiddenReachable);
    assert_eq!(f.to.as_deref(), Some("sud_ehr"));
    assert!(
        f.responsible.iter().any(|l| l.contains("incident 4711")),
        "{f:?}"
    );
    assert_eq!(f.witness.as_ref().unwrap().port, Some(22));
}

#[test]
fn aws_a_widened_cidr_is_extra_not_unmanaged() {
    let r = load(EXAMPLE).verify("aws", |d| {
        let g = aws_group(d, "zonec-edi_gateway");
        let perm = g["IpPermissions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|p| p["IpRanges"].as_array().is_some_and(|r| !r.is_empty()))
            .unwrap();
        perm["IpRanges"][0]["CidrIp"] = json!("10.0.0.0/8");
    });
    assert!(!classes(&r).contains(&Class::Unmanaged), "{}", show(&r));
    assert!(!classes(&r).contains(&Class::Missing), "{}", show(&r));
    assert!(
        classes(&r).contains(&Class::Extra) || classes(&r).contains(&Class::ForbiddenReachable),
        "{}",
        show(&r)
    );
}

#[test]
fn aws_a_deleted_rule_is_missing() {
    let r = load(EXAMPLE).verify("aws", |d| {
        let g = aws_group(d, "zonec-sud_ehr");
        g["IpPermissions"].as_array_mut().unwrap().remove(0);
    });
    only(&r, &[Class::Missing]);
    let f = find(&r, Class::Missing);
    assert_eq!(f.to.as_deref(), Some("sud_ehr"));
    assert!(
        f.responsible[0].contains("no inbound rule allows it"),
        "{f:?}"
    );
}

#[test]
fn aws_an_unmanaged_rule_that_changes_no_flow_is_only_unmanaged() {
    let r = load(EXAMPLE).verify("aws", |d| {
        let g = aws_group(d, "zonec-sud_ehr");
        let perms = g["IpPermissions"].as_array_mut().unwrap();
        let mut copy = perms[0].clone();
        for list in ["IpRanges", "Ipv6Ranges", "UserIdGroupPairs"] {
            for e in copy[list].as_array_mut().unwrap() {
                e["Description"] = json!("added by the vendor's script");
            }
        }
        perms.push(copy);
    });
    only(&r, &[Class::Unmanaged]);
}

// Azure: the NSG of the EHR's VNet.

fn nsg<'a>(doc: &'a mut Value, vnet: &str) -> &'a mut Vec<Value> {
    let nsgs = doc.as_array_mut().unwrap();
    let n = nsgs
        .iter_mut()
        .find(|n| n["tags"]["zonec-vnet"] == vnet)
        .unwrap();
    n["securityRules"].as_array_mut().unwrap()
}

const EHR_VNET: &str = "vnet-rbh-ehr-prod-eastus2";

#[test]
fn azure_a_rule_added_by_hand_is_unmanaged_and_extra() {
    let r = load(EXAMPLE).verify("azure", |d| {
        nsg(d, EHR_VNET).push(json!({
            "name": "allow-rdp-incident", "priority": 90, "direction": "Inbound",
            "access": "Allow", "protocol": "Tcp", "sourcePortRange": "*",
            "destinationPortRange": "3389", "sourceAddressPrefix": "*",
            "destinationAddressPrefix": "*",
        }));
    });
    only(
        &r,
        &[Class::ForbiddenReachable, Class::Extra, Class::Unmanaged],
    );
    let f = find(&r, Class::Extra);
    assert_eq!(f.witness.as_ref().unwrap().port, Some(3389));
    assert!(
        f.responsible
            .iter()
            .any(|l| l.contains("allow-rdp-incident")),
        "{f:?}"
    );
}

#[test]
fn azure_a_widened_prefix_is_extra_not_unmanaged() {
    let r = load(EXAMPLE).verify("azure", |d| {
        let rule = nsg(d, EHR_VNET)
            .iter_mut()
            .find(|r| {
                r["direction"] == "Inbound"
                    && r["sourceAddressPrefixes"]
                        .as_array()
                        .is_some_and(|p| !p.is_empty())
            })
            .unwrap();
        rule["sourceAddressPrefixes"] = json!(["10.0.0.0/8"]);
    });
    assert!(!classes(&r).contains(&Class::Unmanaged), "{}", show(&r));
    assert!(!classes(&r).contains(&Class::Missing), "{}", show(&r));
    assert!(!r.findings.is_empty());
}

#[test]
fn azure_a_deleted_rule_is_missing() {
    let r = load(EXAMPLE).verify("azure", |d| {
        let rules = nsg(d, EHR_VNET);
        let i = rules.iter().position(|r| r["access"] == "Allow").unwrap();
        rules.remove(i);
    });
    only(&r, &[Class::Missing]);
}

#[test]
fn azure_an_unmanaged_rule_that_changes_no_flow_is_only_unmanaged() {
    let r = load(EXAMPLE).verify("azure", |d| {
        let rules = nsg(d, EHR_VNET);
        let mut copy = rules
            .iter()
            .find(|r| r["access"] == "Deny")
            .unwrap()
            .clone();
        copy["name"] = json!("vendor-deny-copy");
        copy["priority"] = json!(4000);
        rules.push(copy);
    });
    only(&r, &[Class::Unmanaged]);
}

// GCP: the billing network.

fn gcp_rule(doc: &mut Value, pick: impl Fn(&Value) -> bool) -> &mut Value {
    doc.as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| pick(r))
        .unwrap()
}

#[test]
fn gcp_a_rule_added_by_hand_is_unmanaged_and_opens_a_forbidden_flow() {
    let r = load(EXAMPLE).verify("gcp", |d| {
        let network = d[0]["network"].clone();
        d.as_array_mut().unwrap().push(json!({
            "name": "allow-ssh-from-anywhere", "network": network, "direction": "INGRESS",
            "priority": 100, "sourceRanges": ["0.0.0.0/0"], "targetTags": ["zonec-billing"],
            "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}],
        }));
    });
    only(
        &r,
        &[Class::ForbiddenReachable, Class::Extra, Class::Unmanaged],
    );
    let f = find(&r, Class::ForbiddenReachable);
    assert_eq!(f.to.as_deref(), Some("billing"));
    assert!(
        f.responsible
            .iter()
            .any(|l| l.contains("allow-ssh-from-anywhere")),
        "{f:?}"
    );
}

#[test]
fn gcp_a_widened_range_is_extra_not_unmanaged() {
    let r = load(EXAMPLE).verify("gcp", |d| {
        let rule = gcp_rule(d, |r| {
            r["direction"] == "INGRESS"
                && r.get("allowed").is_some()
                && r.get("sourceRanges").is_some()
        });
        rule["sourceRanges"] = json!(["10.0.0.0/8"]);
    });
    assert!(!classes(&r).contains(&Class::Unmanaged), "{}", show(&r));
    assert!(!classes(&r).contains(&Class::Missing), "{}", show(&r));
    assert!(!r.findings.is_empty());
}

#[test]
fn gcp_a_deleted_rule_is_missing() {
    let r = load(EXAMPLE).verify("gcp", |d| {
        let list = d.as_array_mut().unwrap();
        let i = list
            .iter()
            .position(|r| r.get("allowed").is_some())
            .unwrap();
        list.remove(i);
    });
    only(&r, &[Class::Missing]);
}

#[test]
fn gcp_an_unmanaged_rule_that_changes_no_flow_is_only_unmanaged() {
    let r = load(EXAMPLE).verify("gcp", |d| {
        let mut copy = gcp_rule(d, |r| r.get("denied").is_some()).clone();
        copy["name"] = json!("vendor-deny-copy");
        d.as_array_mut().unwrap().push(copy);
    });
    only(&r, &[Class::Unmanaged]);
}

// Whole groups gone.

#[test]
fn aws_a_deleted_group_is_missing_naming_the_group() {
    let r = load(EXAMPLE).verify("aws", |d| {
        let groups = d["SecurityGroups"].as_array_mut().unwrap();
        groups.retain(|g| g["GroupName"] != "zonec-sud_ehr");
    });
    only(&r, &[Class::Missing]);
    let f = find(&r, Class::Missing);
    assert!(
        f.responsible
            .iter()
            .any(|l| l.contains("no security group tagged `zonec:zone = sud_ehr`")),
        "{f:?}"
    );
}

#[test]
fn azure_a_vnet_without_its_nsg_filters_nothing() {
    let r = load(EXAMPLE).verify("azure", |d| {
        let nsgs = d.as_array_mut().unwrap();
        nsgs.retain(|n| n["tags"]["zonec-vnet"] != EHR_VNET);
    });
    // Every zone reaches the EHR on every port: each pair breaks a forbid.
    only(&r, &[Class::ForbiddenReachable]);
    let f = find(&r, Class::ForbiddenReachable);
    assert_eq!(f.ports.as_deref(), Some("any"));
    assert!(
        f.responsible[0].contains("nothing filters the VNet's traffic"),
        "{f:?}"
    );
}

#[test]
fn azure_without_the_asg_list_knows_asgs_by_the_names_zonec_gives() {
    let case = load(EXAMPLE);
    let (nsgs, _) = case.described("azure").unwrap();
    let r = case.run("azure", &nsgs, None).unwrap();
    assert!(r.findings.is_empty(), "{}", show(&r));
}

/// A stack CloudFormation made replaces EC2's default egress with one
/// rule to 127.0.0.1/32 (`cfn.rs`): zonec's, and it reaches no zone.
#[test]
fn aws_the_cloudformation_no_egress_rule_is_zonecs_and_changes_nothing() {
    let r = load(EXAMPLE).verify("aws", |d| {
        for g in d["SecurityGroups"].as_array_mut().unwrap() {
            g["IpPermissionsEgress"].as_array_mut().unwrap().push(json!({
                "IpProtocol": "-1",
                "IpRanges": [{"CidrIp": "127.0.0.1/32", "Description": zonec_targets::cloud::AWS_NO_EGRESS_DESCRIPTION}],
            }));
        }
    });
    assert!(r.findings.is_empty(), "{}", show(&r));
}

/// A service tag's members depend on the deployment: what a rule naming
/// one may allow counts as allowed where the policy forbids it.
#[test]
fn azure_a_service_tag_rule_may_allow_so_it_is_extra() {
    let r = load(EXAMPLE).verify("azure", |d| {
        nsg(d, EHR_VNET).push(json!({
            "name": "allow-lb-probe", "priority": 95, "direction": "Inbound",
            "access": "Allow", "protocol": "Tcp", "sourcePortRange": "*",
            "destinationPortRange": "8080", "sourceAddressPrefix": "VirtualNetwork",
            "destinationAddressPrefix": "*",
        }));
    });
    assert!(classes(&r).contains(&Class::Unmanaged), "{}", show(&r));
    let f = r
        .findings
        .iter()
        .find(|f| matches!(f.class, Class::Extra | Class::ForbiddenReachable))
        .unwrap();
    assert_eq!(f.witness.as_ref().unwrap().port, Some(8080));
    assert!(f.responsible[0].contains("allow-lb-probe"), "{f:?}");
    assert!(!classes(&r).contains(&Class::Missing), "{}", show(&r));
}
