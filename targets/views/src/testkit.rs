//! A small model built by hand for the unit tests of the terminal views
//! (`matrix`, `explain`, `flows`): the views crate never sees the syntax,
//! so its tests make the model the resolver would have made.

use zonec_base::{FileId, Sources, Span};
use zonec_model::{Action, Meta, Model, PortSet, Proto, Rule, Service, ServiceUse, Zone, ZoneId};

/// The policy text the rules' head spans point into.
pub const TEXT: &str = "allow web -> db\n";

/// Zones `web`, `db` and `x\u{1b}[31m` (a name with an escape sequence
/// that a terminal would obey), a service `pg` (tcp/5432), and one
/// `allow web -> db pg` whose reason tries to start a line of its own.
pub fn policy() -> (Model, Sources) {
    let mut sources = Sources::new();
    let file = sources.add("t.zones", TEXT);
    let pg = PortSet::ports(Proto::Tcp, 5432, 5432);
    let mut model = Model::default();
    for name in ["web", "db", "x\u{1b}[31m"] {
        model.zones.push(zone(name, file));
    }
    model.services.push(Service {
        name: "pg".to_string(),
        ports: pg.clone(),
        span: Span::new(file, 0, 0),
    });
    model.rules.push(Rule {
        action: Action::Allow,
        from: vec![ZoneId::from_index(0)],
        to: vec![ZoneId::from_index(1)],
        services: vec![ServiceUse {
            text: "pg".to_string(),
            service: None,
            ports: pg.clone(),
            span: Span::new(file, 0, 0),
        }],
        ports: pg,
        meta: Meta {
            reason: Some("backups\nany path: none".to_string()),
            ..Meta::default()
        },
        span: Span::new(file, 0, TEXT.len() - 1),
        head_span: Span::new(file, 0, TEXT.len() - 1),
    });
    (model, sources)
}

fn zone(name: &str, file: FileId) -> Zone {
    Zone::bare(name, Span::new(file, 0, 0))
}
