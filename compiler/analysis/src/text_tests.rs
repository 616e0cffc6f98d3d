//! Analysis of policies written as text, through the real parser and
//! resolver: the language contract's own example, spans of witnesses, and
//! the lints that need the syntax tree to stay quiet on sensible policies.

use super::certificate;
use super::verdict::Evidence;
use super::{analyze, Analysis};
use zonec_base::diagnostic::Code;
use zonec_base::{Date, Sources};
use zonec_model::{compile, Frontend};
use zonec_model::{PortSet, Proto, ResolveOptions};

fn run(text: &str) -> (Sources, Frontend, Analysis) {
    let mut sources = Sources::new();
    sources.add("policy.zones", text);
    let options = ResolveOptions {
        today: Date::parse("2026-11-22").unwrap(),
    };
    let frontend = compile(&sources, &options);
    assert!(!frontend.has_errors(), "{:?}", frontend.diagnostics);
    let analysis = analyze(&frontend.model);
    for v in &analysis.verdicts {
        if let Evidence::Certificate(c) = &v.evidence {
            let inv = frontend.model.invariant(v.invariant);
            assert_eq!(certificate::check(&analysis.effective, inv, c), Ok(()));
        }
    }
    (sources, frontend, analysis)
}

use crate::testdata::FIRST_LOOK as RIVERBEND;

/// The warning of every policy here that never names `self`.
const UNNAMED: &str = "zonec::self-unnamed: the policy never names `self`: every zone may reach the router's own services";

/// The example keeps it short: `internet` is `0.0.0.0/0, ::/0` and no zone
/// declares the rest of the private space, and it never names `self`: those
/// are the things it is warned about.
#[test]
fn the_contracts_example_holds_with_only_the_private_space_warning() {
    let (_, frontend, a) = run(RIVERBEND);
    let model = &frontend.model;
    assert!(a.verdicts.iter().all(|v| v.holds), "{:?}", a.verdicts);
    let codes: Vec<Code> = a.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            Code::SelfUnnamed,
            Code::PrivateSpaceExternal,
            Code::PrivateSpaceExternal
        ],
        "{:?}",
        a.diagnostics
    );
    match &a.verdicts[0].evidence {
        Evidence::Certificate(c) => {
            let names: Vec<&str> = c.parts[0]
                .zones
                .iter()
                .map(|z| model.zone(*z).name.as_str())
                .collect();
            assert_eq!(names, ["guest", "internet"]);
        }
        other => panic!("{other:?}"),
    }
    let (guest, internet) = (
        model.zone_by_name("guest").unwrap(),
        model.zone_by_name("internet").unwrap(),
    );
    let https_dns = PortSet::ports(Proto::Tcp, 443, 443)
        .union(&PortSet::ports(Proto::Tcp, 53, 53))
        .union(&PortSet::ports(Proto::Udp, 53, 53));
    assert_eq!(a.direct(guest, internet), https_dns);
}

#[test]
fn a_pivot_breaks_the_example_and_the_witness_points_at_the_allows() {
    let text = RIVERBEND.replace(
        "allow guest -> internet : https, dns",
        "allow guest -> internet : https, dns\nallow guest -> clinical : tcp/8443 { reason \"portal kiosk\" }",
    );
    let (sources, frontend, a) = run(&text);
    assert!(!a.verdicts[0].holds && a.verdicts[1].holds && a.verdicts[2].holds);
    let Evidence::Witnesses(w) = &a.verdicts[0].evidence else {
        panic!()
    };
    // Every offending pair, each with its own witness: guest reaches
    // clinical directly and sud_ehr through it.
    let heads: Vec<Vec<&str>> = w
        .pairs
        .iter()
        .map(|p| {
            p.hops
                .iter()
                .map(|h| sources.slice(frontend.model.rule(h.rules[0]).head_span))
                .collect()
        })
        .collect();
    assert_eq!(
        heads,
        [
            vec!["allow guest -> clinical", "allow clinical -> sud_ehr"],
            vec!["allow guest -> clinical"],
        ]
    );
    assert_eq!(w.total, 2);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == Code::ForbidViolated && d.labels.len() == 2)
        .unwrap();
    assert_eq!(
        sources.slice(d.labels[0].span),
        "forbid @guest ->* {@phi, @part2}"
    );
    assert_eq!(
        d.labels[1].message,
        "hop 1: `guest` → `clinical` on tcp/8443"
    );
    // Through clinical, guest also reaches sud_ehr: two hops, last on https or hl7.
    let sud = frontend.model.zone_by_name("sud_ehr").unwrap();
    let guest = frontend.model.zone_by_name("guest").unwrap();
    let path = a
        .shortest_path(&frontend.model, guest, sud, &PortSet::any())
        .unwrap();
    assert_eq!(path.hops.len(), 2);
}

