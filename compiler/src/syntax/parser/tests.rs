//! Parser tests: the spec's first example, every construct, recovery, and
//! a no-panic property test. Trees are compared through [`dump`], a compact
//! one-line-per-item rendering that shows grouping (`except` in
//! parentheses) and through [`check_spans`], which checks that every node's
//! span covers exactly its text.

use super::*;
use crate::syntax::ast::*;

use std::fmt::Write;

const FILE: FileId = FileId(7);

/// The spec's "A first look" example, verbatim.
const FIRST_LOOK: &str = r#"policy "Riverbend Behavioral Health" {
  owner "netsec@riverbend.example"
}

label part2 "42 CFR Part 2 SUD treatment records" { cite "42 CFR 2.16" }
label phi   "HIPAA protected health information"  { cite "45 CFR 164.312(a)(1)" }
label iot   "Medical and building IoT"
label guest "Untrusted patient and visitor devices"

zone sud_ehr {
  labels part2, phi
  description "SUD program EHR and MAT dosing"
  net 10.20.0.0/24, fd00:20::/64
  vlan 120 "SUD-EHR"
  aws-vpc "vpc-0a1b2c3d"
}

zone clinical { labels phi; net 10.10.0.0/16; vlan 110 }
zone guest    { labels guest; net 192.168.100.0/22; vlan 900 }
zone pumps    { labels iot; net 10.60.0.0/24; vlan 600 }
zone internet external { net 0.0.0.0/0, ::/0 }

service https = tcp/443
service dns   = udp/53, tcp/53
service hl7   = tcp/2575

allow clinical -> sud_ehr : https, hl7 {
  reason "SUD clinicians chart encounters"
  ticket "CHG-1042"
}
allow guest -> internet : https, dns
deny  @iot -> any except {internet}

forbid @guest ->* {@phi, @part2} { reason "guest Wi-Fi never reaches PHI, even through a pivot" }
forbid any except {clinical} -> @part2
require clinical -> sud_ehr : https { reason "MAT dosing continuity" }
"#;

// ---- helpers -------------------------------------------------------------

fn parse_ok(text: &str) -> File {
    let (tree, diags) = parse(FILE, text);
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:#?}");
    check_spans(&tree, text);
    tree
}

fn dump(tree: &File) -> String {
    let mut out = String::new();
    for item in &tree.items {
        dump_item(&mut out, &item.kind);
        out.push('\n');
    }
    out
}

fn dump_item(out: &mut String, item: &ItemKind) {
    match item {
        ItemKind::Policy(p) => {
            let _ = write!(out, "policy {:?}", p.name.value);
            if let Some(owner) = &p.owner {
                let _ = write!(out, " {{ owner {:?} }}", owner.value);
            }
        }
        ItemKind::Label(l) => {
            let _ = write!(out, "label {}", l.name.name);
            if let Some(d) = &l.description {
                let _ = write!(out, " {:?}", d.value);
            }
            let cites: Vec<String> = l
                .cites
                .iter()
                .map(|c| format!("cite {:?}", c.value))
                .collect();
            if !cites.is_empty() {
                let _ = write!(out, " {{ {} }}", cites.join("; "));
            }
        }
        ItemKind::Zone(z) => {
            let ext = if z.external.is_some() {
                " external"
            } else {
                ""
            };
            let fields: Vec<String> = z.fields.iter().map(|f| dump_field(&f.kind)).collect();
            let _ = write!(out, "zone {}{ext} {{ {} }}", z.name.name, fields.join("; "));
        }
        ItemKind::Service(s) => {
            let ports: Vec<String> = s.ports.iter().map(|p| dump_port(&p.kind)).collect();
            let _ = write!(out, "service {} = {}", s.name.name, ports.join(", "));
        }
        ItemKind::Rule(r) => {
            let word = if r.action == RuleAction::Allow {
                "allow"
            } else {
                "deny"
            };
            dump_flow(out, word, "->", &r.from, &r.to, &r.services, &r.meta);
        }
        ItemKind::Invariant(i) => {
            let (word, arrow) = match i.kind {
                InvariantKind::Forbid => ("forbid", "->"),
                InvariantKind::ForbidPath => ("forbid", "->*"),
                InvariantKind::Require => ("require", "->"),
            };
            dump_flow(out, word, arrow, &i.from, &i.to, &i.services, &i.meta);
        }
    }
}

