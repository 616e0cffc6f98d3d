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
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].path, PATH);
    assert_eq!(files[1].path, flush::PATH);
    Ok(files.remove(0).contents)
}

fn with_template(t: &str) -> NftOptions {
    NftOptions {
        interface_template: Some(InterfaceTemplate::parse(t).unwrap()),
        allow_lockout: false,
        policy_hash: None,
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

/// `allow any -> any` with `ports` over `n` zones of one /24 each.
fn any_to_any(n: usize, ports: PortSet) -> Model {
    let mut b = ModelBuilder::new("any to any");
    let zones: Vec<_> = (0..n)
        .map(|i| {
            b.zone(
                &format!("z{i}"),
                &[&format!("10.{}.{}.0/24", i / 256, i % 256)],
            )
        })
        .collect();
    b.allow(&zones, &zones, ports, Some("CHG-9"), None);
    b.build()
}

#[test]
fn a_large_class_is_one_chain_one_counter_and_one_merged_range() {
    let text = render(&any_to_any(40, tcp(22)), &NftOptions::default()).unwrap();
    assert!(
        text.contains("# Zones with addresses: 40. Allowed zone pairs: 1560."),
        "{text}"
    );
    assert_eq!(text.matches("\tchain from_").count(), 1, "{text}");
    assert!(
        text.contains("10.0.0.0-10.0.39.255 : goto from_class-z0\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "10.0.0.0-10.0.39.255 comment \"class-z0 -> class-z0: CHG-9\" : jump svc_1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("counter name \"drop_class-z0\" drop"),
        "{text}"
    );
    assert!(
        text.contains("log prefix \"zonec drop class-z0: \""),
        "{text}"
    );
    assert!(!text.contains("drop_z1 "), "no counter per zone: {text}");
    // Every zone is listed where the class's chain is.
    assert!(text.contains("#   z0, z1, z2, "), "{text}");
}

#[test]
fn traffic_inside_a_zone_of_a_large_class_is_accepted_by_one_set_lookup() {
    let text = render(&any_to_any(40, tcp(22)), &NftOptions::default()).unwrap();
    assert!(
        text.contains("\t\tip saddr & 255.255.255.0 . ip daddr & 255.255.255.0 @same4_24 accept\n"),
        "{text}"
    );
    assert!(
        text.contains("\t\t\t10.0.7.0 . 10.0.7.0,\n"),
        "one element per zone: {text}"
    );
    assert_eq!(text.matches(" . 10.0.").count(), 40, "{text}");
    let same = text.find("@same4_24 accept").unwrap();
    let src = text.find("ip saddr vmap @src4").unwrap();
    assert!(
        same < src,
        "inside a zone is decided before the class's map"
    );
    // A class whose flow inside itself is every port needs no set.
    let open = render(&any_to_any(40, PortSet::any()), &NftOptions::default()).unwrap();
    assert!(!open.contains("same4"), "{open}");
    assert!(
        open.contains("10.0.0.0-10.0.39.255 comment \"class-z0 -> class-z0: CHG-9\" : accept\n"),
        "{open}"
    );
}

#[test]
fn a_zone_of_a_large_class_with_a_nested_zone_gets_a_same_zone_chain() {
    let mut b = ModelBuilder::new("nested");
    let mut zones: Vec<_> = (0..20)
        .map(|i| b.zone(&format!("z{i}"), &[&format!("10.0.{i}.0/24")]))
        .collect();
    zones.push(b.zone("wide", &["10.8.0.0/16"]));
    let inner = b.zone("inner", &["10.8.5.0/24"]);
    b.allow(&zones, &zones, tcp(22), None, None);
    b.allow(&[inner], &zones, tcp(443), None, None);
    let text = render(&b.build(), &NftOptions::default()).unwrap();
    assert!(
        text.contains(
            "\tchain same_wide {\n\t\tip saddr 10.8.0.0-10.8.4.255 accept\n\t\tip saddr 10.8.6.0-10.8.255.255 accept\n\t}\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\t\t\t10.8.6.0-10.8.255.255 : jump same_wide\n"),
        "{text}"
    );
    assert!(text.contains("\t\tip daddr vmap @same4\n"), "{text}");
}

#[test]
fn a_class_of_at_most_sixteen_zones_is_written_zone_by_zone() {
    let text = render(&any_to_any(16, tcp(22)), &NftOptions::default()).unwrap();
    assert!(!text.contains("class-"), "{text}");
    assert!(!text.contains("same4"), "{text}");
    assert_eq!(text.matches("\tchain from_").count(), 16, "{text}");
    assert!(
        text.contains("10.0.3.0 comment \"z2 -> z3: CHG-9\" : jump svc_1"),
        "{text}"
    );
    assert!(
        text.contains("10.0.2.0 comment \"z2 -> z2: inside the zone\" : accept"),
        "{text}"
    );
}

/// The ruleset and flush script of `model`.
fn both(model: &Model) -> (String, String) {
    let out = testing::run(model, &Options::default(), emit);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    for a in &out.artifacts {
        if let Some(sha256) = &a.sha256 {
            let digest = <sha2::Sha256 as sha2::Digest>::digest(a.contents.as_bytes());
            assert_eq!(sha256, &format!("{digest:x}"));
        }
    }
    let mut files = out.artifacts.into_iter().map(|a| a.contents);
    (files.next().unwrap(), files.next().unwrap())
}

#[test]
fn the_ruleset_is_stamped_with_its_own_digest() {
    use sha2::{Digest, Sha256};
    let (ruleset, script) = both(&riverbend(false));
    let line = ruleset
        .lines()
        .find(|l| l.starts_with("\tcounter zonec_build "))
        .unwrap();
    assert!(
        ruleset.ends_with(&format!("\n{line}\n}}\n")),
        "last in the table"
    );
    let hex = line
        .split("sha256:")
        .nth(1)
        .unwrap()
        .trim_end_matches("\" }");
    let without = ruleset.replacen(&format!("{line}\n"), "", 1);
    assert_eq!(hex, format!("{:x}", Sha256::digest(without.as_bytes())));
    assert!(script.contains(&format!("\nreadonly ZONEC_BUILD={hex}\n")));
}

/// The generated part of the flush script: its header and the policy's
/// data (the fixed part is `flush/flush.sh`, included verbatim).
#[test]
fn flush_script_snapshot() {
    let (_, script) = both(&riverbend(false));
    let fixed = include_str!("flush/flush.sh");
    assert_eq!(script.matches(fixed).count(), 1);
    let generated = script.replacen(fixed, "[flush/flush.sh]\n", 1);
    insta::assert_snapshot!(generated);
}

#[test]
fn hostile_names_stay_inert_in_the_flush_script() {
    let mut b = ModelBuilder::new("it's $(reboot)\nrm -rf / `id`\u{202E}");
    let a = b.zone("a b\nZONEC_DATA", &["10.0.0.0/24"]);
    let c = b.zone("c", &["10.0.1.0/24"]);
    b.allow(&[a], &[c], tcp(22), None, None);
    let (_, script) = both(&b.build());
    assert!(
        script.contains("\nreadonly ZONEC_POLICY='it'\\''s $(reboot) rm -rf / `id`'\n"),
        "{script}"
    );
    assert!(script.contains("\nz 0 0 a%20b%0AZONEC_DATA\n"), "{script}");
    assert_eq!(script.matches("\nZONEC_DATA\n").count(), 1, "{script}");
    assert!(!script.contains('\u{202E}'));
    let header = script.lines().nth(1).unwrap();
    assert!(
        header.contains("`it's $(reboot) rm -rf / `id``"),
        "{header}"
    );
}

/// `any_to_any` over `n` zones with every zone monitored, nothing allowed
/// but ssh.
fn all_monitored(n: usize) -> Model {
    let mut model = any_to_any(n, tcp(22));
    model.monitors.push(zonec_model::Monitor {
        zones: model.zone_ids().collect(),
        meta: zonec_model::Meta::default(),
        span: zonec_base::Span::default(),
        head_span: zonec_base::Span::default(),
    });
    model
}

#[test]
fn would_drop_logs_name_both_zones_one_rule_per_pair() {
    let text = render(&all_monitored(3), &NftOptions::default()).unwrap();
    assert!(text.contains("counter would_z0 {"), "{text}");
    assert!(text.contains("limit wdl_z0 { rate 10/second burst 20 packets;"));
    let rule = "ip daddr 10.0.1.0/24 counter counter name \"would_z1\" limit name \"wdl_z0\" \
                log prefix \"zonec would-drop z0->z1: \" accept";
    assert!(text.contains(rule), "{text}");
    // Every zone is monitored: nothing comes back to the forward chain.
    assert_eq!(text.matches("log prefix \"zonec would-drop").count(), 3 * 2);
    assert!(text.contains(": jump from_z0"), "{text}");
}

#[test]
fn past_the_bound_would_drop_logs_name_the_monitored_zone_only() {
    // 300 monitored zones: 89,700 pair rules, past MAX_PAIR_RULES.
    let text = render(&all_monitored(300), &NftOptions::default()).unwrap();
    assert!(!text.contains("zonec would-drop z0->z1: "));
    assert!(text.contains("log prefix \"zonec would-drop z0->*: \" accept"));
    assert!(text.contains("log prefix \"zonec would-drop *->z0: \" accept"));
    assert!(text.contains("ip daddr @monitored4 counter name ip daddr map @wdc4"));
    assert!(text.contains("10.0.1.0/24 : \"would_z1\""), "counter map");
    assert!(
        text.contains("`zonec would-drop ZONE->*: `"),
        "the header says so"
    );
}

#[test]
fn without_monitoring_the_source_map_still_goes_to_the_chains() {
    let text = render(&any_to_any(3, tcp(22)), &NftOptions::default()).unwrap();
    assert!(text.contains(": goto from_z0"));
    assert!(!text.contains("would") && !text.contains("monitored"));
}
