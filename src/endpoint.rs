//! `explain --from`/`--to`: a zone name, `@label` or an IPv4/IPv6 address,
//! resolved against the policy. Unknown names get the resolver's own "did
//! you mean" (`AskedNames`); an address gets its zone from the policy's
//! longest-prefix-match table, the one every target uses. A prefix is not
//! an address: it may span zones, so it is refused with a pointer to one.

use std::net::IpAddr;
use zonec_base::{Code, Diagnostic};
use zonec_model::{AddressTable, AskedNames, LabelId, Model};
use zonec_views::explain::Endpoint;

/// What one end of a flow names, or why it names nothing.
pub fn resolve(
    model: &Model,
    table: &AddressTable,
    names: &AskedNames,
    text: &str,
) -> Result<Endpoint, Diagnostic> {
    let text = text.trim();
    if let Some(label) = text.strip_prefix('@') {
        return self::label(model, names, label);
    }
    if let Ok(address) = text.parse::<IpAddr>() {
        let (zone, prefix) = table
            .lookup_prefix(model, address)
            .ok_or_else(|| no_zone(address))?;
        return Ok(Endpoint::Address {
            address,
            zone,
            prefix: prefix.clone(),
        });
    }
    match model.zone_by_name(text) {
        Some(zone) => Ok(Endpoint::Zone(zone)),
        None if is_prefix(text) => Err(prefix(text)),
        None => Err(names.unknown_zone(text)),
    }
}

/// `10.40.0.0/16`: an address with a length.
fn is_prefix(text: &str) -> bool {
    text.split_once('/')
        .is_some_and(|(addr, len)| addr.parse::<IpAddr>().is_ok() && len.parse::<u8>().is_ok())
}

fn prefix(text: &str) -> Diagnostic {
    let addr = text.split_once('/').map_or(text, |(a, _)| a);
    Diagnostic::error(
        Code::UnknownZone,
        format!("`{text}` is a prefix, not an address"),
    )
    .with_help(format!(
        "ask about one address (`{addr}`), or the zone that holds the prefix \
             (`zonec which {addr}` names it)"
    ))
}

fn label(model: &Model, names: &AskedNames, name: &str) -> Result<Endpoint, Diagnostic> {
    let Some(id) = model.labels.iter().position(|l| l.name == name) else {
        return Err(names.unknown_label(name));
    };
    let end = Endpoint::label(model, LabelId::from_index(id));
    if end.zones().is_empty() {
        let d = Diagnostic::error(Code::UnknownZone, format!("no zone carries `@{name}`"))
            .with_help(
                "give the label to a zone (`labels ...`), or ask about a zone or an address",
            );
        return Err(d);
    }
    Ok(end)
}

fn no_zone(address: IpAddr) -> Diagnostic {
    Diagnostic::error(Code::UnknownZone, format!("`{address}` is in no zone")).with_help(format!(
        "no zone's prefix contains it (`zonec which {address}` says the same); \
             declare its prefix in a zone's `net`, or an external zone for the rest \
             of the address space (`net 0.0.0.0/0, ::/0`)"
    ))
}
