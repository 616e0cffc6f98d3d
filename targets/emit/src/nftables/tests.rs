//! Tests of the whole ruleset on hand-built models. The end-to-end tests
//! (`tests/nftables.rs`, `tests/kernel_nftables.rs`) check it with `nft` and
//! real packets.

use super::*;
use crate::testing::{self, tcp, udp, ModelBuilder};
use zonec_model::Model;
use zonec_model::{PortSet, Proto};

fn riverbend(vlans: bool) -> Model {
    let mut b = ModelBuilder::new("Riverbend");
    let clinical = b.zone("clinical", &["10.10.0.0/16", "fd00:10::/48"]);
    let part2 = b.zone("part2", &["10.10.5.0/24", "fd00:10:5::/64"]);
    let guest = b.zone("guest", &["192.168.100.0/22"]);
    let internet = b.zone("internet", &["0.0.0.0/0", "::/0"]);
    if vlans {
        b.vlan(clinical, 110).vlan(part2, 120).vlan(guest, 900);
    }
    let https = tcp(443);
    b.allow(
        &[clinical],
        &[part2],
        https.union(&tcp(2575)),
        Some("CHG-1042"),
        Some("SUD clinicians chart encounters"),
    );
    b.allow(
        &[guest],
        &[internet],
        https.union(&udp(53)),
        None,
        Some("guest browsing"),
    );
    b.allow(
        &[clinical],
        &[internet],
        PortSet::any(),
        Some("CHG-1"),
        None,
    );
    b.deny(&[clinical], &[internet], tcp(25));
    b.build()
}

fn render(model: &Model, options: &NftOptions) -> Result<String, Vec<Diagnostic>> {
    let options = Options {
        nftables: options.clone(),
        ..Options::default()
    };
    let out = testing::run(model, &options, emit);
    if !out.diagnostics.is_empty() {
        assert!(out.artifacts.is_empty());
        return Err(out.diagnostics);
    }
    let mut files = out.artifacts;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, PATH);
    Ok(files.remove(0).contents)
}

fn with_template(t: &str) -> NftOptions {
    NftOptions {
        interface_template: Some(InterfaceTemplate::parse(t).unwrap()),
    }
}

#[test]
fn ruleset_replaces_the_table_in_one_transaction() {
    let text = render(&riverbend(false), &NftOptions::default()).unwrap();
    let first = text.find("\ntable inet zonec\n").unwrap();
    let delete = text.find("\ndelete table inet zonec\n").unwrap();
    let body = text.find("\ntable inet zonec {\n").unwrap();
    assert!(first < delete && delete < body);
    assert_eq!(
        text.matches("table inet").count(),
        3,
        "no other table is touched"
    );
    assert!(text.contains("type filter hook forward priority filter; policy drop;"));
    assert!(text.contains("\t\tct state established,related accept\n"));
}

#[test]
fn nested_zone_is_its_own_range_and_the_outer_zone_is_split() {
    let text = render(&riverbend(false), &NftOptions::default()).unwrap();
    assert!(
        text.contains("\t\t\t10.10.0.0-10.10.4.255 : goto from_clinical,\n"),
        "{text}"
    );
    assert!(
        text.contains("\t\t\t10.10.5.0/24 : goto from_part2,\n"),
        "{text}"
    );
    assert!(
        text.contains("\t\t\t10.10.6.0-10.10.255.255 : goto from_clinical,\n"),
        "{text}"
    );
}

#[test]
fn flows_carry_tickets_and_reasons_and_share_service_chains() {
    let text = render(&riverbend(false), &NftOptions::default()).unwrap();
    assert!(text.contains("10.10.5.0/24 comment \"clinical -> part2: CHG-1042: SUD clinicians chart encounters\" : jump svc_"), "{text}");
    // clinical -> internet is `any` minus tcp/25: a chain with other protocols.
    assert!(text.contains("meta l4proto != @l4_known accept"), "{text}");
    // The deny of tcp/25 is cut out of the service the pair jumps to.
    assert!(
        text.contains("# svc_1: tcp/0-24, tcp/26-65535, udp, icmp, icmpv6, other protocols"),
        "{text}"
    );
    // guest has no IPv6 space, so no IPv6 map of its own.
    assert!(!text.contains("out6_guest"), "{text}");
    // internet has more ranges than its sources: checked on its side.
    assert!(
        text.contains(
            "192.168.100.0/22 comment \"guest -> internet: guest browsing\" : jump svc_3"
        ),
        "{text}"
    );
    assert!(
        text.contains("chain to_internet {\n\t\tip saddr vmap @in4_internet\n"),
        "{text}"
    );
    assert!(text.contains("log prefix \"zonec drop guest: \""), "{text}");
}

