//! Parser tests: the spec's first example, every construct, recovery, and
//! a no-panic property test. Trees are compared through [`dump`], a compact
//! one-line-per-item rendering that shows grouping (`except` in
//! parentheses) and through [`check_spans`], which checks that every node's
//! span covers exactly its text.

use super::*;
use crate::ast::*;

use std::fmt::Write;
use zonec_base::diagnostic::Code;

const FILE: FileId = FileId(7);

use crate::testdata::FIRST_LOOK;

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
        ItemKind::Monitor(m) => {
            let _ = write!(out, "monitor {}", m.zones);
            dump_meta(out, &m.meta);
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
        SelectorKind::Except(a, removed) => removed.iter().fold(dump_sel(a), |acc, r| {
            format!("({acc} except {})", dump_sel(r))
        }),
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
    dump_meta(out, meta);
}

fn dump_meta(out: &mut String, meta: &Meta) {
    let mut m = Vec::new();
    if let Some(r) = &meta.reason {
        m.push(format!("reason {:?}", r.value));
    }
    if let Some(t) = &meta.ticket {
        m.push(format!("ticket {:?}", t.value));
    }
    m.extend(meta.cites.iter().map(|c| format!("cite {:?}", c.value)));
    if let Some(e) = &meta.expires {
        m.push(format!("expires {}", e.expiry()));
    }
    if let Some(w) = &meta.window {
        m.push(format!("window {:?}", w.value));
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
        ItemKind::Monitor(_) => "monitor",
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
            check_meta_spans(meta, at);
        }
        ItemKind::Monitor(m) => {
            check_selector_spans(&m.zones, at);
            check_meta_spans(&m.meta, at);
        }
    }
}

