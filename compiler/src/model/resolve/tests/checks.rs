//! One test per resolution check: the code, the primary span's node, and the
//! help where it carries a suggestion.

use super::build::B;
use super::{codes, run};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::syntax::ast::{InvariantKind, Item, RuleAction};

fn two_zones(b: &B) -> Vec<Item> {
    vec![
        b.label("phi"),
        b.zone(
            "clinical",
            vec![b.labels(&["phi"]), b.net(&["10.10.0.0/16"]), b.vlan(110)],
        ),
        b.zone("guest", vec![b.net(&["192.168.100.0/22"]), b.vlan(900)]),
        b.service("https", &["tcp/443"]),
    ]
}

/// Resolve `two_zones` plus `extra`; the diagnostics.
fn with(b: &B, extra: Vec<Item>) -> Vec<Diagnostic> {
    let mut items = two_zones(b);
    items.extend(extra);
    run(b, items).1
}

fn only(diags: &[Diagnostic], code: Code) -> &Diagnostic {
    assert_eq!(codes(diags), vec![code], "{diags:#?}");
    &diags[0]
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or("")
}

#[test]
fn unknown_zone_suggests_a_close_name() {
    let b = B::default();
    let d = with(&b, vec![b.allow("clincal", "guest", &[])]);
    assert_eq!(
        help(only(&d, Code::UnknownZone)),
        "did you mean `clinical`?"
    );
}

#[test]
fn unknown_zone_that_is_a_label_suggests_at() {
    let b = B::default();
    let d = with(&b, vec![b.allow("guest", "phi", &[])]);
    assert!(help(only(&d, Code::UnknownZone)).contains("write `@phi`"));
}

#[test]
fn unknown_label_that_is_a_zone_suggests_dropping_at() {
    let b = B::default();
    let d = with(&b, vec![b.allow("@guest", "clinical", &[])]);
    assert!(help(only(&d, Code::UnknownLabel)).contains("without `@`"));
}

#[test]
fn unknown_label_in_zone_fields() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.zone("lab", vec![b.labels(&["ph"]), b.net(&["10.30.0.0/24"])])],
    );
    assert_eq!(help(only(&d, Code::UnknownLabel)), "did you mean `phi`?");
}

#[test]
fn unknown_service_leaves_the_rule_out() {
    let b = B::default();
    let (m, d) = run(&b, {
        let mut v = two_zones(&b);
        v.push(b.allow("guest", "clinical", &["htps"]));
        v
    });
    assert_eq!(
        help(only(&d, Code::UnknownService)),
        "did you mean `https`?"
    );
    assert!(m.rules.is_empty());
}

#[test]
fn unknown_name_inside_except_does_not_widen() {
    let b = B::default();
    let (m, d) = run(&b, {
        let mut v = two_zones(&b);
        v.push(b.deny("any except {gest}", "clinical", &[]));
        v
    });
    only(&d, Code::UnknownZone);
    assert!(m.rules.is_empty());
}

#[test]
fn duplicate_names_per_namespace() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.zone("guest", vec![b.net(&["10.99.0.0/24"])]),
            b.service("https", &["tcp/8443"]),
            b.label("phi"),
            // a label may share a zone's name
            b.label("clinical"),
        ],
    );
    assert_eq!(codes(&d), vec![Code::DuplicateName; 3]);
    assert!(d
        .iter()
        .all(|x| x.labels.len() == 2 && x.labels[1].message == "first declared here"));
}

#[test]
fn duplicate_zone_field_but_net_repeats() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.zone(
            "lab",
            vec![
                b.net(&["10.30.0.0/24"]),
                b.vlan(300),
                b.net(&["10.31.0.0/24"]),
                b.vlan(301),
            ],
        )],
    );
    assert_eq!(
        only(&d, Code::DuplicateField).message,
        "`vlan` is given twice in this zone"
    );
}

#[test]
fn duplicate_policy() {
    let b = B::default();
    let d = with(&b, vec![b.policy("one"), b.policy("two")]);
    only(&d, Code::DuplicatePolicy);
}

#[test]
fn keyword_as_name() {
    let b = B::default();
    let d = with(&b, vec![b.zone("deny", vec![b.net(&["10.30.0.0/24"])])]);
    only(&d, Code::KeywordAsName);
}

#[test]
fn prefix_checks() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.zone(
            "lab",
            vec![b.net(&["10.0.0.1/24", "10.1.0.0/33", "fd00::/129"])],
        )],
    );
    assert_eq!(
        codes(&d),
        vec![Code::HostBitsSet, Code::PrefixLength, Code::PrefixLength]
    );
    assert_eq!(help(&d[0]), "did you mean `10.0.0.0/24`?");
}

#[test]
fn duplicate_prefix_labels_both() {
    let b = B::default();
    let d = with(&b, vec![b.zone("lab", vec![b.net(&["10.10.0.0/16"])])]);
    let d = only(&d, Code::DuplicatePrefix);
    assert_eq!(
        d.message,
        "prefix `10.10.0.0/16` is declared by zones `clinical` and `lab`"
    );
    assert_eq!(d.labels.len(), 2);
}

#[test]
fn missing_prefix_only_for_internal_zones() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.zone("lab", vec![b.vlan(300)]),
            b.external("partners", vec![]),
        ],
    );
    only(&d, Code::MissingPrefix);
}

#[test]
fn external_placement() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.external(
            "vendor",
            vec![b.net(&["203.0.113.0/24"]), b.vlan(300), b.aws("vpc-1")],
        )],
    );
    assert_eq!(codes(&d), vec![Code::ExternalPlacement; 2]);
}

