//! The canonical text of each piece of syntax: selectors, ports, strings,
//! item heads and fields, with single spaces and `, ` between list entries.
//! Pure functions of the tree; where a piece goes (which line, which
//! comments) is decided in `printer`.

use crate::syntax::ast::{
    DateLit, InvariantKind, ItemKind, Meta, PortKind, PortLit, PrefixLit, RuleAction, Selector,
    SelectorKind, ServiceRef, StrLit, ZoneField, ZoneFieldKind,
};
use crate::span::Span;

/// A piece of output that occupies one line of a block (or the head of an
/// item) and the source range it came from, so comments can find it.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Piece {
    fn new(text: String, start: Span, end: Span) -> Piece {
        Piece {
            text,
            start: start.start as usize,
            end: end.end as usize,
        }
    }
}

/// One item as the printer sees it: a head line and the fields of its block.
#[derive(Clone, Debug)]
pub(crate) struct ItemDoc {
    pub head: Piece,
    pub fields: Vec<Piece>,
    /// Whether `{}` is printed even when there are no fields (zones).
    pub braces: bool,
    /// Where the item ends in the source (its closing `}` included).
    pub end: usize,
}

/// The head and block fields of an item.
pub(crate) fn item_doc(kind: &ItemKind, span: Span) -> ItemDoc {
    let (head, fields, braces) = match kind {
        ItemKind::Policy(p) => {
            let owner = p.owner.iter().map(|o| field_str("owner", o)).collect();
            (Piece::new(format!("policy {}", quote(&p.name.value)), span, p.name.span), owner, false)
        }
        ItemKind::Label(l) => {
            let mut text = format!("label {}", l.name.name);
            let mut end = l.name.span;
            if let Some(d) = &l.description {
                text = format!("{text} {}", quote(&d.value));
                end = d.span;
            }
            let cites = l.cites.iter().map(|c| field_str("cite", c)).collect();
            (Piece::new(text, span, end), cites, false)
        }
        ItemKind::Zone(z) => {
            let (text, end) = match z.external {
                Some(ext) => (format!("zone {} external", z.name.name), ext),
                None => (format!("zone {}", z.name.name), z.name.span),
            };
            let fields = z.fields.iter().map(zone_field).collect();
            (Piece::new(text, span, end), fields, true)
        }
        ItemKind::Service(s) => {
            let ports: Vec<String> = s.ports.iter().map(port).collect();
            let end = s.ports.last().map_or(s.name.span, |p| p.span);
            let text = format!("service {} = {}", s.name.name, ports.join(", "));
            (Piece::new(text, span, end), Vec::new(), false)
        }
        ItemKind::Rule(r) => {
            let keyword = match r.action {
                RuleAction::Allow => "allow",
                RuleAction::Deny => "deny",
            };
            let head = flow_head(keyword, "->", &r.from, &r.to, &r.services, span);
            (head, meta_fields(&r.meta), false)
        }
        ItemKind::Invariant(i) => {
            let (keyword, arrow) = match i.kind {
                InvariantKind::Forbid => ("forbid", "->"),
                InvariantKind::ForbidPath => ("forbid", "->*"),
                InvariantKind::Require => ("require", "->"),
            };
            let head = flow_head(keyword, arrow, &i.from, &i.to, &i.services, span);
            (head, meta_fields(&i.meta), false)
        }
    };
    ItemDoc {
        head,
        fields,
        braces,
        end: span.end as usize,
    }
}

/// `allow FROM -> TO : s1, s2` (no `:` part when there are no services).
fn flow_head(
    keyword: &str,
    arrow: &str,
    from: &Selector,
    to: &Selector,
    services: &[ServiceRef],
    item: Span,
) -> Piece {
    let mut text = format!("{keyword} {} {arrow} {}", selector(from), selector(to));
    let mut end = to.span;
    if let Some(last) = services.last() {
        let list: Vec<String> = services.iter().map(service_ref).collect();
        text = format!("{text} : {}", list.join(", "));
        end = last.span();
    }
    Piece::new(text, item, end)
}