#[test]
fn without_a_template_there_is_no_interface_check_and_the_file_says_so() {
    let text = render(&riverbend(true), &NftOptions::default()).unwrap();
    assert!(!text.contains("iifname"));
    assert!(text.contains("# Anti-spoofing: off."));
}

#[test]
fn with_a_template_vlan_zones_are_pinned_to_their_interfaces() {
    let text = render(&riverbend(true), &with_template("vlan{id}")).unwrap();
    assert!(
        text.contains("\t\t10.10.5.0/24 : jump guard_part2,\n")
            || text.contains("\t\t\t10.10.5.0/24 : jump guard_part2,\n"),
        "{text}"
    );
    assert!(text.contains("\t\tiifname \"vlan120\" return\n"), "{text}");
    assert!(
        text.contains("log prefix \"zonec spoof part2: \""),
        "{text}"
    );
    let guard = text.find("ip saddr vmap @guard4").unwrap();
    let ct = text.find("ct state established,related accept").unwrap();
    assert!(
        guard < ct,
        "spoofed packets cannot ride on established connections"
    );
    assert!(
        !text.contains("guard_internet"),
        "zones without a VLAN are not guarded"
    );
}

#[test]
fn bad_interface_names_are_diagnosed() {
    let errs = render(&riverbend(true), &with_template("vlan")).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].message.contains("get the same interface `vlan`"),
        "{errs:?}"
    );
    let errs = render(&riverbend(true), &with_template("very-long-{zone}")).unwrap_err();
    assert!(errs
        .iter()
        .all(|e| e.code == zonec_base::Code::InterfaceName));
    assert!(
        errs[0].message.contains("longer than 15 characters"),
        "{errs:?}"
    );
}

#[test]
fn hostile_strings_cannot_change_the_ruleset() {
    let mut b = ModelBuilder::new("evil\" }\ntable ip filter { chain x { accept; } }\n#");
    let a = b.zone("a", &["10.0.0.0/24"]);
    let c = b.zone("c", &["10.0.1.0/24"]);
    let hostile = "\" : accept, 0.0.0.0/0 : accept }\n}\nchain forward { accept\r\n\\\u{202E}";
    b.allow(&[a], &[c], tcp(22), Some(hostile), Some(&"x".repeat(1000)));
    let text = render(&b.build(), &NftOptions::default()).unwrap();
    for line in text.lines() {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
        assert!(
            !line.contains('\\') && !line.contains('\r') && !line.contains('\u{202E}'),
            "{line}"
        );
    }
    let rules = text.lines().filter(|l| !l.trim_start().starts_with('#'));
    assert_eq!(rules.filter(|l| l.contains("table ip")).count(), 0);
    let element = text
        .lines()
        .find(|l| l.contains("10.0.1.0 comment"))
        .unwrap();
    let comment = element.split('"').nth(1).unwrap();
    assert!(comment.len() <= 128, "{}", comment.len());
}

#[test]
fn output_is_deterministic() {
    let a = render(&riverbend(true), &with_template("vlan{id}")).unwrap();
    let b = render(&riverbend(true), &with_template("vlan{id}")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn icmp_types_and_port_ranges() {
    let mut b = ModelBuilder::new("icmp");
    let a = b.zone("a", &["10.0.0.0/24", "fd00::/64"]);
    let c = b.zone("c", &["10.0.1.0/24", "fd00:1::/64"]);
    let ports = PortSet::ports(Proto::Tcp, 8000, 8100)
        .union(&PortSet::ports(Proto::Icmp, 8, 8))
        .union(&PortSet::ports(Proto::Icmpv6, 128, 128));
    b.allow(&[a], &[c], ports, None, None);
    let text = render(&b.build(), &NftOptions::default()).unwrap();
    assert!(text.contains("\t\ttcp dport 8000-8100 accept\n"), "{text}");
    assert!(text.contains("\t\ticmp type 8 accept\n"), "{text}");
    assert!(text.contains("\t\ticmpv6 type 128 accept\n"), "{text}");
    // Every range is a /64: a hash map keyed by the masked address.
    assert!(
        text.contains("\t\t\tfd00:1:: comment \"a -> c\" : jump svc_1"),
        "{text}"
    );
    assert!(
        text.contains("\t\tip6 daddr & ffff:ffff:ffff:ffff:: vmap @out6_a\n"),
        "{text}"
    );
}

#[test]
fn riverbend_snapshot() {
    let text = render(&riverbend(true), &with_template("vlan{id}")).unwrap();
    insta::assert_snapshot!(text);
}