fn dump_field(f: &ZoneFieldKind) -> String {
    let names = |v: &[Ident]| {
        v.iter()
            .map(|i| i.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match f {
        ZoneFieldKind::Labels(l) => format!("labels {}", names(l)),
        ZoneFieldKind::Description(s) => format!("description {:?}", s.value),
        ZoneFieldKind::Net(n) => {
            let nets: Vec<String> = n.iter().map(|p| format!("{}/{}", p.addr, p.len)).collect();
            format!("net {}", nets.join(", "))
        }
        ZoneFieldKind::Vlan { id, name } => match name {
            Some(n) => format!("vlan {} {:?}", id.value, n.value),
            None => format!("vlan {}", id.value),
        },
        ZoneFieldKind::AwsVpc(s) => format!("aws-vpc {:?}", s.value),
        ZoneFieldKind::AzureVnet(s) => format!("azure-vnet {:?}", s.value),
        ZoneFieldKind::GcpNetwork(s) => format!("gcp-network {:?}", s.value),
    }
}

fn dump_port(p: &PortKind) -> String {
    let range = |proto: &str, lo: u64, hi: u64| {
        if lo == hi {
            format!("{proto}/{lo}")
        } else {
            format!("{proto}/{lo}-{hi}")
        }
    };
    let icmp = |proto: &str, t: &Option<Ident>| match t {
        Some(t) => format!("{proto}/{}", t.name),
        None => proto.to_string(),
    };
    match p {
        PortKind::Any => "any".to_string(),
        PortKind::Tcp { lo, hi } => range("tcp", *lo, *hi),
        PortKind::Udp { lo, hi } => range("udp", *lo, *hi),
        PortKind::Icmp(t) => icmp("icmp", t),
        PortKind::Icmpv6(t) => icmp("icmpv6", t),
    }
}

fn dump_sel(s: &Selector) -> String {
    match &s.kind {
        SelectorKind::Zone(z) => z.name.clone(),
        SelectorKind::Label(l) => format!("@{}", l.name),
        SelectorKind::Any => "any".to_string(),
        SelectorKind::Set(m) => {
            let members: Vec<String> = m.iter().map(dump_sel).collect();
            format!("{{{}}}", members.join(", "))
        }
        SelectorKind::Except(a, b) => format!("({} except {})", dump_sel(a), dump_sel(b)),
    }
}

fn dump_flow(
    out: &mut String,
    word: &str,
    arrow: &str,
    from: &Selector,
    to: &Selector,
    services: &[ServiceRef],
    meta: &Meta,
) {
    let _ = write!(out, "{word} {} {arrow} {}", dump_sel(from), dump_sel(to));
    if !services.is_empty() {
        let s: Vec<String> = services
            .iter()
            .map(|s| match s {
                ServiceRef::Named(n) => n.name.clone(),
                ServiceRef::Inline(p) => dump_port(&p.kind),
            })
            .collect();
        let _ = write!(out, " : {}", s.join(", "));
    }
    let mut m = Vec::new();
    if let Some(r) = &meta.reason {
        m.push(format!("reason {:?}", r.value));
    }
    if let Some(t) = &meta.ticket {
        m.push(format!("ticket {:?}", t.value));
    }
    m.extend(meta.cites.iter().map(|c| format!("cite {:?}", c.value)));
    if let Some(e) = &meta.expires {
        m.push(format!("expires {}", e.date));
    }
    if !m.is_empty() {
        let _ = write!(out, " {{ {} }}", m.join("; "));
    }
}

/// Every span is in this file, inside the text, on character boundaries, and
/// covers exactly its node's text.
fn check_spans(tree: &File, text: &str) {
    let at = |span: Span| -> &str {
        assert_eq!(span.file, FILE);
        text.get(span.range())
            .unwrap_or_else(|| panic!("span {span:?} outside the text or not on a char boundary"))
    };
    for c in &tree.comments {
        assert_eq!(at(c.span), c.text);
        assert!(c.text.starts_with('#'));
    }
    for item in &tree.items {
        let whole = at(item.span);
        assert!(
            whole.starts_with(item_keyword(&item.kind)),
            "item span {whole:?}"
        );
        check_item_spans(&item.kind, &at);
    }
}

fn item_keyword(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::Policy(_) => "policy",
        ItemKind::Label(_) => "label",
        ItemKind::Zone(_) => "zone",
        ItemKind::Service(_) => "service",
        ItemKind::Rule(r) if r.action == RuleAction::Allow => "allow",
        ItemKind::Rule(_) => "deny",
        ItemKind::Invariant(i) if i.kind == InvariantKind::Require => "require",
        ItemKind::Invariant(_) => "forbid",
    }
}

fn check_item_spans<'t>(kind: &ItemKind, at: &impl Fn(Span) -> &'t str) {
    let ident = |i: &Ident| assert_eq!(at(i.span), i.name);
    let string = |s: &StrLit| assert!(at(s.span).starts_with('"') && at(s.span).ends_with('"'));
    match kind {
        ItemKind::Policy(p) => {
            string(&p.name);
            p.owner.iter().for_each(string);
        }
        ItemKind::Label(l) => {
            ident(&l.name);
            l.description.iter().chain(&l.cites).for_each(string);
        }
        ItemKind::Zone(z) => {
            ident(&z.name);
            if let Some(e) = z.external {
                assert_eq!(at(e), "external");
            }
            for f in &z.fields {
                assert!(
                    at(f.span).starts_with(f.kind.keyword()),
                    "field {:?}",
                    at(f.span)
                );
                check_field_spans(&f.kind, at);
            }
        }
        ItemKind::Service(s) => s.ports.iter().for_each(|p| check_port_span(p, at)),
        ItemKind::Rule(RuleItem {
            from,
            to,
            services,
            meta,
            ..
        })
        | ItemKind::Invariant(InvariantItem {
            from,
            to,
            services,
            meta,
            ..
        }) => {
            check_selector_spans(from, at);
            check_selector_spans(to, at);
            for s in services {
                match s {
                    ServiceRef::Named(n) => ident(n),
                    ServiceRef::Inline(p) => check_port_span(p, at),
                }
            }
            meta.reason
                .iter()
                .chain(&meta.ticket)
                .chain(&meta.cites)
                .for_each(string);
            if let Some(e) = &meta.expires {
                assert_eq!(at(e.span), e.date.to_string());
            }
        }
    }
}