/// Meta fields in source order (the formatter never reorders).
fn meta_fields(meta: &Meta) -> Vec<Piece> {
    let mut fields: Vec<Piece> = Vec::new();
    fields.extend(meta.reason.iter().map(|s| field_str("reason", s)));
    fields.extend(meta.ticket.iter().map(|s| field_str("ticket", s)));
    fields.extend(meta.cites.iter().map(|s| field_str("cite", s)));
    fields.extend(meta.expires.iter().map(expires));
    fields.sort_by_key(|p| p.start);
    fields
}

fn field_str(keyword: &str, s: &StrLit) -> Piece {
    Piece::new(format!("{keyword} {}", quote(&s.value)), s.span, s.span)
}

fn expires(d: &DateLit) -> Piece {
    Piece::new(format!("expires {}", d.date), d.span, d.span)
}

fn zone_field(field: &ZoneField) -> Piece {
    let keyword = field.kind.keyword();
    let value = match &field.kind {
        ZoneFieldKind::Labels(names) => {
            let names: Vec<&str> = names.iter().map(|n| n.name.as_str()).collect();
            names.join(", ")
        }
        ZoneFieldKind::Description(s)
        | ZoneFieldKind::AwsVpc(s)
        | ZoneFieldKind::AzureVnet(s)
        | ZoneFieldKind::GcpNetwork(s) => quote(&s.value),
        ZoneFieldKind::Net(prefixes) => {
            let prefixes: Vec<String> = prefixes.iter().map(prefix).collect();
            prefixes.join(", ")
        }
        ZoneFieldKind::Vlan { id, name } => match name {
            Some(n) => format!("{} {}", id.value, quote(&n.value)),
            None => id.value.to_string(),
        },
    };
    Piece::new(format!("{keyword} {value}"), field.span, field.span)
}

fn prefix(p: &PrefixLit) -> String {
    format!("{}/{}", p.addr, p.len)
}

/// A selector with single spaces: `{a, @b} except c`.
pub fn selector(sel: &Selector) -> String {
    match &sel.kind {
        SelectorKind::Zone(name) => name.name.clone(),
        SelectorKind::Label(name) => format!("@{}", name.name),
        SelectorKind::Any => "any".to_string(),
        SelectorKind::Set(items) => {
            let items: Vec<String> = items.iter().map(selector).collect();
            format!("{{{}}}", items.join(", "))
        }
        // `except` is left-associative: a right operand that is itself an
        // `except` keeps its meaning inside a one-element set.
        SelectorKind::Except(base, removed) => match removed.kind {
            SelectorKind::Except(..) => format!("{} except {{{}}}", selector(base), selector(removed)),
            _ => format!("{} except {}", selector(base), selector(removed)),
        },
    }
}

fn service_ref(s: &ServiceRef) -> String {
    match s {
        ServiceRef::Named(name) => name.name.clone(),
        ServiceRef::Inline(p) => port(p),
    }
}

/// A port in the language's syntax; a one-port range is written as one port.
pub fn port(p: &PortLit) -> String {
    let numbered = |proto: &str, lo: u64, hi: u64| {
        if lo == hi {
            format!("{proto}/{lo}")
        } else {
            format!("{proto}/{lo}-{hi}")
        }
    };
    match &p.kind {
        PortKind::Any => "any".to_string(),
        PortKind::Tcp { lo, hi } => numbered("tcp", *lo, *hi),
        PortKind::Udp { lo, hi } => numbered("udp", *lo, *hi),
        PortKind::Icmp(None) => "icmp".to_string(),
        PortKind::Icmpv6(None) => "icmpv6".to_string(),
        PortKind::Icmp(Some(t)) => format!("icmp/{}", t.name),
        PortKind::Icmpv6(Some(t)) => format!("icmpv6/{}", t.name),
    }
}

/// A string literal with the language's escapes (`\"`, `\\`, `\n`).
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
