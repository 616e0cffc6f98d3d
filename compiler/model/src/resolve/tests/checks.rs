//! One test per resolution check: the code, the text under the primary
//! span, and the help where it carries a suggestion.

use super::{codes, compile, compile_files};
use zonec_base::diagnostic::{Code, Diagnostic, Severity};
use zonec_base::source::Sources;

/// Two zones, a label and a service that the checks below build on.
const BASE: &str = "label phi\n\
                    zone clinical { labels phi; net 10.10.0.0/16; vlan 110 }\n\
                    zone guest { net 192.168.100.0/22; vlan 900 }\n\
                    service https = tcp/443\n";

/// `BASE` followed by `extra`: the sources and the diagnostics.
fn with(extra: &str) -> (Sources, Vec<Diagnostic>) {
    let (sources, _, diags) = compile(&format!("{BASE}{extra}"));
    (sources, diags)
}

/// The only diagnostic, which must have `code`; its primary span's text and help.
fn only(extra: &str, code: Code) -> (String, String, Diagnostic) {
    let (sources, diags) = with(extra);
    assert_eq!(codes(&diags), vec![code], "{diags:#?}");
    let d = diags.into_iter().next().unwrap();
    let span = sources.slice(d.primary_span().unwrap()).to_string();
    (span, d.help.clone().unwrap_or_default(), d)
}

#[test]
fn unknown_zone_suggests_a_close_name() {
    let (span, help, _) = only("allow clincal -> guest\n", Code::UnknownZone);
    assert_eq!(
        (span.as_str(), help.as_str()),
        ("clincal", "did you mean `clinical`?")
    );
}

#[test]
fn unknown_zone_that_is_a_label_suggests_at() {
    let (_, help, _) = only("allow guest -> phi\n", Code::UnknownZone);
    assert!(help.contains("write `@phi`"), "{help}");
}

#[test]
fn unknown_label_that_is_a_zone_suggests_dropping_at() {
    let (span, help, _) = only("allow @guest -> clinical\n", Code::UnknownLabel);
    assert_eq!(span, "guest");
    assert!(help.contains("without `@`"), "{help}");
}

#[test]
fn unknown_label_in_zone_fields() {
    let (span, help, _) = only(
        "zone lab { labels ph; net 10.30.0.0/24 }\n",
        Code::UnknownLabel,
    );
    assert_eq!(
        (span.as_str(), help.as_str()),
        ("ph", "did you mean `phi`?")
    );
}

#[test]
fn unknown_name_with_nothing_close_lists_the_few_declared() {
    let (_, help, _) = only(
        "zone lab { labels hipaa; net 10.30.0.0/24 }\n",
        Code::UnknownLabel,
    );
    let want =
        "declare it with a `label` item (names are case-sensitive), or use a declared label: `phi`";
    assert_eq!(help, want);
}

#[test]
fn unknown_service_leaves_the_rule_out() {
    let (_, m, d) = compile(&format!("{BASE}allow guest -> clinical : htps\n"));
    assert_eq!(codes(&d), [Code::UnknownService]);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `https`?"));
    assert!(m.rules.is_empty());
}

#[test]
fn a_service_with_a_syntax_error_is_not_unknown_but_its_rules_are_left_out() {
    let (_, m, d) = compile(&format!(
        "{BASE}service fhir = tcp 8443\n\
         allow guest -> clinical : fhir, https\n\
         allow clinical -> guest : fhir\n\
         allow clinical -> guest : https\n"
    ));
    assert_eq!(codes(&d), [Code::Syntax], "{d:#?}");
    assert_eq!(m.rules.len(), 1);
    // A name no declaration has, broken or not, is still unknown.
    let (_, _, d) = compile_files(&[
        &format!("{BASE}service fhir = tcp 8443\n"),
        "allow guest -> clinical : fhri\n",
    ]);
    assert_eq!(codes(&d), [Code::Syntax, Code::UnknownService], "{d:#?}");
}

