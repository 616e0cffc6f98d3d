//! Hand-built shapes that stress each cloud's semantics: nested prefixes,
//! peers in other VPCs, denies inside allows, ICMP types, quotas, names.

use super::build::{icmp_type, tcp, udp, Spec};
use super::{codes, emit_all, errors, file, prove_and_lint};
use zonec_base::Code;
use zonec_model::{CloudProvider, CloudProvider::*, PortSet, Proto};
use zonec_targets::cloud::CloudOptions;

fn everywhere(net: &str) -> [(CloudProvider, &str); 3] {
    [(Aws, net), (Azure, net), (Gcp, net)]
}

#[test]
fn nested_zone_inside_a_vpc_zone_is_carved_out_exactly() {
    let mut s = Spec::new();
    let core = s.zone("vpc_core", &["10.0.0.0/16"], &[(Aws, "vpc-0000000a")]);
    let db = s.zone("db", &["10.0.5.0/24"], &[(Aws, "vpc-0000000a")]);
    let clinic = s.zone("clinic", &["192.168.0.0/16"], &[]);
    let internet = s.zone("internet", &["0.0.0.0/0", "::/0"], &[]);
    s.allow(&[clinic], &[core], tcp(443, 443));
    s.allow(&[core], &[db], tcp(5432, 5432));
    s.allow(&[db], &[internet], tcp(443, 443));
    s.allow(&[internet], &[core], tcp(443, 443));
    let out = emit_all(&s.model, &CloudOptions::default());
    assert!(prove_and_lint("shape1", &s.model, &out) > 0);
    let tf = file(&out.aws, "cloud/aws.tf.json");
    // core's space is the /16 minus the /24: never the covering /16 as a peer.
    assert!(!tf.contains("\"cidr_ipv4\": \"10.0.0.0/16\""), "{tf}");
    // the internet is a prefix list, and the list never holds 0.0.0.0/0.
    assert!(tf.contains("\"aws_ec2_managed_prefix_list\""));
    assert!(!tf.contains("\"cidr\": \"0.0.0.0/0\""));
    // core -> db names db's group.
    assert!(tf.contains("\"referenced_security_group_id\": \"${aws_security_group.db.id}\""));
}

#[test]
fn peers_in_other_vpcs_are_addresses_and_same_vpc_peers_are_groups() {
    let mut s = Spec::new();
    let a = s.zone("app", &["10.1.0.0/24"], &[(Aws, "vpc-00000001")]);
    let b = s.zone("billing", &["10.2.0.0/24"], &[(Aws, "vpc-00000002")]);
    let c = s.zone("cache", &["10.1.1.0/24"], &[(Aws, "vpc-00000001")]);
    s.allow(&[a], &[b], tcp(22, 22));
    s.allow(&[a], &[c], tcp(6379, 6379));
    let out = emit_all(&s.model, &CloudOptions::default());
    prove_and_lint("shape2", &s.model, &out);
    let tf = file(&out.aws, "cloud/aws.tf.json");
    assert!(tf.contains("\"app_to_billing_10_2_0_0_24_tcp_22\""), "{tf}");
    assert!(
        tf.contains("\"billing_from_app_10_1_0_0_24_tcp_22\""),
        "{tf}"
    );
    assert!(tf.contains("\"app_to_cache_sg_tcp_6379\""), "{tf}");
}

#[test]
fn deny_inside_allow_splits_ranges_or_uses_prioritised_denies() {
    let mut s = Spec::new();
    let x = s.zone(
        "ops",
        &["10.5.0.0/24", "fd00:5::/64"],
        &everywhere("vpc-0000000e"),
    );
    let y = s.zone(
        "servers",
        &["10.6.0.0/24", "fd00:6::/64"],
        &everywhere("vpc-0000000e"),
    );
    s.allow(&[x], &[y], tcp(1000, 2000).union(&udp(53, 53)));
    s.deny(&[x], &[y], tcp(1500, 1500));
    let out = emit_all(&s.model, &CloudOptions::default());
    prove_and_lint("shape3", &s.model, &out);
    let tf = file(&out.aws, "cloud/aws.tf.json");
    assert!(
        tf.contains("tcp_1000_1499") && tf.contains("tcp_1501_2000"),
        "{tf}"
    );
}

