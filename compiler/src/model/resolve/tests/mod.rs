//! Resolver tests over hand-built syntax trees: the spec's first example
//! resolves to the expected model, and each check reports its code.

mod build;
mod checks;
mod scale;

use super::{resolve, ResolveOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{InvariantKind as MInv, Model, PortSet, Proto, ZoneId};
use crate::syntax::ast::{Date, InvariantKind, Item};
use build::B;

pub fn today() -> Date {
    Date::parse("2026-01-15").unwrap()
}

pub fn run(b: &B, items: Vec<Item>) -> (Model, Vec<Diagnostic>) {
    resolve(&[b.file(items)], &ResolveOptions { today: today() })
}

pub fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

/// The spec's "first look" policy, less its meta blocks.
fn riverbend(b: &B) -> Vec<Item> {
    vec![
        b.policy("Riverbend Behavioral Health"),
        b.label("part2"),
        b.label("phi"),
        b.label("iot"),
        b.label("guest"),
        b.zone(
            "sud_ehr",
            vec![
                b.labels(&["part2", "phi"]),
                b.net(&["10.20.0.0/24", "fd00:20::/64"]),
                b.vlan(120),
                b.aws("vpc-0a1b2c3d"),
            ],
        ),
        b.zone(
            "clinical",
            vec![b.labels(&["phi"]), b.net(&["10.10.0.0/16"]), b.vlan(110)],
        ),
        b.zone(
            "guest",
            vec![
                b.labels(&["guest"]),
                b.net(&["192.168.100.0/22"]),
                b.vlan(900),
            ],
        ),
        b.zone(
            "pumps",
            vec![b.labels(&["iot"]), b.net(&["10.60.0.0/24"]), b.vlan(600)],
        ),
        b.external("internet", vec![b.net(&["0.0.0.0/0", "::/0"])]),
        b.service("https", &["tcp/443"]),
        b.service("dns", &["udp/53", "tcp/53"]),
        b.service("hl7", &["tcp/2575"]),
        b.allow("clinical", "sud_ehr", &["https", "hl7"]),
        b.allow("guest", "internet", &["https", "dns"]),
        b.deny("@iot", "any except {internet}", &[]),
        b.inv(InvariantKind::ForbidPath, "@guest", "{@phi, @part2}", &[]),
        b.inv(
            InvariantKind::Forbid,
            "any except {clinical}",
            "@part2",
            &[],
        ),
        b.inv(InvariantKind::Require, "clinical", "sud_ehr", &["https"]),
    ]
}

fn zones(ids: &[u32]) -> Vec<ZoneId> {
    ids.iter().map(|&i| ZoneId(i)).collect()
}

#[test]
fn the_first_example_resolves_cleanly() {
    let b = B::default();
    let (m, diags) = run(&b, riverbend(&b));
    assert_eq!(diags, vec![]);
    assert_eq!(
        m.policy.as_ref().unwrap().name,
        "Riverbend Behavioral Health"
    );
    assert_eq!(m.zones.len(), 5);
    assert_eq!(
        m.zone(ZoneId(0))
            .labels
            .iter()
            .map(|l| l.0)
            .collect::<Vec<_>>(),
        vec![0, 1]
    );
    assert_eq!(m.zone(ZoneId(0)).prefixes.len(), 2);
    assert_eq!(m.zone(ZoneId(0)).vlan.as_ref().unwrap().id, 120);
    assert_eq!(m.zone(ZoneId(0)).cloud.len(), 1);
    assert!(m.zone(ZoneId(4)).external);
    assert_eq!(m.services[1].ports.to_string(), "tcp/53, udp/53");

    let r0 = &m.rules[0];
    assert_eq!((r0.from.clone(), r0.to.clone()), (zones(&[1]), zones(&[0])));
    assert_eq!(r0.ports.to_string(), "tcp/443, tcp/2575");
    assert_eq!(
        r0.services
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        ["https", "hl7"]
    );
    // deny @iot -> any except {internet}: pumps to every internal zone but itself
    let r2 = &m.rules[2];
    assert_eq!(
        (r2.from.clone(), r2.to.clone()),
        (zones(&[3]), zones(&[0, 1, 2, 3]))
    );
    assert!(r2.ports.is_any());
    assert_eq!(r2.pairs().count(), 3);

    let i0 = &m.invariants[0];
    assert_eq!(i0.kind, MInv::ForbidPath);
    assert_eq!(
        (i0.from.clone(), i0.to.clone()),
        (zones(&[2]), zones(&[0, 1]))
    );
    assert_eq!(
        (i0.from_text.as_str(), i0.to_text.as_str()),
        ("@guest", "{@phi, @part2}")
    );
    assert!(i0.ports.is_any());
    let i1 = &m.invariants[1];
    assert_eq!(
        (i1.from.clone(), i1.to.clone()),
        (zones(&[0, 2, 3, 4]), zones(&[0]))
    );
    assert_eq!(i1.from_text, "any except {clinical}");
    assert_eq!(m.invariants[2].ports, PortSet::ports(Proto::Tcp, 443, 443));
}

#[test]
fn names_are_global_and_order_free() {
    let b = B::default();
    let items = vec![
        b.allow("a", "b", &["web"]),
        b.zone("b", vec![b.labels(&["l"]), b.net(&["10.0.1.0/24"])]),
        b.service("web", &["tcp/80"]),
        b.label("l"),
    ];
    let second = vec![b.zone("a", vec![b.net(&["10.0.0.0/24"])])];
    let files = [b.file(items), b.file(second)];
    let (m, diags) = resolve(&files, &ResolveOptions { today: today() });
    assert_eq!(diags, vec![]);
    assert_eq!(m.zone_by_name("a"), Some(ZoneId(1)));
    assert_eq!(
        (m.rules[0].from.clone(), m.rules[0].to.clone()),
        (zones(&[1]), zones(&[0]))
    );
}

#[test]
fn head_span_runs_from_keyword_to_destination() {
    let b = B::default();
    let mut items = riverbend(&b);
    items.truncate(13);
    let rule = b.allow("clinical", "guest", &["https"]);
    let crate::syntax::ast::ItemKind::Rule(r) = &rule.kind else {
        unreachable!()
    };
    let (item_span, to_span) = (rule.span, r.to.span);
    items.push(rule);
    let (m, _) = run(&b, items);
    assert_eq!(m.rules[0].span, item_span);
    assert_eq!(
        (m.rules[0].head_span.start, m.rules[0].head_span.end),
        (item_span.start, to_span.end)
    );
}

#[test]
fn inline_ports_are_written_canonically() {
    let b = B::default();
    let items = vec![
        b.zone("a", vec![b.net(&["10.0.0.0/24"])]),
        b.zone("b", vec![b.net(&["10.0.1.0/24"])]),
        b.allow(
            "a",
            "b",
            &[
                "tcp/8443",
                "udp/5000-5010",
                "icmp/echo-request",
                "icmpv6",
                "any",
            ],
        ),
    ];
    let (m, diags) = run(&b, items);
    assert_eq!(diags, vec![]);
    let texts: Vec<&str> = m.rules[0]
        .services
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "tcp/8443",
            "udp/5000-5010",
            "icmp/echo-request",
            "icmpv6",
            "any"
        ]
    );
    assert!(m.rules[0].ports.is_any());
}