#[test]
fn names_used_only_in_invariants_or_after_except_are_used() {
    let (_, _, a) = run(r#"
label phi "PHI"
label vault "Air-gapped backups"
zone ehr   { labels phi; net 10.1.0.0/24 }
zone web   { net 10.2.0.0/24 }
zone lab   { net 10.3.0.0/24 }
zone spare { net 10.4.0.0/24 }
service https = tcp/443
service ssh = tcp/22
allow any except {lab} -> web : https
allow web -> ehr : https
forbid web ->* @vault : ssh
"#);
    let found: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    // `lab` is named after `except`; `vault` is named in a forbid though no
    // zone carries it; `phi` is carried by `ehr`; `ssh` is used only by the
    // forbid; `spare` is covered by `any` and may open https to `web`.
    assert_eq!(found, [UNNAMED]);
}

#[test]
fn unused_and_isolated_zones_are_reported_with_their_spans() {
    let (sources, _, a) = run(r#"
zone a { net 10.1.0.0/24 }
zone b { net 10.2.0.0/24 }
zone c { net 10.3.0.0/24 }
zone d { net 10.4.0.0/24 }
service hl7 = tcp/2575
allow a -> b : tcp/443
allow c -> c : tcp/443
"#);
    let found: Vec<(Code, &str)> = a
        .diagnostics
        .iter()
        .map(|d| (d.code, sources.slice(d.labels[0].span)))
        .collect();
    assert_eq!(
        found,
        [
            (Code::SelfUnnamed, "a"),
            (Code::IsolatedZone, "c"),
            (Code::UnusedZone, "d"),
            (Code::UnusedService, "hl7")
        ]
    );
}

/// A monitored zone as deployed: everything to and from it is open, but on
/// a router that monitors forwarded traffic only, its denies to and from
/// `self` still hold.
#[test]
fn a_monitored_zone_keeps_its_denies_to_self_on_a_forwarding_router() {
    let text = "zone guest { net 10.1.0.0/24 }\nzone ehr { net 10.2.0.0/24 }\n\
                allow any -> self : tcp/22\ndeny guest -> self : tcp/22\n\
                monitor guest { reason \"staged\" }\n";
    let (_, front, _) = run(text);
    let model = &front.model;
    let zone = |n: &str| model.zone_ids().find(|&z| model.zone(z).name == n).unwrap();
    let (guest, ehr, router) = (zone("guest"), zone("ehr"), model.self_zone.unwrap());
    let ssh = PortSet::range(22, 22);
    let open = |m: &zonec_model::Model, a, b| {
        let effective = crate::effective::EffectivePolicy::new(m);
        effective
            .flow(a, b)
            .map(|f| f.ports.clone())
            .unwrap_or_default()
    };
    let everywhere = crate::deployed::deployed_model(model, &[guest]);
    assert!(open(&everywhere, guest, router).contains(22));
    let forwarded = crate::deployed::forwarded_deployed_model(model, &[guest]);
    assert_eq!(open(&forwarded, guest, ehr), PortSet::any());
    assert!(open(&forwarded, guest, router).intersect(&ssh).is_empty());
    assert!(open(&forwarded, router, guest).is_empty());
    assert_eq!(open(&forwarded, ehr, router).intersect(&ssh), ssh);
}