#[test]
fn allow_all_minus_ports_needs_deny_rules() {
    let mut s = Spec::new();
    let x = s.zone("admin", &["10.5.0.0/24"], &everywhere("vpc-0000000e"));
    let y = s.zone("servers", &["10.6.0.0/24"], &everywhere("vpc-0000000e"));
    s.allow(&[x], &[y], PortSet::any());
    s.deny(&[x], &[y], tcp(23, 23));
    let out = emit_all(&s.model, &CloudOptions::default());
    // AWS cannot allow "every other protocol" without allowing everything.
    assert_eq!(codes(&out.aws), vec![Code::CloudInexpressible]);
    assert!(out.aws.artifacts.is_empty(), "no partial output");
    let d = errors(&out.aws)[0];
    assert_eq!(
        d.message,
        "the flow `admin` -> `servers` cannot be expressed exactly in AWS security groups"
    );
    assert_eq!(d.labels.len(), 2, "the allow and the deny");
    // Azure and GCP carve the denied port out of an allow-all.
    prove_and_lint("shape4", &s.model, &out);
    let gcp = file(&out.gcp, "cloud/gcp.tf.json");
    assert!(
        gcp.contains("\"priority\": 1000") && gcp.contains("\"priority\": 2000"),
        "{gcp}"
    );
    let azure = file(&out.azure, "cloud/azure.tf.json");
    assert!(azure.contains("\"access\": \"Deny\""), "{azure}");
}

#[test]
fn icmp_types_work_in_aws_and_fail_clearly_elsewhere() {
    let mut s = Spec::new();
    let a = s.zone("monitor", &["10.7.0.0/24"], &everywhere("vpc-0000000e"));
    let b = s.zone("pumps", &["10.8.0.0/24"], &everywhere("vpc-0000000e"));
    let c = s.zone("lab", &["10.9.0.0/24"], &everywhere("vpc-0000000e"));
    s.allow(&[a], &[b], icmp_type(8));
    s.allow(&[a], &[c], PortSet::proto(Proto::Icmp));
    let out = emit_all(&s.model, &CloudOptions::default());
    assert!(errors(&out.aws).is_empty());
    assert_eq!(codes(&out.azure), vec![Code::CloudInexpressible]);
    assert_eq!(codes(&out.gcp), vec![Code::CloudInexpressible]);
    let help = errors(&out.gcp)[0].help.clone().unwrap_or_default();
    assert!(help.contains("icmp/echo-request"), "{help}");
    prove_and_lint("shape5", &s.model, &out);
    assert!(
        file(&out.aws, "cloud/aws.tf.json").contains("\"from_port\": 8,\n        \"to_port\": -1")
    );
}

fn many_ports(n: u32) -> Spec {
    let mut s = Spec::new();
    let a = s.zone("clients", &["10.1.0.0/24"], &[]);
    let b = s.zone("ehr", &["10.2.0.0/24"], &[(Aws, "vpc-00000001")]);
    let ports = (0..n).fold(PortSet::empty(), |set, i| {
        set.union(&tcp(1000 + 2 * i, 1000 + 2 * i))
    });
    s.allow(&[a], &[b], ports);
    s
}

#[test]
fn quota_overflow_names_zone_direction_count_and_quota() {
    let s = many_ports(61);
    let out = emit_all(&s.model, &CloudOptions::default());
    assert_eq!(codes(&out.aws), vec![Code::AwsQuota]);
    assert!(out.aws.artifacts.is_empty());
    let d = errors(&out.aws)[0];
    assert_eq!(
        d.message,
        "the security group of zone `ehr` needs 62 inbound IPv4 rules, over the AWS quota of 60"
    );
    assert!(d
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("--aws-rules-per-sg"));
    // 61 ports plus the self rule; raising the quota lets it through.
    let out = emit_all(
        &s.model,
        &CloudOptions {
            aws_rules_per_sg: 62,
        },
    );
    assert!(errors(&out.aws).is_empty());
    prove_and_lint("shape6", &s.model, &out);
}