#[test]
fn unknown_name_inside_except_does_not_widen() {
    let (_, m, d) = compile(&format!("{BASE}deny any except {{gest}} -> clinical\n"));
    assert_eq!(codes(&d), [Code::UnknownZone]);
    assert!(m.rules.is_empty());
}

#[test]
fn duplicate_names_per_namespace() {
    // the label `clinical` may share a zone's name
    let extra =
        "zone guest { net 10.99.0.0/24 }\nservice https = tcp/8443\nlabel phi\nlabel clinical\n";
    let (sources, d) = with(extra);
    assert_eq!(codes(&d), vec![Code::DuplicateName; 3]);
    for x in &d {
        assert_eq!(x.labels.len(), 2);
        assert_eq!(x.labels[1].message, "first declared here");
        assert_eq!(
            sources.slice(x.labels[0].span),
            sources.slice(x.labels[1].span)
        );
    }
}

#[test]
fn duplicate_zone_field_but_net_repeats() {
    let extra = "zone lab {\n  net 10.30.0.0/24\n  vlan 300\n  net 10.31.0.0/24\n  vlan 301\n}\n";
    let (span, _, d) = only(extra, Code::DuplicateField);
    assert_eq!(span, "vlan 301");
    assert_eq!(d.message, "`vlan` is given twice in this zone");
}

#[test]
fn duplicate_cloud_placement() {
    let extra = "zone lab { net 10.30.0.0/24; aws-vpc \"vpc-1\"; aws-vpc \"vpc-2\" }\n";
    let (span, _, _) = only(extra, Code::DuplicateField);
    assert_eq!(span, "aws-vpc \"vpc-2\"");
}

#[test]
fn duplicate_policy() {
    let (span, _, _) = only(
        "policy \"one\"\npolicy \"two\" { owner \"x\" }\n",
        Code::DuplicatePolicy,
    );
    assert_eq!(span, "policy \"two\"");
}

#[test]
fn keyword_as_name() {
    let (span, _, _) = only("service deny = tcp/9999\n", Code::KeywordAsName);
    assert_eq!(span, "deny");
}

#[test]
fn prefix_checks() {
    let (sources, d) = with("zone lab { net 10.0.0.1/24, 10.1.0.0/33, fd00::/129 }\n");
    assert_eq!(
        codes(&d),
        vec![Code::HostBitsSet, Code::PrefixLength, Code::PrefixLength]
    );
    assert_eq!(sources.slice(d[0].primary_span().unwrap()), "10.0.0.1/24");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `10.0.0.0/24`?"));
}

#[test]
fn duplicate_prefix_labels_both() {
    let (span, _, d) = only("zone lab { net 10.10.0.0/16 }\n", Code::DuplicatePrefix);
    assert_eq!(span, "10.10.0.0/16");
    assert_eq!(
        d.message,
        "prefix `10.10.0.0/16` is declared by zones `clinical` and `lab`"
    );
    assert_eq!(d.labels.len(), 2);
}

#[test]
fn nested_prefixes_are_fine() {
    let (_, d) = with("zone lab { net 10.10.4.0/24 }\n");
    assert_eq!(d, vec![]);
}

#[test]
fn missing_prefix_only_for_internal_zones() {
    let (span, _, _) = only(
        "zone lab { vlan 300 }\nzone partners external { }\n",
        Code::MissingPrefix,
    );
    assert_eq!(span, "lab");
}

#[test]
fn external_placement() {
    let extra =
        "zone vendor external {\n  net 203.0.113.0/24\n  vlan 300\n  aws-vpc \"vpc-1\"\n}\n";
    let (_, d) = with(extra);
    assert_eq!(codes(&d), vec![Code::ExternalPlacement; 2]);
}

#[test]
fn vlan_checks() {
    let extra =
        "zone lab { net 10.30.0.0/24; vlan 4095 }\nzone iot { net 10.31.0.0/24; vlan 900 }\n";
    let (sources, d) = with(extra);
    assert_eq!(codes(&d), vec![Code::VlanRange, Code::DuplicateVlan]);
    assert_eq!(sources.slice(d[0].primary_span().unwrap()), "4095");
    assert_eq!(d[1].labels.len(), 2);
}

