//! The syntax tree: what the text says, with a span on every node and no
//! judgement about whether names exist. Values that the parser can check
//! locally (a CIDR's address, a date) are parsed here; everything that needs
//! the whole policy (names, host bits, ranges) is checked in `model::resolve`.

use std::net::IpAddr;
use zonec_base::span::{FileId, Span};
use zonec_base::{Date, Expiry};

/// One parsed `.zones` file. Comments are kept (with spans) for `zonec fmt`.
#[derive(Clone, Debug, Default)]
pub struct File {
    pub file: FileId,
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
    /// Services whose declaration has a syntax error after the name: the
    /// name is declared, its ports are unknown (resolution neither reports
    /// its uses as unknown nor lets a rule that uses it into the model).
    pub broken_services: Vec<Ident>,
}

/// `# ...` up to the end of the line; `text` excludes the newline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal with escapes already decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// A decimal integer as written; range checks happen in resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntLit {
    pub value: u64,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateLit {
    pub date: Date,
    /// The UTC minute of a date-time (`2026-12-20T18:00Z`), if written.
    pub minute: Option<u16>,
    pub span: Span,
}

impl DateLit {
    /// The value as an expiry instant.
    pub fn expiry(&self) -> Expiry {
        Expiry {
            date: self.date,
            minute: self.minute,
        }
    }
}

/// `ADDR/LEN` with a well-formed address; `len` is as written (may be out of
/// range, host bits may be set: resolution reports both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefixLit {
    pub addr: IpAddr,
    pub len: u64,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ItemKind,
    /// From the first keyword to the end of the item (closing `}` included).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Policy(PolicyItem),
    Label(LabelItem),
    Zone(ZoneItem),
    Service(ServiceItem),
    Rule(RuleItem),
    Invariant(InvariantItem),
    /// Version 1.1: `monitor SEL [{ meta }]`.
    Monitor(MonitorItem),
}

/// `policy STRING [{ owner STRING }]`
#[derive(Clone, Debug)]
pub struct PolicyItem {
    pub name: StrLit,
    pub owner: Option<StrLit>,
}

/// `label NAME [STRING] [{ cite STRING... }]`
#[derive(Clone, Debug)]
pub struct LabelItem {
    pub name: Ident,
    pub description: Option<StrLit>,
    pub cites: Vec<StrLit>,
}

/// `zone NAME [external] [in PARENT] { fields }`
#[derive(Clone, Debug)]
pub struct ZoneItem {
    pub name: Ident,
    /// The span of the `external` keyword, if present.
    pub external: Option<Span>,
    /// `in PARENT` (version 1.1): the zone is a member of `PARENT`.
    pub parent: Option<Ident>,
    pub fields: Vec<ZoneField>,
}

#[derive(Clone, Debug)]
pub struct ZoneField {
    pub kind: ZoneFieldKind,
    /// From the field keyword to its last token.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ZoneFieldKind {
    Labels(Vec<Ident>),
    Description(StrLit),
    Net(Vec<PrefixLit>),
    Vlan { id: IntLit, name: Option<StrLit> },
    AwsVpc(StrLit),
    AzureVnet(StrLit),
    GcpNetwork(StrLit),
}

impl ZoneFieldKind {
    /// The field keyword as written in the language.
    pub fn keyword(&self) -> &'static str {
        match self {
            ZoneFieldKind::Labels(_) => "labels",
            ZoneFieldKind::Description(_) => "description",
            ZoneFieldKind::Net(_) => "net",
            ZoneFieldKind::Vlan { .. } => "vlan",
            ZoneFieldKind::AwsVpc(_) => "aws-vpc",
            ZoneFieldKind::AzureVnet(_) => "azure-vnet",
            ZoneFieldKind::GcpNetwork(_) => "gcp-network",
        }
    }
}

/// `service NAME = port, port...`
#[derive(Clone, Debug)]
pub struct ServiceItem {
    pub name: Ident,
    pub ports: Vec<PortLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortLit {
    pub kind: PortKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortKind {
    /// `any`: every protocol and port.
    Any,
    /// `tcp/N` or `tcp/N-M` (numbers as written; checked in resolution).
    Tcp {
        lo: u64,
        hi: u64,
    },
    Udp {
        lo: u64,
        hi: u64,
    },
    /// `icmp` or `icmp/TYPE-NAME`.
    Icmp(Option<Ident>),
    /// `icmpv6` or `icmpv6/TYPE-NAME`.
    Icmpv6(Option<Ident>),
}

/// A service in a rule or invariant: a declared name or an inline port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceRef {
    Named(Ident),
    Inline(PortLit),
}

impl ServiceRef {
    pub fn span(&self) -> Span {
        match self {
            ServiceRef::Named(i) => i.span,
            ServiceRef::Inline(p) => p.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    pub kind: SelectorKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectorKind {
    /// A zone name.
    Zone(Ident),
    /// `@label`; the ident's span covers the name without `@`.
    Label(Ident),
    /// `any`
    Any,
    /// `{a, @b, ...}`
    Set(Vec<Selector>),
    /// `base except r1 except r2 ...`: the zones of `base` without those
    /// of any `ri`. `except` is left-associative, so a chain is one node
    /// and the parser makes `base` and every `ri` a zone, label, `any` or
    /// set: the tree is only as deep as sets nest, however long the chain.
    Except(Box<Selector>, Vec<Selector>),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RuleAction {
    Allow,
    Deny,
}

/// `allow|deny SEL -> SEL [: services] [{ meta }]`
#[derive(Clone, Debug)]
pub struct RuleItem {
    pub action: RuleAction,
    pub from: Selector,
    pub to: Selector,
    /// Empty when no `:` was written (meaning `any`).
    pub services: Vec<ServiceRef>,
    pub meta: Meta,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum InvariantKind {
    /// `forbid A -> B`
    Forbid,
    /// `forbid A ->* B`
    ForbidPath,
    /// `require A -> B`
    Require,
}

#[derive(Clone, Debug)]
pub struct InvariantItem {
    pub kind: InvariantKind,
    pub from: Selector,
    pub to: Selector,
    /// Empty when no `:` was written.
    pub services: Vec<ServiceRef>,
    pub meta: Meta,
}

/// `monitor SEL [{ meta }]`: the selected zones are in monitor mode.
#[derive(Clone, Debug)]
pub struct MonitorItem {
    pub zones: Selector,
    pub meta: Meta,
}

/// The `{ ... }` block of a rule or invariant. Every field is kept as written
/// (with spans) so resolution can say where a misplaced one is.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub reason: Option<StrLit>,
    pub ticket: Option<StrLit>,
    pub cites: Vec<StrLit>,
    pub expires: Option<DateLit>,
    /// Version 1.1: `window STRING` (the string is judged in resolution).
    pub window: Option<StrLit>,
}
