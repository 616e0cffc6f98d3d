//! Test-only builder of resolved models, so the analysis can be tested
//! without the parser: zones, labels, services, rules with port sets and
//! invariants, each given a distinct made-up span.

use ipnetwork::IpNetwork;
use zonec_base::span::{FileId, Span};
use zonec_model::*;

#[derive(Default)]
pub struct Builder {
    model: Model,
    offset: u32,
}

pub fn tcp(port: u32) -> PortSet {
    PortSet::ports(Proto::Tcp, port, port)
}

pub fn udp(port: u32) -> PortSet {
    PortSet::ports(Proto::Udp, port, port)
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    fn span(&mut self) -> Span {
        self.offset += 10;
        Span::new(FileId(0), self.offset as usize, self.offset as usize + 5)
    }

    pub fn zone(&mut self, name: &str) -> ZoneId {
        let i = self.model.zones.len() as u32;
        let net: IpNetwork = format!("10.{}.{}.0/24", i / 256, i % 256)
            .parse()
            .expect("prefix");
        let span = self.span();
        self.model.zones.push(Zone {
            prefixes: vec![Prefix { net, span }],
            ..Zone::bare(name, span)
        });
        ZoneId(i)
    }

    /// `self`, the router: a zone without prefixes, recorded as the model's
    /// router.
    pub fn router(&mut self) -> ZoneId {
        let id = ZoneId(self.model.zones.len() as u32);
        let span = self.span();
        self.model.zones.push(Zone::router(span));
        self.model.self_zone = Some(id);
        id
    }

    /// Make `member` a member zone of `parent`, a zone built before it
    /// (so its own family is already settled): the same segment as its
    /// parent's family.
    pub fn member(&mut self, member: ZoneId, parent: ZoneId) {
        let root = self.model.zones[parent.index()].segment.unwrap_or(parent);
        self.model.zones[root.index()].segment = Some(root);
        let zone = &mut self.model.zones[member.index()];
        zone.parent = Some(parent);
        zone.segment = Some(root);
    }

    pub fn zones(&mut self, n: usize) -> Vec<ZoneId> {
        (0..n).map(|i| self.zone(&format!("z{i}"))).collect()
    }

    pub fn label(&mut self, name: &str, zones: &[ZoneId]) -> LabelId {
        let id = LabelId(self.model.labels.len() as u32);
        let span = self.span();
        self.model.labels.push(Label {
            name: name.to_string(),
            description: None,
            cites: Vec::new(),
            span,
        });
        for z in zones {
            self.model.zones[z.index()].labels.push(id);
        }
        id
    }

    pub fn service(&mut self, name: &str, ports: PortSet) -> ServiceId {
        let span = self.span();
        self.model.services.push(Service {
            name: name.to_string(),
            ports,
            span,
        });
        ServiceId(self.model.services.len() as u32 - 1)
    }

    /// A use of `ports` as an inline service (or of a declared service).
    fn uses(&mut self, ports: &PortSet, service: Option<ServiceId>) -> Vec<ServiceUse> {
        let span = self.span();
        let text = match service {
            Some(s) => self.model.services[s.index()].name.clone(),
            None => ports.to_string(),
        };
        vec![ServiceUse {
            text,
            service,
            ports: ports.clone(),
            span,
        }]
    }

    fn rule(
        &mut self,
        action: Action,
        from: &[ZoneId],
        to: &[ZoneId],
        ports: PortSet,
        service: Option<ServiceId>,
    ) -> RuleId {
        let (span, head_span) = (self.span(), self.span());
        let services = self.uses(&ports, service);
        self.model.rules.push(Rule {
            action,
            from: sorted(from),
            to: sorted(to),
            services,
            ports,
            meta: Meta::default(),
            span,
            head_span,
        });
        RuleId(self.model.rules.len() as u32 - 1)
    }

    pub fn allow(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> RuleId {
        self.rule(Action::Allow, from, to, ports, None)
    }

    pub fn allow_service(&mut self, from: &[ZoneId], to: &[ZoneId], service: ServiceId) -> RuleId {
        let ports = self.model.services[service.index()].ports.clone();
        self.rule(Action::Allow, from, to, ports, Some(service))
    }

    pub fn deny(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> RuleId {
        self.rule(Action::Deny, from, to, ports, None)
    }

    pub fn invariant(
        &mut self,
        kind: InvariantKind,
        from: &[ZoneId],
        to: &[ZoneId],
        ports: PortSet,
    ) -> InvariantId {
        let (span, head_span) = (self.span(), self.span());
        let services = self.uses(&ports, None);
        let text = |zs: &[ZoneId], m: &Model| {
            let names: Vec<&str> = zs.iter().map(|z| m.zone(*z).name.as_str()).collect();
            format!("{{{}}}", names.join(", "))
        };
        let (from_text, to_text) = (text(from, &self.model), text(to, &self.model));
        self.model.invariants.push(Invariant {
            kind,
            from: sorted(from),
            to: sorted(to),
            services,
            ports,
            meta: Meta::default(),
            span,
            head_span,
            from_text,
            to_text,
        });
        InvariantId(self.model.invariants.len() as u32 - 1)
    }

    pub fn forbid(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> InvariantId {
        self.invariant(InvariantKind::Forbid, from, to, ports)
    }

    pub fn forbid_path(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> InvariantId {
        self.invariant(InvariantKind::ForbidPath, from, to, ports)
    }

    pub fn require(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> InvariantId {
        self.invariant(InvariantKind::Require, from, to, ports)
    }

    pub fn build(self) -> Model {
        self.model
    }
}

fn sorted(zones: &[ZoneId]) -> Vec<ZoneId> {
    let mut v = zones.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}
