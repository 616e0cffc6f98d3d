//! Resolver tests over policy text, parsed and resolved as `zonec check`
//! does: the spec's first example resolves to the expected model, and each
//! check reports its code, span and help.

mod checks;
mod router;
mod scale;

use crate::{InvariantKind, Model, PortSet, Proto, ResolveOptions, ZoneId};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::source::Sources;
use zonec_base::Date;

/// The date expiry is checked against in every test.
pub fn today() -> Date {
    Date::parse("2026-01-15").unwrap()
}

/// Parse and resolve `files` as one policy; the sources (for span text), the
/// model and every diagnostic.
pub fn compile_files(files: &[&str]) -> (Sources, Model, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    for (i, text) in files.iter().enumerate() {
        sources.add(format!("f{i}.zones"), *text);
    }
    let frontend = crate::compile(&sources, &ResolveOptions { today: today() });
    (sources, frontend.model, frontend.diagnostics)
}

pub fn compile(text: &str) -> (Sources, Model, Vec<Diagnostic>) {
    compile_files(&[text])
}

pub fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

use crate::testdata::FIRST_LOOK as RIVERBEND;

fn zones(ids: &[u32]) -> Vec<ZoneId> {
    ids.iter().map(|&i| ZoneId(i)).collect()
}

#[test]
fn the_first_example_resolves_cleanly() {
    let (sources, m, diags) = compile(RIVERBEND);
    assert_eq!(diags, vec![]);
    let policy = m.policy.as_ref().unwrap();
    assert_eq!(policy.name, "Riverbend Behavioral Health");
    assert_eq!(policy.owner.as_deref(), Some("netsec@riverbend.example"));
    assert_eq!(m.labels[0].cites, ["42 CFR 2.16"]);
    assert_eq!(m.zones.len(), 5);
    let sud = m.zone(ZoneId(0));
    assert_eq!(
        sud.labels.iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let nets: Vec<String> = sud.prefixes.iter().map(|p| p.net.to_string()).collect();
    assert_eq!(nets, ["10.20.0.0/24", "fd00:20::/64"]);
    assert_eq!(
        sud.vlan.as_ref().map(|v| (v.id, v.name.as_deref())),
        Some((120, Some("SUD-EHR")))
    );
    assert_eq!(sud.cloud[0].network, "vpc-0a1b2c3d");
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
    assert_eq!(r0.meta.ticket.as_deref(), Some("CHG-1042"));
    assert_eq!(sources.slice(r0.head_span), "allow clinical -> sud_ehr");
    // deny @iot -> any except {internet}: pumps to every internal zone but itself
    let r2 = &m.rules[2];
    assert_eq!(
        (r2.from.clone(), r2.to.clone()),
        (zones(&[3]), zones(&[0, 1, 2, 3]))
    );
    assert!(r2.ports.is_any());
    assert_eq!(r2.pairs(&m).count(), 3);
    assert_eq!(
        sources.slice(r2.head_span),
        "deny  @iot -> any except {internet}"
    );

    let i0 = &m.invariants[0];
    assert_eq!(i0.kind, InvariantKind::ForbidPath);
    assert_eq!(
        (i0.from.clone(), i0.to.clone()),
        (zones(&[2]), zones(&[0, 1]))
    );
    assert_eq!(
        (i0.from_text.as_str(), i0.to_text.as_str()),
        ("@guest", "{@phi, @part2}")
    );
    assert_eq!(
        sources.slice(i0.head_span),
        "forbid @guest ->* {@phi, @part2}"
    );
    assert!(i0.ports.is_any());
    let i1 = &m.invariants[1];
    assert_eq!(
        (i1.from.clone(), i1.to.clone()),
        (zones(&[0, 2, 3, 4]), zones(&[0]))
    );
    assert_eq!(i1.from_text, "any except {clinical}");
    assert_eq!(m.invariants[2].kind, InvariantKind::Require);
    assert_eq!(m.invariants[2].ports, PortSet::ports(Proto::Tcp, 443, 443));
}

#[test]
fn names_are_global_and_order_free() {
    let first =
        "allow a -> b : web\nzone b { labels l; net 10.0.1.0/24 }\nservice web = tcp/80\nlabel l\n";
    let second = "zone a { net 10.0.0.0/24 }\n";
    let (_, m, diags) = compile_files(&[first, second]);
    assert_eq!(diags, vec![]);
    assert_eq!(m.zone_by_name("a"), Some(ZoneId(1)));
    assert_eq!(
        (m.rules[0].from.clone(), m.rules[0].to.clone()),
        (zones(&[1]), zones(&[0]))
    );
}

#[test]
fn selector_texts_are_normalised() {
    let text = "zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\nlabel l\n\
                forbid {a,   b}  except   b ->* any except {a, @l}\n";
    let (_, m, diags) = compile(text);
    assert_eq!(diags, vec![]);
    assert_eq!(m.invariants[0].from_text, "{a, b} except b");
    assert_eq!(m.invariants[0].to_text, "any except {a, @l}");
}

#[test]
fn inline_ports_are_written_canonically() {
    let text = "zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\n\
                allow a -> b : tcp/8443, udp/5000-5010, icmp/echo-request, icmpv6, any\n";
    let (_, m, diags) = compile(text);
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