fn check_meta_spans<'t>(meta: &Meta, at: &impl Fn(Span) -> &'t str) {
    let string = |s: &StrLit| assert!(at(s.span).starts_with('"') && at(s.span).ends_with('"'));
    meta.window.iter().for_each(string);
    if let Some(e) = &meta.expires {
        assert_eq!(at(e.span), e.expiry().to_string());
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
        ZoneFieldKind::Vlan { id, .. } => assert_eq!(at(id.span).parse().ok(), Some(id.value)),
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
        PortKind::Tcp { lo, hi } | PortKind::Udp { lo, hi } => {
            let (proto, numbers) = written.split_once('/').expect("a port has a `/`");
            assert!(proto == "tcp" || proto == "udp");
            let (l, h) = numbers.split_once('-').unwrap_or((numbers, numbers));
            assert_eq!((l.parse().ok(), h.parse().ok()), (Some(*lo), Some(*hi)));
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
        SelectorKind::Except(a, removed) => {
            assert_eq!(s.span.start, a.span.start);
            assert_eq!(Some(s.span.end), removed.last().map(|r| r.span.end));
            check_selector_spans(a, at);
            removed.iter().for_each(|r| check_selector_spans(r, at));
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

#[test]
fn every_port_form() {
    let text = "service s = tcp/443, udp/53, tcp/8000-8100, icmp, icmp/echo-request, icmpv6, \
                icmpv6/echo-request, any, udp/0-65535\n";
    let tree = parse_ok(text);
    let ItemKind::Service(service) = &tree.items[0].kind else {
        panic!("a service")
    };
    let kinds: Vec<&PortKind> = service.ports.iter().map(|p| &p.kind).collect();
    assert_eq!(kinds[0], &PortKind::Tcp { lo: 443, hi: 443 });
    assert_eq!(kinds[1], &PortKind::Udp { lo: 53, hi: 53 });
    assert_eq!(kinds[2], &PortKind::Tcp { lo: 8000, hi: 8100 });
    assert_eq!(kinds[3], &PortKind::Icmp(None));
    assert!(matches!(kinds[4], PortKind::Icmp(Some(t)) if t.name == "echo-request"));
    assert_eq!(kinds[5], &PortKind::Icmpv6(None));
    assert!(matches!(kinds[6], PortKind::Icmpv6(Some(t)) if t.name == "echo-request"));
    assert_eq!(kinds[7], &PortKind::Any);
    assert_eq!(kinds[8], &PortKind::Udp { lo: 0, hi: 65535 });
    let written: Vec<&str> = service
        .ports
        .iter()
        .map(|p| &text[p.span.range()])
        .collect();
    assert_eq!(
        written,
        [
            "tcp/443",
            "udp/53",
            "tcp/8000-8100",
            "icmp",
            "icmp/echo-request",
            "icmpv6",
            "icmpv6/echo-request",
            "any",
            "udp/0-65535"
        ]
    );
}

#[test]
fn port_numbers_are_kept_as_written_for_resolution() {
    let tree = parse_ok("service s = tcp/70000, udp/90-80, icmp/no-such-type\n");
    assert_eq!(
        dump(&tree),
        "service s = tcp/70000, udp/90-80, icmp/no-such-type\n"
    );
    let ItemKind::Service(service) = &tree.items[0].kind else {
        panic!("a service")
    };
    assert_eq!(service.ports[1].kind, PortKind::Udp { lo: 90, hi: 80 });
}

#[test]
fn rule_services_mix_names_and_inline_ports() {
    let text = "allow a -> b : https, tcp/8443, icmp, any, dns\nallow a -> b\n";
    let tree = parse_ok(text);
    let ItemKind::Rule(rule) = &tree.items[0].kind else {
        panic!("a rule")
    };
    assert!(matches!(&rule.services[0], ServiceRef::Named(n) if n.name == "https"));
    assert!(
        matches!(&rule.services[1], ServiceRef::Inline(p) if p.kind == PortKind::Tcp { lo: 8443, hi: 8443 })
    );
    assert!(matches!(&rule.services[2], ServiceRef::Inline(p) if p.kind == PortKind::Icmp(None)));
    assert!(matches!(&rule.services[3], ServiceRef::Inline(p) if p.kind == PortKind::Any));
    assert!(matches!(&rule.services[4], ServiceRef::Named(n) if n.name == "dns"));
    let spans: Vec<&str> = rule
        .services
        .iter()
        .map(|s| &text[s.span().range()])
        .collect();
    assert_eq!(spans, ["https", "tcp/8443", "icmp", "any", "dns"]);
    let ItemKind::Rule(bare) = &tree.items[1].kind else {
        panic!("a rule")
    };
    assert!(bare.services.is_empty(), "no `:` means no services (any)");
}

#[test]
fn selectors_with_except_chains_and_nested_sets() {
    let text = "forbid a except b except c -> {x, @y except {z, {w, any}}, any except @q}\n\
                deny {} -> {a,} : tcp/22\n\
                allow any except {a, b} except @c -> d\n";
    let tree = parse_ok(text);
    assert_eq!(
        dump(&tree),
        "forbid ((a except b) except c) -> {x, (@y except {z, {w, any}}), (any except @q)}\n\
         deny {} -> {a} : tcp/22\n\
         allow ((any except {a, b}) except @c) -> d\n"
    );
    let ItemKind::Invariant(inv) = &tree.items[0].kind else {
        panic!("an invariant")
    };
    assert_eq!(&text[inv.from.span.range()], "a except b except c");
    let SelectorKind::Except(base, removed) = &inv.from.kind else {
        panic!("except")
    };
    assert_eq!(&text[base.span.range()], "a");
    let removed: Vec<&str> = removed.iter().map(|r| &text[r.span.range()]).collect();
    assert_eq!(removed, ["b", "c"]);
}

#[test]
fn arrows_split_without_spaces() {
    let tree = parse_ok("allow a->b:https\nforbid a->*b\nforbid {a}->{b}:tcp/1\n");
    assert_eq!(
        dump(&tree),
        "allow a -> b : https\nforbid a ->* b\nforbid {a} -> {b} : tcp/1\n"
    );
}

#[test]
fn comments_are_kept_with_their_spans() {
    let text = "# header\nzone a { # after the brace\n  net 10.0.0.0/8 # trailing\n  \
                description \"not # a comment\"\n}\n# last, no newline";
    let tree = parse_ok(text);
    let comments: Vec<&str> = tree.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        comments,
        [
            "# header",
            "# after the brace",
            "# trailing",
            "# last, no newline"
        ]
    );
    assert_eq!(tree.items.len(), 1);
    assert_eq!(
        dump(&tree),
        "zone a { net 10.0.0.0/8; description \"not # a comment\" }\n"
    );
}

#[test]
fn crlf_line_endings_work_and_comments_exclude_the_cr() {
    let text = "zone a {\r\n  net 10.0.0.0/8 # c\r\n}\r\nallow a -> b\r\n";
    let tree = parse_ok(text);
    assert_eq!(tree.comments[0].text, "# c");
    assert_eq!(dump(&tree), "zone a { net 10.0.0.0/8 }\nallow a -> b\n");
}

#[test]
fn semicolons_and_newlines_end_items_and_fields_alike() {
    let one_line =
        "zone c { labels phi; net 10.10.0.0/16; vlan 110 }; service s = tcp/1; allow c -> c\n";
    let many_lines = "zone c {\n  labels phi\n  net 10.10.0.0/16\n\n  vlan 110\n}\n\
                      service s = tcp/1\n\nallow c -> c\n";
    let trailing_semis =
        "zone c { labels phi; net 10.10.0.0/16; vlan 110; };;\nservice s = tcp/1;\nallow c -> c;";
    let expected =
        "zone c { labels phi; net 10.10.0.0/16; vlan 110 }\nservice s = tcp/1\nallow c -> c\n";
    assert_eq!(dump(&parse_ok(one_line)), expected);
    assert_eq!(dump(&parse_ok(many_lines)), expected);
    assert_eq!(dump(&parse_ok(trailing_semis)), expected);
}

#[test]
fn lists_continue_after_a_comma_at_the_end_of_a_line() {
    let text = "zone a {\n  net 10.0.0.0/8,   # first\n      10.1.0.0/16\n  labels x,\n    y\n}\n\
                service s = tcp/1,\n  tcp/2\n\
                allow a -> b : s,\n  tcp/3 { reason \"r\" }\n\
                forbid {\n  a,\n  @b  # why\n  except c,\n} ->* any\n";
    let tree = parse_ok(text);
    assert_eq!(
        dump(&tree),
        "zone a { net 10.0.0.0/8, 10.1.0.0/16; labels x, y }\n\
         service s = tcp/1, tcp/2\n\
         allow a -> b : s, tcp/3 { reason \"r\" }\n\
         forbid {a, (@b except c)} ->* any\n"
    );
}

#[test]
fn label_and_policy_forms() {
    let text = "policy \"P\"\nlabel a\nlabel b \"B\"\nlabel c { cite \"x\"; cite \"y\" }\n\
                label d \"D\" {\n  cite \"1\"\n}\n";
    assert_eq!(
        dump(&parse_ok(text)),
        "policy \"P\"\nlabel a\nlabel b \"B\"\nlabel c { cite \"x\"; cite \"y\" }\nlabel d \"D\" { cite \"1\" }\n"
    );
}

#[test]
fn every_zone_and_meta_field() {
    let text = "zone z external {\n  description \"d\"; azure-vnet \"v\"; gcp-network \"g\"; aws-vpc \"a\"\n  vlan 5\n}\n\
                allow a -> b { reason \"r\"; ticket \"t\"; cite \"c1\"; cite \"c2\"; expires 2026-12-31 }\n";
    assert_eq!(
        dump(&parse_ok(text)),
        "zone z external { description \"d\"; azure-vnet \"v\"; gcp-network \"g\"; aws-vpc \"a\"; vlan 5 }\n\
         allow a -> b { reason \"r\"; ticket \"t\"; cite \"c1\"; cite \"c2\"; expires 2026-12-31 }\n"
    );
}

#[test]
fn strings_decode_their_escapes() {
    let tree = parse_ok(r#"label a "say \"hi\" \\ then\nnewline""#);
    let ItemKind::Label(label) = &tree.items[0].kind else {
        panic!("a label")
    };
    assert_eq!(
        label.description.as_ref().map(|d| d.value.as_str()),
        Some("say \"hi\" \\ then\nnewline")
    );
}

#[test]
fn keywords_where_a_name_is_expected_are_names() {
    let text = "zone any { net 10.0.0.0/8 }\nlabel zone\nservice deny = tcp/1\n\
                allow external -> @except : allow\nforbid any -> {any}\n";
    let tree = parse_ok(text);
    assert_eq!(
        dump(&tree),
        "zone any { net 10.0.0.0/8 }\nlabel zone\nservice deny = tcp/1\n\
         allow external -> @except : allow\nforbid any -> {any}\n"
    );
    let ItemKind::Invariant(inv) = &tree.items[4].kind else {
        panic!("an invariant")
    };
    assert_eq!(
        inv.from.kind,
        SelectorKind::Any,
        "`any` in a selector is the any selector"
    );
}

#[test]
fn an_empty_file_and_a_file_of_comments_have_no_items() {
    assert!(parse_ok("").items.is_empty());
    let tree = parse_ok("\n\n  # only a comment\n;\n");
    assert!(tree.items.is_empty());
    assert_eq!(tree.comments.len(), 1);
}

// ---- errors --------------------------------------------------------------

/// Parse text with errors: the diagnostics as `code: message @ text` lines.
fn errors(text: &str) -> (File, Vec<String>) {
    let (tree, diags) = parse(FILE, text);
    check_spans(&tree, text);
    let lines = diags
        .iter()
        .map(|d| {
            let at = d.primary_span().map_or("", |s| &text[s.range()]);
            format!("{}: {} @ `{at}`", d.code, d.message)
        })
        .collect();
    (tree, lines)
}

#[test]
fn three_errors_in_three_items_are_all_reported_and_good_items_kept() {
    let text = "zone a { net 10.0.0.0/8 }\n\
                allow a b : https\n\
                zone b { net 10.1.0.0/16 }\n\
                service s = tcp/443 udp/53\n\
                deny a -> b\n\
                forbid a ->\n\
                require a -> b : s\n";
    let (tree, errs) = errors(text);
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: expected `->` after the source selector, found `b` @ `b`",
            "zonec::syntax-error: expected `,` or end of line after the port, found `udp/53` @ `udp/53`",
            "zonec::syntax-error: expected a selector after `->`, found end of line @ ``",
        ]
    );
    assert_eq!(
        dump(&tree),
        "zone a { net 10.0.0.0/8 }\nzone b { net 10.1.0.0/16 }\ndeny a -> b\nrequire a -> b : s\n"
    );
}

#[test]
fn missing_arrow_names_the_token_and_the_rule_form() {
    let (_, diags) = parse(FILE, "allow clinical sud_ehr : https\n");
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d.code, Code::Syntax);
    assert_eq!(
        d.message,
        "expected `->` after the source selector, found `sud_ehr`"
    );
    assert_eq!(d.labels[0].span, Span::new(FILE, 15, 22));
    assert_eq!(
        d.help.as_deref(),
        Some("a rule reads `allow FROM -> TO : services`")
    );
}

#[test]
fn unterminated_string_labels_from_the_quote_to_the_end_of_line() {
    let text = "zone a {\n  description \"open ended\r\n  net 10.0.0.0/8\n}\nallow a -> b\n";
    let (tree, diags) = parse(FILE, text);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::UnterminatedString);
    assert_eq!(&text[diags[0].labels[0].span.range()], "\"open ended");
    assert_eq!(
        diags[0].help.as_deref(),
        Some("strings end with `\"` on the same line")
    );
    assert_eq!(dump(&tree), "zone a { net 10.0.0.0/8 }\nallow a -> b\n");
}

