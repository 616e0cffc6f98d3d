//! A test-only builder of models, so emitters can be tested on small
//! hand-made policies without the front end, and a way to run one emitter
//! on such a model.

use crate::{Emitted, Input, Options};
use ipnetwork::IpNetwork;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::Span;
use zonec_model::*;

/// Run `emit` on `model`, with the input a run derives from it.
pub(crate) fn run(
    model: &Model,
    options: &Options,
    emit: fn(&Input, &Options) -> Emitted,
) -> Emitted {
    let effective = EffectivePolicy::new(model);
    let addresses = AddressTable::new(model);
    let input = Input {
        model,
        effective: &effective,
        addresses: &addresses,
    };
    emit(&input, options)
}

#[derive(Default)]
pub(crate) struct ModelBuilder {
    model: Model,
}

impl ModelBuilder {
    pub(crate) fn new(policy: &str) -> ModelBuilder {
        let mut b = ModelBuilder::default();
        b.model.policy = Some(PolicyInfo {
            name: policy.into(),
            owner: None,
            span: Span::default(),
        });
        b
    }

    /// A zone with these prefixes (`"10.0.0.0/8"`), external when `nets` is
    /// only default routes.
    pub(crate) fn zone(&mut self, name: &str, nets: &[&str]) -> ZoneId {
        let prefixes = nets
            .iter()
            .map(|n| Prefix {
                net: n.parse::<IpNetwork>().unwrap(),
                span: Span::default(),
            })
            .collect();
        self.model.zones.push(Zone {
            name: name.into(),
            external: nets.iter().all(|n| n.ends_with("/0")),
            labels: Vec::new(),
            description: None,
            prefixes,
            vlan: None,
            cloud: Vec::new(),
            span: Span::default(),
            parent: None,
            segment: None,
        });
        ZoneId::from_index(self.model.zones.len() - 1)
    }

    pub(crate) fn vlan(&mut self, zone: ZoneId, id: u16) -> &mut Self {
        self.model.zones[zone.index()].vlan = Some(Vlan {
            id,
            name: None,
            span: Span::default(),
        });
        self
    }

    pub(crate) fn allow(
        &mut self,
        from: &[ZoneId],
        to: &[ZoneId],
        ports: PortSet,
        ticket: Option<&str>,
        reason: Option<&str>,
    ) -> RuleId {
        self.rule(Action::Allow, from, to, ports, ticket, reason)
    }

    pub(crate) fn deny(&mut self, from: &[ZoneId], to: &[ZoneId], ports: PortSet) -> RuleId {
        self.rule(Action::Deny, from, to, ports, None, None)
    }

    fn rule(
        &mut self,
        action: Action,
        from: &[ZoneId],
        to: &[ZoneId],
        ports: PortSet,
        ticket: Option<&str>,
        reason: Option<&str>,
    ) -> RuleId {
        self.model.rules.push(Rule {
            action,
            from: from.to_vec(),
            to: to.to_vec(),
            services: Vec::new(),
            ports,
            meta: Meta {
                reason: reason.map(Into::into),
                ticket: ticket.map(Into::into),
                cites: Vec::new(),
                expires: None,
                window: None,
            },
            span: Span::default(),
            head_span: Span::default(),
        });
        RuleId::from_index(self.model.rules.len() - 1)
    }

    pub(crate) fn build(self) -> Model {
        self.model
    }
}

pub(crate) fn tcp(p: u32) -> PortSet {
    PortSet::ports(Proto::Tcp, p, p)
}

pub(crate) fn udp(p: u32) -> PortSet {
    PortSet::ports(Proto::Udp, p, p)
}
