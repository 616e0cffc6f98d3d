//! Which zone an address is in (`zonec which`): the zone longest-prefix
//! match gives it (the model's `AddressTable`, as every target uses), the
//! prefix that matched and where it is declared, and the zone's labels and
//! VLAN. Tickets arrive as addresses; this is the step from one to a zone
//! name. The text is one line per address, through
//! `zonec_escape::terminal`.

use serde::Serialize;
use std::fmt::Write;
use std::net::IpAddr;
use zonec_analysis::export::{self, Location};
use zonec_base::Sources;
use zonec_escape::terminal;
use zonec_model::{AddressTable, Model, Prefix, ZoneId};

/// Where one address is.
pub struct Found<'m> {
    pub address: IpAddr,
    /// The zone and the prefix that gave it the address, if any did.
    pub zone: Option<(ZoneId, &'m Prefix)>,
}

/// Each address looked up in `table` (built from `model`).
pub fn lookup<'m>(model: &'m Model, table: &AddressTable, addresses: &[IpAddr]) -> Vec<Found<'m>> {
    let found = |&address: &IpAddr| Found {
        address,
        zone: table.lookup_prefix(model, address),
    };
    addresses.iter().map(found).collect()
}

/// One line per address: `10.1.2.3: zone `lab`, prefix 10.1.0.0/16 at
/// f:4:7, labels @phi, VLAN 40 `LAB`` or `8.8.8.8: in no zone`.
pub fn text(model: &Model, sources: &Sources, found: &[Found]) -> String {
    let mut out = String::new();
    for f in found {
        let Some((zone, prefix)) = f.zone else {
            let _ = writeln!(
                out,
                "{}: in no zone (no zone's prefix contains it)",
                f.address
            );
            continue;
        };
        let z = model.zone(zone);
        let labels: Vec<String> = z
            .labels
            .iter()
            .map(|&l| format!("@{}", model.label(l).name))
            .collect();
        let labels = match labels.is_empty() {
            true => "no labels".to_string(),
            false => format!("labels {}", labels.join(" ")),
        };
        let vlan = match &z.vlan {
            None => "no VLAN".to_string(),
            Some(v) => match &v.name {
                Some(name) => format!("VLAN {} {}", v.id, terminal::quote(name)),
                None => format!("VLAN {}", v.id),
            },
        };
        let place = export::location(sources, prefix.span).map_or(String::new(), |l| {
            format!(" at {}:{}:{}", terminal::escape(&l.file), l.line, l.column)
        });
        let _ = writeln!(
            out,
            "{}: zone `{}`, prefix {}{place}, {labels}, {vlan}",
            f.address,
            terminal::escape(&z.name),
            prefix.net
        );
    }
    terminal::escape_lines(&out).into_owned()
}

/// `zonec which --format json`: `{"addresses": [...]}`, one entry per
/// address in the order asked.
#[derive(Serialize)]
pub struct JsonWhich {
    pub addresses: Vec<JsonAddress>,
}

#[derive(Serialize)]
pub struct JsonAddress {
    pub address: String,
    /// `null` when no zone's prefix contains the address (then so are the
    /// fields after it).
    pub zone: Option<String>,
    pub prefix: Option<String>,
    pub prefix_location: Option<Location>,
    pub external: Option<bool>,
    pub labels: Vec<String>,
    pub vlan: Option<JsonVlan>,
}

#[derive(Serialize)]
pub struct JsonVlan {
    pub id: u16,
    pub name: Option<String>,
}

pub fn json(model: &Model, sources: &Sources, found: &[Found]) -> JsonWhich {
    let address = |f: &Found| {
        let zone = f.zone.map(|(z, p)| (model.zone(z), p));
        JsonAddress {
            address: f.address.to_string(),
            zone: zone.map(|(z, _)| z.name.clone()),
            prefix: zone.map(|(_, p)| p.net.to_string()),
            prefix_location: zone.and_then(|(_, p)| export::location(sources, p.span)),
            external: zone.map(|(z, _)| z.external),
            labels: zone.map_or(Vec::new(), |(z, _)| {
                z.labels
                    .iter()
                    .map(|&l| model.label(l).name.clone())
                    .collect()
            }),
            vlan: zone.and_then(|(z, _)| z.vlan.as_ref()).map(|v| JsonVlan {
                id: v.id,
                name: v.name.clone(),
            }),
        }
    };
    JsonWhich {
        addresses: found.iter().map(address).collect(),
    }
}