#[test]
fn value_errors_have_their_own_codes_and_the_item_goes_on() {
    let text = "zone a {\n  net 10.0.0.300/8, 10.1.0.0, 10.2.0.0/16, 10.3.0.0/x\n  vlan 99999999999999999999999\n  \
                description \"tab\\there\"\n}\n\
                allow a -> b : tcp/1x { expires 2026-02-30 }\n\
                allow a -> b { expires 2026-13-01; ticket \"T\" }\n";
    let (tree, errs) = errors(text);
    assert_eq!(
        errs,
        [
            "zonec::invalid-prefix: `10.0.0.300` is not an IPv4 or IPv6 address @ `10.0.0.300`",
            "zonec::invalid-prefix: `10.1.0.0` has no prefix length @ `10.1.0.0`",
            "zonec::invalid-prefix: prefix length `x` is not a number @ `x`",
            "zonec::invalid-integer: `99999999999999999999999` is too large @ `99999999999999999999999`",
            "zonec::invalid-escape: unknown escape `\\t` in a string @ `\\t`",
            "zonec::invalid-integer: `1x` is not a decimal integer @ `1x`",
            "zonec::invalid-date: `2026-02-30` is not a calendar date @ `2026-02-30`",
            "zonec::invalid-date: `2026-13-01` is not a calendar date @ `2026-13-01`",
        ]
    );
    // The zone keeps its good values; the rule that lost its only port is
    // dropped (with no services it would mean any service).
    assert_eq!(
        dump(&tree),
        "zone a { net 10.2.0.0/16; description \"tab\\\\there\" }\nallow a -> b { ticket \"T\" }\n"
    );
}