fn check_field_spans<'t>(f: &ZoneFieldKind, at: &impl Fn(Span) -> &'t str) {
    match f {
        ZoneFieldKind::Labels(l) => l.iter().for_each(|i| assert_eq!(at(i.span), i.name)),
        ZoneFieldKind::Net(n) => {
            for p in n {
                let (addr, len) = at(p.span).split_once('/').expect("a prefix has a `/`");
                assert_eq!(addr.parse::<std::net::IpAddr>().ok(), Some(p.addr));
                assert_eq!(len.parse::<u64>().ok(), Some(p.len));
            }
        }
        ZoneFieldKind::Vlan { id, .. } => assert_eq!(at(id.span), id.value.to_string()),
        _ => {}
    }
}

fn check_port_span<'t>(p: &PortLit, at: &impl Fn(Span) -> &'t str) {
    let written = at(p.span);
    match &p.kind {
        PortKind::Icmp(Some(t)) | PortKind::Icmpv6(Some(t)) => {
            assert!(written.ends_with(&format!("/{}", t.name)));
            assert_eq!(at(t.span), t.name);
        }
        PortKind::Tcp { lo, hi } | PortKind::Udp { lo, hi } if lo == hi => {
            assert!(
                written == format!("tcp/{lo}")
                    || written == format!("udp/{lo}")
                    || written.ends_with(&format!("{lo}-{hi}"))
            );
        }
        kind => assert_eq!(written, dump_port(kind)),
    }
}

fn check_selector_spans<'t>(s: &Selector, at: &impl Fn(Span) -> &'t str) {
    let written = at(s.span);
    match &s.kind {
        SelectorKind::Zone(z) => assert_eq!(written, z.name),
        SelectorKind::Label(l) => assert_eq!(written, format!("@{}", l.name)),
        SelectorKind::Any => assert_eq!(written, "any"),
        SelectorKind::Set(m) => {
            assert!(written.starts_with('{') && written.ends_with('}'));
            m.iter().for_each(|m| check_selector_spans(m, at));
        }
        SelectorKind::Except(a, b) => {
            assert_eq!(s.span.start, a.span.start);
            assert_eq!(s.span.end, b.span.end);
            check_selector_spans(a, at);
            check_selector_spans(b, at);
        }
    }
}

