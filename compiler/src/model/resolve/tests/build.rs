//! Hand-built syntax trees for resolver tests (the resolver is tested apart
//! from the parser). Every node gets a fresh, distinct span so tests can tell
//! which node a diagnostic points at; selectors and ports are written in a
//! tiny subset of the language (`a`, `@l`, `any`, `{a, @b}`, `x except y`,
//! `tcp/80-90`, `icmp/echo-request`).

use crate::span::{FileId, Span};
use crate::syntax::ast::*;
use std::cell::Cell;

#[derive(Default)]
pub struct B {
    next: Cell<u32>,
}

impl B {
    pub fn span(&self) -> Span {
        let s = self.next.get();
        self.next.set(s + 10);
        Span::new(FileId(0), s as usize, s as usize + 5)
    }

    pub fn id(&self, name: &str) -> Ident {
        Ident {
            name: name.to_string(),
            span: self.span(),
        }
    }

    pub fn s(&self, value: &str) -> StrLit {
        StrLit {
            value: value.to_string(),
            span: self.span(),
        }
    }

    pub fn date(&self, text: &str) -> DateLit {
        DateLit {
            date: Date::parse(text).unwrap(),
            span: self.span(),
        }
    }

    /// Where the next node starts, for an item that encloses its children.
    pub fn mark(&self) -> u32 {
        self.next.get()
    }

    /// An item from `start` (see [`B::mark`]) to the end of the last node.
    pub fn item(&self, start: u32, kind: ItemKind) -> Item {
        let end = self.span().end;
        Item {
            kind,
            span: Span::new(FileId(0), start as usize, end as usize),
        }
    }

    pub fn file(&self, items: Vec<Item>) -> File {
        File {
            file: FileId(0),
            items,
            comments: Vec::new(),
        }
    }

    pub fn policy(&self, name: &str) -> Item {
        let start = self.mark();
        self.item(
            start,
            ItemKind::Policy(PolicyItem {
                name: self.s(name),
                owner: None,
            }),
        )
    }

    pub fn label(&self, name: &str) -> Item {
        let start = self.mark();
        let name = self.id(name);
        self.item(
            start,
            ItemKind::Label(LabelItem {
                name,
                description: None,
                cites: Vec::new(),
            }),
        )
    }

    pub fn zone(&self, name: &str, fields: Vec<ZoneFieldKind>) -> Item {
        self.zone_item(name, None, fields)
    }

    /// Fields are built before the zone: they get earlier spans (harmless).
    pub fn external(&self, name: &str, fields: Vec<ZoneFieldKind>) -> Item {
        let ext = Some(self.span());
        self.zone_item(name, ext, fields)
    }

    fn zone_item(&self, name: &str, external: Option<Span>, fields: Vec<ZoneFieldKind>) -> Item {
        let start = self.mark();
        let name = self.id(name);
        let fields = fields
            .into_iter()
            .map(|kind| ZoneField {
                kind,
                span: self.span(),
            })
            .collect();
        self.item(
            start,
            ItemKind::Zone(ZoneItem {
                name,
                external,
                fields,
            }),
        )
    }

    pub fn net(&self, prefixes: &[&str]) -> ZoneFieldKind {
        ZoneFieldKind::Net(prefixes.iter().map(|p| self.prefix(p)).collect())
    }

    pub fn prefix(&self, text: &str) -> PrefixLit {
        let (addr, len) = text.split_once('/').unwrap();
        PrefixLit {
            addr: addr.parse().unwrap(),
            len: len.parse().unwrap(),
            span: self.span(),
        }
    }

    pub fn labels(&self, names: &[&str]) -> ZoneFieldKind {
        ZoneFieldKind::Labels(names.iter().map(|n| self.id(n)).collect())
    }

    pub fn vlan(&self, id: u64) -> ZoneFieldKind {
        ZoneFieldKind::Vlan {
            id: IntLit {
                value: id,
                span: self.span(),
            },
            name: None,
        }
    }

    pub fn aws(&self, vpc: &str) -> ZoneFieldKind {
        ZoneFieldKind::AwsVpc(self.s(vpc))
    }