#[test]
fn a_stray_brace_does_not_swallow_the_next_item() {
    let (tree, errs) = errors("zone a { net 10.0.0.0/8 }\n}\nallow a -> b\n");
    assert_eq!(
        errs,
        ["zonec::syntax-error: unexpected `}` with no open block @ `}`"]
    );
    assert_eq!(tree.items.len(), 2);
}

#[test]
fn a_block_on_the_next_line_is_reported_and_skipped() {
    let (tree, errs) =
        errors("zone a\n{\n  net 10.0.0.0/8\n}\nallow a -> b\n{ reason \"r\" }\ndeny a -> b\n");
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: a `{` block must open on the same line as its item @ `{`",
            "zonec::syntax-error: a `{` block must open on the same line as its item @ `{`",
        ]
    );
    assert_eq!(dump(&tree), "allow a -> b\ndeny a -> b\n");
}

#[test]
fn zone_blocks_recover_at_the_next_field() {
    let text = "zone a {\n  vlans 10\n  net 10.0.0.0/8 10.1.0.0/16\n  labels x y\n  vlan \"v\"\n  \
                description \"ok\"\n  \"stray\"\n}\n";
    let (tree, errs) = errors(text);
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: unknown zone field `vlans` @ `vlans`",
            "zonec::syntax-error: expected `,` between two prefixes @ ` `",
            "zonec::syntax-error: expected end of line or `;` after the `labels` field, found `y` @ `y`",
            "zonec::syntax-error: expected a VLAN number after `vlan`, found `\"v\"` @ `\"v\"`",
            "zonec::syntax-error: expected a zone field, found `\"stray\"` @ `\"stray\"`",
        ]
    );
    // A field whose value was read before the error keeps it; a prefix
    // after a missing `,` is read as if the `,` were there.
    assert_eq!(
        dump(&tree),
        "zone a { net 10.0.0.0/8, 10.1.0.0/16; labels x; description \"ok\" }\n"
    );
}

