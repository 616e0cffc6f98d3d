//! The resolved policy: every name replaced by a typed id, every selector
//! expanded to a sorted zone list, every service to a [`PortSet`]. This is
//! what analysis and targets read; it never refers back to the syntax tree,
//! only to spans for messages.

use super::ids::{InvariantId, LabelId, RuleId, ServiceId, ZoneId};
use super::ports::PortSet;
use ipnetwork::IpNetwork;
use std::collections::BTreeSet;
use zonec_base::span::Span;
use zonec_base::window::Window;
use zonec_base::Expiry;

#[derive(Clone, Debug, Default)]
pub struct Model {
    pub policy: Option<PolicyInfo>,
    pub labels: Vec<Label>,
    pub zones: Vec<Zone>,
    pub services: Vec<Service>,
    /// Every `allow` and `deny`, in source order.
    pub rules: Vec<Rule>,
    /// Every `forbid`, `forbid ->*` and `require`, in source order.
    pub invariants: Vec<Invariant>,
    /// The names the selectors of rules and invariants mention.
    pub mentions: Mentions,
    /// The zone that stands for the enforcing router itself, when some
    /// selector names `self` (see [`SELF`]). It has no prefixes, VLAN or
    /// placement, and `any` does not include it.
    pub self_zone: Option<ZoneId>,
    /// Every `monitor` item, in source order.
    pub monitors: Vec<Monitor>,
}

/// The reserved zone name of the enforcing router or firewall itself.
pub const SELF: &str = "self";

