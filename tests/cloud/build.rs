//! Models built by hand, for cloud tests that need shapes the parser-based
//! fixtures do not reach (and for property tests). Every item gets its own
//! span so diagnostics can be told apart.

use zonec_base::{FileId, Span};
use zonec_model::{
    Action, CloudPlacement, CloudProvider, Meta, Model, PortSet, Prefix, Proto, Rule, Zone, ZoneId,
};

#[derive(Default)]
pub struct Spec {
    pub model: Model,
    next: u32,
}

impl Spec {
    pub fn new() -> Spec {
        Spec::default()
    }

    fn span(&mut self) -> Span {
        self.next += 10;
        Span {
            file: FileId(0),
            start: self.next,
            end: self.next + 5,
        }
    }

    /// A zone with prefixes and placements `(provider, network)`.
    pub fn zone(&mut self, name: &str, nets: &[&str], cloud: &[(CloudProvider, &str)]) -> ZoneId {
        let span = self.span();
        let prefixes = nets
            .iter()
            .map(|n| Prefix {
                net: n.parse().expect("prefix"),
                span,
            })
            .collect();
        let cloud = cloud
            .iter()
            .map(|(provider, network)| CloudPlacement {
                provider: *provider,
                network: network.to_string(),
                span,
            })
            .collect();
        self.model.zones.push(Zone {
            name: name.into(),
            external: false,
            labels: Vec::new(),
            description: None,
            prefixes,
            vlan: None,
            cloud,
            span,
            parent: None,
            segment: None,
        });
        ZoneId::from_index(self.model.zones.len() - 1)
    }

    pub fn rule(
        &mut self,
        action: Action,
        from: &[ZoneId],
        to: &[ZoneId],
        ports: PortSet,
        reason: Option<&str>,
    ) {
        let span = self.span();
        let meta = Meta {
            reason: reason.map(Into::into),
            ticket: None,
            cites: Vec::new(),
            expires: None,
            window: None,
        };
        let (mut from, mut to) = (from.to_vec(), to.to_vec());
        from.sort();
        to.sort();
        self.model.rules.push(Rule {
            action,
            from,
            to,
            services: Vec::new(),
            ports,
            meta,
            span,
            head_span: span,
        });
    }

    pub fn allow(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) {
        self.rule(Action::Allow, from, to, ports, Some("test flow"));
    }

    pub fn deny(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) {
        self.rule(Action::Deny, from, to, ports, Some("test deny"));
    }
}

pub fn tcp(lo: u32, hi: u32) -> PortSet {
    PortSet::ports(Proto::Tcp, lo, hi)
}

pub fn udp(lo: u32, hi: u32) -> PortSet {
    PortSet::ports(Proto::Udp, lo, hi)
}

pub fn icmp_type(t: u32) -> PortSet {
    PortSet::ports(Proto::Icmp, t, t)
}