#[test]
fn unknown_fields_get_a_suggestion() {
    let (_, diags) = parse(
        FILE,
        "zone a { net 10.0.0.0/8; aws_vpc \"x\" }\nallow a -> b { reasn \"r\" }\n",
    );
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `aws-vpc`?"));
    assert_eq!(diags[1].message, "unknown rule field `reasn`");
    assert_eq!(diags[1].help.as_deref(), Some("did you mean `reason`?"));
}

#[test]
fn an_unclosed_block_ends_at_the_next_item() {
    let (tree, errs) = errors(
        "zone a {\n  net 10.0.0.0/8\n\nzone b { net 10.1.0.0/16 }\nallow a -> {b,\nallow b -> a\n",
    );
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: expected `}` to close the zone block, found `zone` @ `{`",
            "zonec::syntax-error: expected `}` to close the set, found `allow` @ `{`",
        ]
    );
    assert_eq!(
        dump(&tree),
        "zone a { net 10.0.0.0/8 }\nzone b { net 10.1.0.0/16 }\nallow b -> a\n"
    );
}

#[test]
fn missing_services_after_a_colon() {
    let (_, errs) = errors("allow a -> b :\nallow a -> b : { reason \"r\" }\n");
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: expected a service after `:`, found end of line @ ``",
            "zonec::syntax-error: expected a service after `:`, found `{` @ `{`",
        ]
    );
}