    pub fn service(&self, name: &str, ports: &[&str]) -> Item {
        let start = self.mark();
        let name = self.id(name);
        let ports = ports.iter().map(|p| self.port(p)).collect();
        self.item(start, ItemKind::Service(ServiceItem { name, ports }))
    }

    pub fn port(&self, text: &str) -> PortLit {
        let range = |r: &str| match r.split_once('-') {
            Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
            None => (r.parse().unwrap(), r.parse().unwrap()),
        };
        let kind = match text.split_once('/') {
            None if text == "any" => PortKind::Any,
            None if text == "icmp" => PortKind::Icmp(None),
            None if text == "icmpv6" => PortKind::Icmpv6(None),
            Some(("tcp", r)) => {
                let (lo, hi) = range(r);
                PortKind::Tcp { lo, hi }
            }
            Some(("udp", r)) => {
                let (lo, hi) = range(r);
                PortKind::Udp { lo, hi }
            }
            Some(("icmp", t)) => PortKind::Icmp(Some(self.id(t))),
            Some(("icmpv6", t)) => PortKind::Icmpv6(Some(self.id(t))),
            _ => panic!("test port `{text}`"),
        };
        PortLit {
            kind,
            span: self.span(),
        }
    }

    /// `a`, `@l`, `any`, `{a, @b}`, `x except y` (no nesting inside sets).
    pub fn sel(&self, text: &str) -> Selector {
        let kind = if let Some((base, removed)) = text.rsplit_once(" except ") {
            SelectorKind::Except(Box::new(self.sel(base)), Box::new(self.sel(removed)))
        } else if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            SelectorKind::Set(
                inner
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(|s| self.sel(s))
                    .collect(),
            )
        } else if let Some(label) = text.strip_prefix('@') {
            SelectorKind::Label(self.id(label))
        } else if text == "any" {
            SelectorKind::Any
        } else {
            SelectorKind::Zone(self.id(text))
        };
        Selector {
            kind,
            span: self.span(),
        }
    }

    /// A named service unless it contains `/` or is `any`/`icmp`/`icmpv6`.
    pub fn services(&self, list: &[&str]) -> Vec<ServiceRef> {
        list.iter()
            .map(|s| {
                if s.contains('/') || ["any", "icmp", "icmpv6"].contains(s) {
                    ServiceRef::Inline(self.port(s))
                } else {
                    ServiceRef::Named(self.id(s))
                }
            })
            .collect()
    }

    pub fn allow(&self, from: &str, to: &str, services: &[&str]) -> Item {
        self.rule(RuleAction::Allow, from, to, services, Meta::default())
    }

    pub fn deny(&self, from: &str, to: &str, services: &[&str]) -> Item {
        self.rule(RuleAction::Deny, from, to, services, Meta::default())
    }

    pub fn rule(
        &self,
        action: RuleAction,
        from: &str,
        to: &str,
        services: &[&str],
        meta: Meta,
    ) -> Item {
        let start = self.mark();
        let (from, to) = (self.sel(from), self.sel(to));
        let services = self.services(services);
        self.item(
            start,
            ItemKind::Rule(RuleItem {
                action,
                from,
                to,
                services,
                meta,
            }),
        )
    }

    pub fn inv(&self, kind: InvariantKind, from: &str, to: &str, services: &[&str]) -> Item {
        self.inv_meta(kind, from, to, services, Meta::default())
    }

    pub fn inv_meta(
        &self,
        kind: InvariantKind,
        from: &str,
        to: &str,
        services: &[&str],
        meta: Meta,
    ) -> Item {
        let start = self.mark();
        let (from, to) = (self.sel(from), self.sel(to));
        let services = self.services(services);
        self.item(
            start,
            ItemKind::Invariant(InvariantItem {
                kind,
                from,
                to,
                services,
                meta,
            }),
        )
    }

    pub fn expires(&self, date: &str) -> Meta {
        Meta {
            expires: Some(self.date(date)),
            ..Meta::default()
        }
    }
}