/// The zones and labels that some selector names in the text, `except`
/// included. A zone named only after `except` relates nothing, yet its
/// author had it in mind: the unused-name lints read this, so they need not
/// go back to the syntax tree.
#[derive(Clone, Debug, Default)]
pub struct Mentions {
    pub zones: BTreeSet<ZoneId>,
    pub labels: BTreeSet<LabelId>,
    /// Where a selector first names `self`, if one does.
    pub self_span: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct PolicyInfo {
    pub name: String,
    pub owner: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Label {
    pub name: String,
    pub description: Option<String>,
    pub cites: Vec<String>,
    /// The name in the `label` item.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Zone {
    pub name: String,
    pub external: bool,
    pub labels: Vec<LabelId>,
    pub description: Option<String>,
    pub prefixes: Vec<Prefix>,
    pub vlan: Option<Vlan>,
    /// At most one placement per cloud provider, in provider order. A
    /// member zone has its family root's placements (with their spans).
    pub cloud: Vec<CloudPlacement>,
    /// The zone's name in its `zone` item.
    pub span: Span,
    /// `zone NAME in PARENT`: the zone this one is a member of. A member has
    /// its parent's labels (in `labels`, after its own), rights and segment.
    pub parent: Option<ZoneId>,
    /// The root of the zone's family (the zone that is no member, whose
    /// VLAN the family shares) when the zone has a parent or members, else
    /// `None`. Two zones of one family are on one segment: their traffic is
    /// treated like traffic inside one zone ([`Model::same_segment`]). The
    /// analysis's quotient model keeps the model's id here: it is compared,
    /// never looked up there.
    pub segment: Option<ZoneId>,
}

impl Zone {
    /// The zone `self`, the router: no prefixes, VLAN, labels or placement;
    /// `span` is where a selector first names it.
    pub fn router(span: Span) -> Zone {
        Zone::bare(SELF, span)
    }

    /// A zone with a name and nothing else, internal: the start of the
    /// router zone and of the zones tests build by hand.
    pub fn bare(name: &str, span: Span) -> Zone {
        Zone {
            name: name.to_string(),
            external: false,
            labels: Vec::new(),
            description: None,
            prefixes: Vec::new(),
            vlan: None,
            cloud: Vec::new(),
            span,
            parent: None,
            segment: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Prefix {
    /// Always a canonical network (host bits zero).
    pub net: IpNetwork,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Vlan {
    /// 1..=4094
    pub id: u16,
    pub name: Option<String>,
    pub span: Span,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CloudProvider {
    Aws,
    Azure,
    Gcp,
}

impl CloudProvider {
    /// The zone field that places a zone in this cloud.
    pub fn field(self) -> &'static str {
        match self {
            CloudProvider::Aws => "aws-vpc",
            CloudProvider::Azure => "azure-vnet",
            CloudProvider::Gcp => "gcp-network",
        }
    }
}

#[derive(Clone, Debug)]
pub struct CloudPlacement {
    pub provider: CloudProvider,
    /// The VPC / VNet / network identifier as written.
    pub network: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub ports: PortSet,
    pub span: Span,
}

/// One entry of a rule's or invariant's service list.
#[derive(Clone, Debug)]
pub struct ServiceUse {
    /// The service name, or the inline port as written (`tcp/8443`).
    pub text: String,
    pub service: Option<ServiceId>,
    pub ports: PortSet,
    pub span: Span,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Allow,
    Deny,
}

#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub cites: Vec<String>,
    pub expires: Option<Expiry>,
    /// Version 1.1: the weekly window of an `allow` (only allows keep one).
    pub window: Option<AccessWindow>,
}

impl Meta {
    /// Whether a grant with this meta is bounded in time: a window, or an
    /// expiry (which the front end has already checked is still ahead).
    pub fn is_time_bounded(&self) -> bool {
        self.window.is_some() || self.expires.is_some()
    }
}

/// A `window` as parsed, with its text and span for messages.
#[derive(Clone, Debug)]
pub struct AccessWindow {
    pub window: Window,
    /// The string as written.
    pub text: String,
    pub span: Span,
}

/// Version 1.1: `monitor SEL [{ meta }]`, the zones in monitor mode.
#[derive(Clone, Debug)]
pub struct Monitor {
    /// The zones the selector expands to (sorted, deduplicated).
    pub zones: Vec<ZoneId>,
    pub meta: Meta,
    /// The whole item.
    pub span: Span,
    /// `monitor SEL`, without the meta block.
    pub head_span: Span,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub action: Action,
    /// Sorted, deduplicated zone lists the selectors expand to.
    pub from: Vec<ZoneId>,
    pub to: Vec<ZoneId>,
    /// The services as written; empty means `any`.
    pub services: Vec<ServiceUse>,
    /// The union of `services` (or [`PortSet::any`]).
    pub ports: PortSet,
    pub meta: Meta,
    /// The whole item.
    pub span: Span,
    /// `allow a -> b` / `deny a -> b`, without services and meta: the short
    /// span that witness labels point at.
    pub head_span: Span,
}

impl Rule {
    /// Every ordered pair this rule relates, self-pairs and pairs on one
    /// segment excluded ([`Model::relates`]).
    pub fn pairs<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = (ZoneId, ZoneId)> + 'a {
        cross(&self.from, &self.to, model)
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvariantKind {
    /// `forbid A -> B`
    Forbid,
    /// `forbid A ->* B`
    ForbidPath,
    /// `require A -> B`
    Require,
}

impl InvariantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvariantKind::Forbid => "forbid",
            InvariantKind::ForbidPath => "forbid-path",
            InvariantKind::Require => "require",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Invariant {
    pub kind: InvariantKind,
    pub from: Vec<ZoneId>,
    pub to: Vec<ZoneId>,
    pub services: Vec<ServiceUse>,
    pub ports: PortSet,
    pub meta: Meta,
    pub span: Span,
    /// `forbid a ->* b` without services and meta.
    pub head_span: Span,
    /// The selectors as written, for messages (`@guest`, `any except {x}`).
    pub from_text: String,
    pub to_text: String,
}

impl Invariant {
    /// Every ordered pair the invariant relates, self-pairs and pairs on
    /// one segment excluded ([`Model::relates`]).
    pub fn pairs<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = (ZoneId, ZoneId)> + 'a {
        cross(&self.from, &self.to, model)
    }
}

/// The pairs of `from × to` that a flow can cross a firewall between.
fn cross<'a>(
    from: &'a [ZoneId],
    to: &'a [ZoneId],
    model: &'a Model,
) -> impl Iterator<Item = (ZoneId, ZoneId)> + 'a {
    from.iter().flat_map(move |&a| {
        to.iter()
            .filter(move |&&b| model.relates(a, b))
            .map(move |&b| (a, b))
    })
}

impl Model {
    pub fn zone(&self, id: ZoneId) -> &Zone {
        &self.zones[id.index()]
    }

    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.index()]
    }

    pub fn label(&self, id: LabelId) -> &Label {
        &self.labels[id.index()]
    }

    pub fn invariant(&self, id: InvariantId) -> &Invariant {
        &self.invariants[id.index()]
    }

    /// Every monitored zone, sorted, once.
    pub fn monitored_zones(&self) -> Vec<ZoneId> {
        let zones: BTreeSet<ZoneId> = self
            .monitors
            .iter()
            .flat_map(|m| m.zones.iter().copied())
            .collect();
        zones.into_iter().collect()
    }

    /// The first `monitor` item that selects `zone`, if any.
    pub fn monitor_of(&self, zone: ZoneId) -> Option<&Monitor> {
        self.monitors.iter().find(|m| m.zones.contains(&zone))
    }

    /// Whether `a` and `b` are two zones of one family (a member and its
    /// parent, two members of one parent, or further down one tree): they
    /// share one segment, and traffic between them never crosses a firewall.
    pub fn same_segment(&self, a: ZoneId, b: ZoneId) -> bool {
        let segment = |z: ZoneId| self.zones.get(z.index()).and_then(|z| z.segment);
        a != b && segment(a).is_some() && segment(a) == segment(b)
    }

    /// Whether a rule or invariant relates `a` to `b`: two zones that are
    /// neither the same zone nor on one segment.
    pub fn relates(&self, a: ZoneId, b: ZoneId) -> bool {
        a != b && !self.same_segment(a, b)
    }

    /// The zone whose VLAN and placements `id` uses: its family's root, or
    /// itself. Only on the resolved model (not the analysis's quotient).
    pub fn segment_root(&self, id: ZoneId) -> ZoneId {
        self.zones
            .get(id.index())
            .and_then(|z| z.segment)
            .unwrap_or(id)
    }

    /// Whether `id` is the router itself (`self`).
    pub fn is_self(&self, id: ZoneId) -> bool {
        self.self_zone == Some(id)
    }

    pub fn zone_ids(&self) -> impl Iterator<Item = ZoneId> {
        (0..self.zones.len()).map(ZoneId::from_index)
    }

    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> {
        (0..self.rules.len()).map(RuleId::from_index)
    }

    pub fn invariant_ids(&self) -> impl Iterator<Item = InvariantId> {
        (0..self.invariants.len()).map(InvariantId::from_index)
    }

    pub fn zone_by_name(&self, name: &str) -> Option<ZoneId> {
        self.zones
            .iter()
            .position(|z| z.name == name)
            .map(ZoneId::from_index)
    }
}