#[test]
fn misplaced_and_misspelt_words() {
    let (_, errs) = errors(
        "zon a { }\nallow a -> b\nnet 10.0.0.0/8\nallow a ->* b\nrequire a ->* b : s\nallow sud-ehr -> b\n\
         service s = https\nservice t = TCP/80\nallow a -> b : tcp/80,\nzone c { net 10.0.0.0/8 } extra\n",
    );
    assert_eq!(
        errs,
        [
            "zonec::syntax-error: expected an item, found `zon` @ `zon`",
            "zonec::syntax-error: expected an item, found `net` @ `net`",
            "zonec::syntax-error: `->*` is not allowed in `allow` @ `->*`",
            "zonec::syntax-error: `->*` is not allowed in `require` @ `->*`",
            "zonec::syntax-error: `sud-ehr` is not a valid name @ `sud-ehr`",
            "zonec::syntax-error: expected a port, found `https` @ `https`",
            "zonec::syntax-error: unknown protocol `TCP` @ `TCP`",
            "zonec::syntax-error: expected another list element after `,`, found `zone` @ `,`",
            "zonec::syntax-error: expected end of line or `;` after the `}`, found `extra` @ `extra`",
        ]
    );
}

#[test]
fn duplicate_meta_fields_are_reported_and_the_first_kept() {
    let (tree, errs) =
        errors("allow a -> b { reason \"1\"; reason \"2\"; cite \"a\"; cite \"b\" }\n");
    assert_eq!(
        errs,
        ["zonec::duplicate-field: `reason` is given twice in this rule @ `reason`"]
    );
    assert_eq!(
        dump(&tree),
        "allow a -> b { reason \"1\"; cite \"a\"; cite \"b\" }\n"
    );
}

#[test]
fn deeply_nested_sets_are_refused_not_overflowed() {
    let text = format!(
        "allow {}a{} -> b\nallow a -> b\n",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    let (tree, errs) = errors(&text);
    assert_eq!(
        errs,
        ["zonec::syntax-error: selector sets nest too deeply @ `{`"]
    );
    assert_eq!(tree.items.len(), 1);
}

// ---- no panics -------------------------------------------------------------

/// Anything at all: every diagnostic span is inside the text and on
/// character boundaries, and so is every node's.
fn assert_sane(text: &str) {
    let (tree, diags) = parse(FILE, text);
    for d in &diags {
        for l in &d.labels {
            assert_eq!(l.span.file, FILE);
            assert!(l.span.start <= l.span.end, "{d:?}");
            assert!(text.get(l.span.range()).is_some(), "{d:?} in {text:?}");
        }
        assert!(!d.message.ends_with('.'), "{d:?}");
    }
    check_spans(&tree, text);
}

/// The comments a context-free walk over raw tokens finds: a second way
/// to find them, which the parser's must agree with.
fn comments_by_raw_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(crate::lexer::is_space);
        let (kind, len) = crate::lexer::raw_token(rest);
        match kind {
            crate::lexer::RawKind::Eof => return out,
            crate::lexer::RawKind::Comment => {
                out.push(rest[..len].trim_end_matches('\r').to_string());
            }
            _ => {}
        }
        rest = &rest[len..];
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(1000))]

    #[test]
    fn random_text_never_panics(text in "[ -~\\n\\t\"#{}@éß\\\\]{0,200}") {
        assert_sane(&text);
    }

    #[test]
    fn every_comment_is_found_once(text in "([a-z ]{0,4}|\"[a-z#\\\\\" ]{0,5}|#[a-z\"# ]{0,5}|\r?\n){0,30}") {
        let (tree, _) = parse(FILE, &text);
        let found: Vec<String> = tree.comments.iter().map(|c| c.text.clone()).collect();
        proptest::prop_assert_eq!(found, comments_by_raw_tokens(&text));
    }

    #[test]
    fn random_tokens_never_panic(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "zone", "allow", "forbid", "require", "label", "service", "policy", "deny",
                "a", "b", "@c", "any", "except", "{", "}", ",", ";", ":", "->", "->*", "=",
                "\n", "\"s\"", "\"open", "net", "10.0.0.0/8", "::/0", "tcp/1-2", "icmp/echo",
                "vlan", "5", "expires", "2026-01-01", "# c", "external", "labels", "cite",
            ]),
            0..60,
        )
    ) {
        assert_sane(&words.join(" "));
    }

    #[test]
    fn mutations_of_the_first_look_never_panic(
        edits in proptest::collection::vec((0usize..1500, 0usize..6, "[ -~\\n]{0,3}"), 1..6)
    ) {
        let mut text = FIRST_LOOK.to_string();
        for (at, del, ins) in edits {
            let at = at % (text.len() + 1);
            let mut end = (at + del).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if text.is_char_boundary(at) {
                text.replace_range(at..end, &ins);
            }
        }
        assert_sane(&text);
    }
}