#[test]
fn prefix_lists_count_their_entries_against_the_quota() {
    let mut s = Spec::new();
    let internet = s.zone("internet", &["0.0.0.0/0"], &[]);
    // 10 nested /24s spread over the space: the internet's space needs many prefixes.
    let holes: Vec<String> = (0..10)
        .map(|i| format!("{}.0.0.0/24", 20 * i + 11))
        .collect();
    let mut first = None;
    for (i, h) in holes.iter().enumerate() {
        let z = s.zone(&format!("site{i}"), &[h], &[(Aws, "vpc-00000001")]);
        first.get_or_insert(z);
    }
    let site = first.expect("a site");
    s.allow(&[site], &[internet], tcp(443, 443));
    let out = emit_all(&s.model, &CloudOptions::default());
    assert_eq!(codes(&out.aws), vec![Code::AwsQuota]);
    let msg = &errors(&out.aws)[0].message;
    assert!(
        msg.starts_with("the security group of zone `site0` needs ")
            && msg.contains(" outbound IPv4 rules"),
        "{msg}"
    );
    let out = emit_all(
        &s.model,
        &CloudOptions {
            aws_rules_per_sg: 1000,
        },
    );
    prove_and_lint("shape7", &s.model, &out);
}

#[test]
fn names_that_collide_after_sanitising_are_errors_with_both_spans() {
    let mut s = Spec::new();
    let a = s.zone("Lab", &["10.1.0.0/24"], &[(Gcp, "net")]);
    let b = s.zone("lab", &["10.2.0.0/24"], &[(Gcp, "net")]);
    s.allow(&[a], &[b], tcp(80, 80));
    let out = emit_all(&s.model, &CloudOptions::default());
    let d = errors(&out.gcp)[0];
    assert_eq!(d.code, Code::ResourceNameCollision);
    assert_eq!(
        d.message,
        "`Lab` and `lab` both become the GCP network tag `zonec-lab`"
    );
    assert_eq!(d.labels.len(), 2);
    assert_ne!(d.labels[0].span, d.labels[1].span);
}

#[test]
fn dual_stack_zones_in_several_clouds_are_exact() {
    let mut s = Spec::new();
    let web = s.zone(
        "web",
        &["10.1.0.0/24", "fd00:1::/64"],
        &[
            (Aws, "vpc-00000001"),
            (Azure, "vnet-1"),
            (Gcp, "vpc-00000001"),
        ],
    );
    let api = s.zone(
        "api",
        &["10.2.0.0/24", "fd00:2::/64"],
        &everywhere("vpc-00000001"),
    );
    let out_ = s.zone("internet", &["0.0.0.0/0", "::/0"], &[]);
    s.allow(
        &[web],
        &[api],
        tcp(8443, 8443).union(&PortSet::proto(Proto::Icmpv6)),
    );
    s.allow(&[out_], &[web], tcp(443, 443));
    s.allow(&[api], &[out_], udp(53, 53));
    let out = emit_all(
        &s.model,
        &CloudOptions {
            aws_rules_per_sg: 1000,
        },
    );
    prove_and_lint("shape8", &s.model, &out);
}

#[test]
fn nothing_placed_writes_nothing_with_a_warning() {
    let mut s = Spec::new();
    s.zone("lan", &["10.0.0.0/8"], &[]);
    let out = emit_all(&s.model, &CloudOptions::default());
    for e in [&out.aws, &out.azure, &out.gcp] {
        assert!(e.artifacts.is_empty());
        assert_eq!(e.diagnostics.len(), 1);
        assert_eq!(e.diagnostics[0].code, Code::NoCloudZones);
    }
}

#[test]
fn output_is_deterministic() {
    let s = many_ports(5);
    let (a, b) = (
        emit_all(&s.model, &CloudOptions::default()),
        emit_all(&s.model, &CloudOptions::default()),
    );
    assert_eq!(a.aws.artifacts, b.aws.artifacts);
}

#[test]
fn aws_placements_must_be_vpc_ids() {
    let mut s = Spec::new();
    s.zone("app", &["10.1.0.0/24"], &[(Aws, "prod")]);
    let out = emit_all(&s.model, &CloudOptions::default());
    assert_eq!(codes(&out.aws), vec![Code::InvalidCloudNetwork]);
    assert_eq!(errors(&out.aws)[0].message, "`prod` is not an AWS VPC id");
}
