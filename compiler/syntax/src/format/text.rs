//! The canonical text of each piece of syntax: selectors, ports, strings,
//! item heads and fields, with single spaces and `, ` between list entries.
//! Pure functions of the tree; where a piece goes (which line, which
//! comments) is decided in `printer`.

use crate::ast::{
    DateLit, InvariantKind, ItemKind, Meta, PrefixLit, RuleAction, Selector, SelectorKind,
    ServiceRef, StrLit, ZoneField, ZoneFieldKind,
};
use zonec_base::span::Span;
use zonec_escape::zones::quote;

/// A piece of output that occupies one line of a block (or the head of an
/// item), cut after every list comma into chunks so that a comment written
/// inside a list can keep its place at the end of a continuation line.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub chunks: Vec<Chunk>,
    pub start: usize,
    pub end: usize,
}

/// Text up to a break opportunity, and the source range it came from.
#[derive(Clone, Debug)]
pub(crate) struct Chunk {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Piece {
    /// A piece of one chunk at `start..end`.
    pub fn one(text: String, start: usize, end: usize) -> Piece {
        Piece {
            chunks: vec![Chunk { text, start, end }],
            start,
            end,
        }
    }

    /// The whole piece on one line.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.chunks.iter().map(|c| c.text.as_str()).collect();
        texts.join(" ")
    }
}

/// Builds a [`Piece`]: text is pushed, and [`Builder::cut`] ends a chunk
/// after a list comma.
struct Builder {
    chunks: Vec<Chunk>,
    text: String,
    start: usize,
}

impl Builder {
    fn new(start: Span) -> Builder {
        Builder {
            chunks: Vec::new(),
            text: String::new(),
            start: start.start as usize,
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// End the chunk after the element ending at `end` (and its comma); the
    /// next chunk starts with the element at `next`.
    fn cut(&mut self, end: Span, next: Span) {
        self.text.push(',');
        self.chunks.push(Chunk {
            text: std::mem::take(&mut self.text),
            start: self.start,
            end: end.end as usize,
        });
        self.start = next.start as usize;
    }

    /// `items` separated by `, `, each written by `write`.
    fn list<T>(
        &mut self,
        items: &[T],
        span: impl Fn(&T) -> Span,
        write: impl Fn(&mut Builder, &T),
    ) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.cut(span(&items[i - 1]), span(item));
            }
            write(self, item);
        }
    }

    fn finish(mut self, end: Span) -> Piece {
        self.chunks.push(Chunk {
            text: self.text,
            start: self.start,
            end: end.end as usize,
        });
        let start = self.chunks.first().map_or(0, |c| c.start);
        Piece {
            chunks: self.chunks,
            start,
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
            (
                simple(
                    format!("policy {}", quote(&p.name.value)),
                    span,
                    p.name.span,
                ),
                owner,
                false,
            )
        }
        ItemKind::Label(l) => {
            let mut text = format!("label {}", l.name.name);
            let mut end = l.name.span;
            if let Some(d) = &l.description {
                text = format!("{text} {}", quote(&d.value));
                end = d.span;
            }
            let cites = l.cites.iter().map(|c| field_str("cite", c)).collect();
            (simple(text, span, end), cites, false)
        }
        ItemKind::Zone(z) => {
            let (mut text, mut end) = match z.external {
                Some(ext) => (format!("zone {} external", z.name.name), ext),
                None => (format!("zone {}", z.name.name), z.name.span),
            };
            if let Some(parent) = &z.parent {
                text = format!("{text} in {}", parent.name);
                if parent.span.end > end.end {
                    end = parent.span;
                }
            }
            let fields = z.fields.iter().map(zone_field).collect();
            (simple(text, span, end), fields, true)
        }
        ItemKind::Service(s) => {
            let mut b = Builder::new(span);
            b.push(&format!("service {} = ", s.name.name));
            b.list(&s.ports, |p| p.span, |b, p| b.push(&p.to_string()));
            let end = s.ports.last().map_or(s.name.span, |p| p.span);
            (b.finish(end), Vec::new(), false)
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
        ItemKind::Monitor(m) => {
            let mut b = Builder::new(span);
            b.push("monitor ");
            selector(&mut b, &m.zones);
            (b.finish(m.zones.span), meta_fields(&m.meta), false)
        }
    };
    ItemDoc {
        head,
        fields,
        braces,
        end: span.end as usize,
    }
}