#[test]
fn a_missing_comma_between_prefixes_is_named_and_both_are_kept() {
    let (tree, diags) = parse(
        FILE,
        "zone a { net 10.40.30.0/24 fd7c::/64 ::1/128; vlan 5 }\n",
    );
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["expected `,` between two prefixes"; 2]);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("separate the prefixes of a `net` field with `,`: `10.40.30.0/24, fd7c::/64`")
    );
    assert_eq!(
        dump(&tree),
        "zone a { net 10.40.30.0/24, fd7c::/64, ::1/128; vlan 5 }\n"
    );
}

#[test]
fn a_quoted_prefix_is_reported_once_and_kept() {
    let (tree, diags) = parse(FILE, "zone a { net \"10.1.0.0/16\" }\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "a network prefix is written without quotes"
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("remove the quotes: `10.1.0.0/16`")
    );
    assert_eq!(dump(&tree), "zone a { net 10.1.0.0/16 }\n");
    // Not a prefix inside the quotes either: reported once, nothing kept.
    let (tree, diags) = parse(FILE, "zone a { net \"ten\" }\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(dump(&tree), "zone a {  }\n");
}

#[test]
fn a_broken_service_keeps_its_name() {
    let (tree, diags) = parse(
        FILE,
        "service fhir = tcp 8443\nservice dns udp/53\nservice https = tcp/443\n",
    );
    assert_eq!(diags.len(), 2);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("write `tcp/8443`, with no space")
    );
    let broken: Vec<&str> = tree
        .broken_services
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(broken, ["fhir", "dns"]);
    assert_eq!(dump(&tree), "service https = tcp/443\n");
}

#[test]
fn a_bare_port_number_suggests_its_protocols() {
    for (text, port) in [
        ("allow a -> b : 443\n", "443"),
        ("allow a -> b : https, 8000-8100\n", "8000-8100"),
        ("service web = 443\n", "443"),
    ] {
        let (_, diags) = parse(FILE, text);
        assert_eq!(diags.len(), 1, "{text}");
        let help = format!("a port number needs its protocol: write `tcp/{port}` or `udp/{port}`");
        assert_eq!(diags[0].help.as_deref(), Some(help.as_str()), "{text}");
    }
}

#[test]
fn monitor_items_windows_and_date_times() {
    let text = "monitor {pumps, @iot} except lab { reason \"r\"; expires 2027-01-31 }\n\
                monitor guest\n\
                allow v -> p : rdp { window \"Mon-Fri 07:00-19:00 -05:00\"; expires 2026-12-20T18:00Z }\n";
    assert_eq!(
        dump(&parse_ok(text)),
        "monitor {pumps, @iot} except lab { reason \"r\"; expires 2027-01-31 }\n\
         monitor guest\n\
         allow v -> p : rdp { expires 2026-12-20T18:00Z; window \"Mon-Fri 07:00-19:00 -05:00\" }\n"
    );
}

#[test]
fn malformed_date_times_are_invalid_dates() {
    for (text, message) in [
        (
            "allow a -> b { expires 2026-12-20T25:00Z }",
            "not a date-time",
        ),
        (
            "allow a -> b { expires 2026-12-20T18:00 }",
            "not a UTC date-time",
        ),
        (
            "allow a -> b { expires 2026-12-20T18:00+01:00 }",
            "not a UTC date-time",
        ),
        (
            "allow a -> b { expires 2026-02-30T18:00Z }",
            "not a calendar date",
        ),
    ] {
        let (_, diags) = parse(FILE, text);
        assert_eq!(diags.len(), 1, "{text}: {diags:#?}");
        assert_eq!(diags[0].code, Code::InvalidDate);
        assert!(
            diags[0].message.contains(message),
            "{text}: {}",
            diags[0].message
        );
    }
}