#[test]
fn vlan_checks() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.zone("lab", vec![b.net(&["10.30.0.0/24"]), b.vlan(4095)]),
            b.zone("iot", vec![b.net(&["10.31.0.0/24"]), b.vlan(900)]),
        ],
    );
    assert_eq!(codes(&d), vec![Code::VlanRange, Code::DuplicateVlan]);
    assert_eq!(d[1].labels.len(), 2);
}

#[test]
fn port_checks() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.service(
            "bad",
            &[
                "tcp/0",
                "udp/70000",
                "tcp/8100-8000",
                "icmp/echo-requst",
                "icmp/packet-too-big",
            ],
        )],
    );
    let want = [
        Code::PortRange,
        Code::PortRange,
        Code::InvertedRange,
        Code::UnknownIcmpType,
        Code::UnknownIcmpType,
    ];
    assert_eq!(codes(&d), want);
    assert_eq!(help(&d[2]), "did you mean `tcp/8000-8100`?");
    assert_eq!(help(&d[3]), "did you mean `icmp/echo-request`?");
    assert!(help(&d[4]).contains("`icmpv6/packet-too-big`"));
}

#[test]
fn require_needs_services() {
    let b = B::default();
    let (m, d) = run(&b, {
        let mut v = two_zones(&b);
        v.push(b.inv(InvariantKind::Require, "guest", "clinical", &[]));
        v
    });
    assert!(help(only(&d, Code::RequireWithoutServices))
        .contains("`require guest -> clinical : https`"));
    assert!(m.invariants.is_empty());
}

#[test]
fn expires_on_invariant() {
    let b = B::default();
    let meta = b.expires("2027-01-01");
    let d = with(
        &b,
        vec![b.inv_meta(InvariantKind::Forbid, "guest", "clinical", &[], meta)],
    );
    only(&d, Code::ExpiresOnInvariant);
}

#[test]
fn expiry_of_rules() {
    let b = B::default();
    let expired = b.rule(
        RuleAction::Allow,
        "guest",
        "clinical",
        &["https"],
        b.expires("2026-01-14"),
    );
    let deny = b.rule(
        RuleAction::Deny,
        "guest",
        "clinical",
        &[],
        b.expires("2025-12-01"),
    );
    let soon = b.rule(
        RuleAction::Allow,
        "clinical",
        "guest",
        &["https"],
        b.expires("2026-02-14"),
    );
    let today = b.rule(
        RuleAction::Allow,
        "clinical",
        "guest",
        &[],
        b.expires("2026-01-15"),
    );
    let later = b.rule(
        RuleAction::Allow,
        "clinical",
        "guest",
        &[],
        b.expires("2026-02-15"),
    );
    let d = with(&b, vec![expired, deny, soon, today, later]);
    assert_eq!(
        codes(&d),
        vec![
            Code::ExpiredRule,
            Code::ExpiredRule,
            Code::ExpiringSoon,
            Code::ExpiringSoon
        ]
    );
    assert_eq!(d[0].labels[0].message, "expired 1 day ago");
    assert_eq!(d[2].message, "`allow` rule expires in 30 days");
    assert_eq!(d[2].severity, Severity::Warning);
    assert_eq!(d[3].message, "`allow` rule expires today");
}

#[test]
fn self_flow_warns_for_rules_and_forbids_only() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.allow("guest", "guest", &[]),
            b.inv(InvariantKind::ForbidPath, "@phi", "clinical", &[]),
            b.inv(InvariantKind::Require, "guest", "guest", &["https"]),
            // wider selectors drop self-pairs silently
            b.allow("any", "any", &["https"]),
        ],
    );
    assert_eq!(codes(&d), vec![Code::SelfFlow, Code::SelfFlow]);
    assert_eq!(d[0].severity, Severity::Warning);
}

#[test]
fn empty_selector_warns() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.label("iot"),
            b.deny("@iot", "clinical", &[]),
            b.allow("guest", "any except any", &[]),
        ],
    );
    assert_eq!(codes(&d), vec![Code::EmptySelector, Code::EmptySelector]);
    assert!(help(&d[0]).contains("no zone carries label `iot`"));
    assert_eq!(d[1].message, "selector `any except any` matches no zone");
}

#[test]
fn empty_policy() {
    let b = B::default();
    let d = run(&b, vec![]).1;
    only(&d, Code::EmptyPolicy);
}

#[test]
fn errors_are_collected_not_bailed() {
    let b = B::default();
    let d = with(
        &b,
        vec![
            b.zone("lab", vec![b.net(&["10.0.0.1/24"]), b.vlan(0)]),
            b.allow("nowhere", "@nothing", &["nope", "tcp/0"]),
        ],
    );
    assert_eq!(
        codes(&d),
        vec![
            Code::HostBitsSet,
            Code::VlanRange,
            Code::UnknownZone,
            Code::UnknownLabel,
            Code::UnknownService,
            Code::PortRange
        ]
    );
}

#[test]
fn unknown_name_with_nothing_close_lists_the_few_declared() {
    let b = B::default();
    let d = with(
        &b,
        vec![b.zone("lab", vec![b.labels(&["hipaa"]), b.net(&["10.30.0.0/24"])])],
    );
    assert_eq!(
        help(only(&d, Code::UnknownLabel)),
        "declare it with a `label` item (names are case-sensitive), or use a declared label: `phi`"
    );
}