// ---- tests ---------------------------------------------------------------

#[test]
fn first_look_example_parses_to_the_expected_tree() {
    let tree = parse_ok(FIRST_LOOK);
    let expected = r#"policy "Riverbend Behavioral Health" { owner "netsec@riverbend.example" }
label part2 "42 CFR Part 2 SUD treatment records" { cite "42 CFR 2.16" }
label phi "HIPAA protected health information" { cite "45 CFR 164.312(a)(1)" }
label iot "Medical and building IoT"
label guest "Untrusted patient and visitor devices"
zone sud_ehr { labels part2, phi; description "SUD program EHR and MAT dosing"; net 10.20.0.0/24, fd00:20::/64; vlan 120 "SUD-EHR"; aws-vpc "vpc-0a1b2c3d" }
zone clinical { labels phi; net 10.10.0.0/16; vlan 110 }
zone guest { labels guest; net 192.168.100.0/22; vlan 900 }
zone pumps { labels iot; net 10.60.0.0/24; vlan 600 }
zone internet external { net 0.0.0.0/0, ::/0 }
service https = tcp/443
service dns = udp/53, tcp/53
service hl7 = tcp/2575
allow clinical -> sud_ehr : https, hl7 { reason "SUD clinicians chart encounters"; ticket "CHG-1042" }
allow guest -> internet : https, dns
deny @iot -> (any except {internet})
forbid @guest ->* {@phi, @part2} { reason "guest Wi-Fi never reaches PHI, even through a pivot" }
forbid (any except {clinical}) -> @part2
require clinical -> sud_ehr : https { reason "MAT dosing continuity" }
"#;
    assert_eq!(dump(&tree), expected);
    assert_eq!(tree.file, FILE);
    assert!(tree.comments.is_empty());
}

#[test]
fn first_look_item_and_field_spans_are_exact() {
    let tree = parse_ok(FIRST_LOOK);
    let text_of = |span: Span| &FIRST_LOOK[span.range()];
    let spans: Vec<&str> = tree.items.iter().map(|i| text_of(i.span)).collect();
    assert_eq!(
        spans[0],
        "policy \"Riverbend Behavioral Health\" {\n  owner \"netsec@riverbend.example\"\n}"
    );
    assert_eq!(spans[3], "label iot   \"Medical and building IoT\"");
    assert!(
        spans[5].starts_with("zone sud_ehr {") && spans[5].ends_with("aws-vpc \"vpc-0a1b2c3d\"\n}")
    );
    assert_eq!(
        spans[6],
        "zone clinical { labels phi; net 10.10.0.0/16; vlan 110 }"
    );
    assert_eq!(spans[11], "service dns   = udp/53, tcp/53");
    assert_eq!(spans[15], "deny  @iot -> any except {internet}");
    assert_eq!(
        spans[18],
        "require clinical -> sud_ehr : https { reason \"MAT dosing continuity\" }"
    );
    let ItemKind::Zone(zone) = &tree.items[6].kind else {
        panic!("a zone")
    };
    let fields: Vec<&str> = zone.fields.iter().map(|f| text_of(f.span)).collect();
    assert_eq!(fields, ["labels phi", "net 10.10.0.0/16", "vlan 110"]);
    let ItemKind::Zone(zone) = &tree.items[5].kind else {
        panic!("a zone")
    };
    let fields: Vec<&str> = zone.fields.iter().map(|f| text_of(f.span)).collect();
    assert_eq!(fields[2], "net 10.20.0.0/24, fd00:20::/64");
    assert_eq!(fields[3], "vlan 120 \"SUD-EHR\"");
    let ItemKind::Rule(deny) = &tree.items[15].kind else {
        panic!("a rule")
    };
    assert_eq!(text_of(deny.to.span), "any except {internet}");
    let ItemKind::Invariant(forbid) = &tree.items[16].kind else {
        panic!("an invariant")
    };
    assert_eq!(forbid.kind, InvariantKind::ForbidPath);
    assert_eq!(text_of(forbid.to.span), "{@phi, @part2}");
    let SelectorKind::Label(guest) = &forbid.from.kind else {
        panic!("a label")
    };
    assert_eq!(text_of(guest.span), "guest");
}