/// A piece without lists: one chunk.
fn simple(text: String, start: Span, end: Span) -> Piece {
    let mut b = Builder::new(start);
    b.push(&text);
    b.finish(end)
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
    let mut b = Builder::new(item);
    b.push(keyword);
    b.push(" ");
    selector(&mut b, from);
    b.push(&format!(" {arrow} "));
    selector(&mut b, to);
    let mut end = to.span;
    if let Some(last) = services.last() {
        b.push(" : ");
        b.list(services, ServiceRef::span, |b, s| b.push(&service_ref(s)));
        end = last.span();
    }
    b.finish(end)
}

/// Meta fields in source order (the formatter never reorders).
fn meta_fields(meta: &Meta) -> Vec<Piece> {
    let mut fields: Vec<Piece> = Vec::new();
    fields.extend(meta.reason.iter().map(|s| field_str("reason", s)));
    fields.extend(meta.ticket.iter().map(|s| field_str("ticket", s)));
    fields.extend(meta.cites.iter().map(|s| field_str("cite", s)));
    fields.extend(meta.expires.iter().map(expires));
    fields.extend(meta.window.iter().map(|s| field_str("window", s)));
    fields.sort_by_key(|p| p.start);
    fields
}

fn field_str(keyword: &str, s: &StrLit) -> Piece {
    simple(format!("{keyword} {}", quote(&s.value)), s.span, s.span)
}

fn expires(d: &DateLit) -> Piece {
    simple(format!("expires {}", d.expiry()), d.span, d.span)
}

fn zone_field(field: &ZoneField) -> Piece {
    let mut b = Builder::new(field.span);
    b.push(field.kind.keyword());
    b.push(" ");
    match &field.kind {
        ZoneFieldKind::Labels(names) => b.list(names, |n| n.span, |b, n| b.push(&n.name)),
        ZoneFieldKind::Description(s)
        | ZoneFieldKind::AwsVpc(s)
        | ZoneFieldKind::AzureVnet(s)
        | ZoneFieldKind::GcpNetwork(s) => b.push(&quote(&s.value)),
        ZoneFieldKind::Net(prefixes) => b.list(prefixes, |p| p.span, |b, p| b.push(&prefix(p))),
        ZoneFieldKind::Vlan { id, name } => match name {
            Some(n) => b.push(&format!("{} {}", id.value, quote(&n.value))),
            None => b.push(&id.value.to_string()),
        },
    }
    b.finish(field.span)
}

fn prefix(p: &PrefixLit) -> String {
    format!("{}/{}", p.addr, p.len)
}

/// A selector with single spaces: `{a, @b} except c`.
fn selector(b: &mut Builder, sel: &Selector) {
    match &sel.kind {
        SelectorKind::Zone(name) => b.push(&name.name),
        SelectorKind::Label(name) => b.push(&format!("@{}", name.name)),
        SelectorKind::Any => b.push("any"),
        SelectorKind::Set(items) => {
            b.push("{");
            b.list(items, |s| s.span, selector);
            b.push("}");
        }
        // `except` is left-associative: a right operand that is itself an
        // `except` keeps its meaning inside a one-element set.
        SelectorKind::Except(base, removed) => {
            selector(b, base);
            for r in removed {
                b.push(" except ");
                let nested = matches!(r.kind, SelectorKind::Except(..));
                if nested {
                    b.push("{");
                }
                selector(b, r);
                if nested {
                    b.push("}");
                }
            }
        }
    }
}

fn service_ref(s: &ServiceRef) -> String {
    match s {
        ServiceRef::Named(name) => name.name.clone(),
        ServiceRef::Inline(p) => p.to_string(),
    }
}