#[test]
fn port_checks() {
    let extra =
        "service bad = tcp/0, udp/70000, tcp/8100-8000, icmp/echo-requst, icmp/packet-too-big\n";
    let (_, d) = with(extra);
    let want = [
        Code::PortRange,
        Code::PortRange,
        Code::InvertedRange,
        Code::UnknownIcmpType,
        Code::UnknownIcmpType,
    ];
    assert_eq!(codes(&d), want);
    assert_eq!(d[2].help.as_deref(), Some("did you mean `tcp/8000-8100`?"));
    assert_eq!(
        d[3].help.as_deref(),
        Some("did you mean `icmp/echo-request`?")
    );
    assert!(d[4]
        .help
        .as_deref()
        .unwrap()
        .contains("`icmpv6/packet-too-big`"));
}

#[test]
fn require_needs_services() {
    let (_, m, d) = compile(&format!("{BASE}require guest -> clinical\n"));
    assert_eq!(codes(&d), [Code::RequireWithoutServices]);
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("`require guest -> clinical : https`"));
    assert!(m.invariants.is_empty());
}

#[test]
fn expires_on_invariant() {
    let (span, _, _) = only(
        "forbid guest -> clinical { expires 2027-01-01 }\n",
        Code::ExpiresOnInvariant,
    );
    assert_eq!(span, "2027-01-01");
}

#[test]
fn expiry_of_rules() {
    let extra = "allow guest -> clinical : https { expires 2026-01-14 }\n\
                 deny guest -> clinical { expires 2025-12-01 }\n\
                 allow clinical -> guest : https { expires 2026-02-14 }\n\
                 allow clinical -> guest { expires 2026-01-15 }\n\
                 allow clinical -> guest { expires 2026-02-15 }\n";
    let (_, d) = with(extra);
    let want = [
        Code::ExpiredRule,
        Code::ExpiredRule,
        Code::ExpiringSoon,
        Code::ExpiringSoon,
    ];
    assert_eq!(codes(&d), want);
    assert_eq!(d[0].labels[0].message, "expired 1 day ago");
    assert_eq!(d[1].message, "`deny` rule expired on 2025-12-01");
    assert_eq!(d[2].message, "`allow` rule expires in 30 days");
    assert_eq!(d[2].severity, Severity::Warning);
    assert_eq!(d[3].message, "`allow` rule expires today");
}

#[test]
fn self_flow_warns_for_rules_and_forbids_only() {
    // wider selectors (`any -> any`) drop self-pairs silently
    let extra = "allow guest -> guest\n\
                 forbid @phi ->* clinical\n\
                 require guest -> guest : https\n\
                 allow any -> any : https\n";
    let (sources, d) = with(extra);
    assert_eq!(codes(&d), vec![Code::SelfFlow, Code::SelfFlow]);
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(
        sources.slice(d[1].primary_span().unwrap()),
        "forbid @phi ->* clinical"
    );
}

#[test]
fn empty_selector_warns() {
    let (sources, d) = with("label iot\ndeny @iot -> clinical\nallow guest -> any except any\n");
    assert_eq!(codes(&d), vec![Code::EmptySelector, Code::EmptySelector]);
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("no zone carries label `iot`"));
    assert_eq!(
        sources.slice(d[1].primary_span().unwrap()),
        "any except any"
    );
    assert_eq!(d[1].message, "selector `any except any` matches no zone");
}

#[test]
fn empty_policy() {
    for text in ["", "# only a comment\n\n"] {
        let (_, _, d) = compile(text);
        assert_eq!(codes(&d), [Code::EmptyPolicy]);
    }
}

#[test]
fn errors_are_collected_not_bailed() {
    let extra = "zone lab { net 10.0.0.1/24; vlan 0 }\nallow nowhere -> @nothing : nope, tcp/0\n";
    let (_, d) = with(extra);
    let want = [
        Code::HostBitsSet,
        Code::VlanRange,
        Code::UnknownZone,
        Code::UnknownLabel,
        Code::UnknownService,
        Code::PortRange,
    ];
    assert_eq!(codes(&d), want);
}
