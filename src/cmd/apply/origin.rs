//! The operator's own way in. When the policy names `self`, the new
//! ruleset filters what reaches the router; `apply` run over SSH must not
//! cut the session it runs in. So before loading, the zone of the address
//! it is run from (`SSH_CLIENT`'s first field, or `--from ADDRESS`) must
//! still reach `self`: over SSH on the session's own port (`SSH_CLIENT`'s
//! third field), with `--from` on any port. `--allow-lockout` skips it, as
//! it skips the build's own lock-out guard.

use std::net::IpAddr;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_escape::terminal;
use zonec_model::ports::{PortSet, Proto};
use zonec_model::{AddressTable, Model};

/// Where `apply` is run from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub addr: IpAddr,
    /// The router's TCP port of the SSH session, when known.
    pub port: Option<u16>,
    /// Where the address came from, for the message.
    pub source: &'static str,
}

/// `--from` if given, else `SSH_CLIENT` (`client-address client-port
/// server-port`); `None` when neither names an address (a console).
pub fn origin(from: Option<IpAddr>, ssh_client: Option<&str>) -> Option<Origin> {
    if let Some(addr) = from {
        return Some(Origin {
            addr,
            port: None,
            source: "--from",
        });
    }
    let mut fields = ssh_client?.split_whitespace();
    let addr = fields.next()?.parse().ok()?;
    let port = fields.nth(1).and_then(|p| p.parse().ok());
    Some(Origin {
        addr,
        port,
        source: "SSH_CLIENT",
    })
}

/// The error when the policy names `self` and `origin`'s zone could not
/// reach it (on the session's port) under the new ruleset.
pub fn check(
    model: &Model,
    effective: &EffectivePolicy,
    addresses: &AddressTable,
    origin: &Origin,
) -> Option<Diagnostic> {
    let router = model.self_zone?;
    let zone = addresses.lookup(origin.addr);
    let allowed = zone.map(|z| effective.allowed(z, router));
    let needed = match origin.port {
        Some(p) => PortSet::ports(Proto::Tcp, u32::from(p), u32::from(p)),
        None => PortSet::any(),
    };
    if allowed.is_some_and(|a| a.overlaps(&needed)) {
        return None;
    }
    let zone_name = zone.map_or_else(
        || "no zone".to_string(),
        |z| format!("zone `{}`", terminal::escape(&model.zone(z).name)),
    );
    let port = origin
        .port
        .map_or_else(|| "on any port".to_string(), |p| format!("on tcp port {p}"));
    Some(
        Diagnostic::error(
            Code::Lockout,
            format!(
                "zonec apply is run from {} ({}, {zone_name}), which the new ruleset would not let reach the router {port}: loading it would cut this session",
                origin.addr, origin.source
            ),
        )
        .with_label(model.zone(router).span, "`self` named here")
        .with_help(
            "allow that zone to reach `self` (e.g. `allow mgmt -> self : ssh`), run apply from a management host, or pass `--allow-lockout` if you have console access",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_client_gives_the_address_and_the_routers_port() {
        let o = origin(None, Some("10.70.0.5 51234 22")).unwrap();
        assert_eq!(o.addr.to_string(), "10.70.0.5");
        assert_eq!(o.port, Some(22));
        let v6 = origin(None, Some("fd00:70::5 51234 2222")).unwrap();
        assert_eq!(v6.port, Some(2222));
        assert_eq!(origin(None, Some("garbage")), None);
        assert_eq!(origin(None, None), None);
    }

    #[test]
    fn from_wins_over_ssh_client() {
        let from = "10.1.1.1".parse().ok();
        let o = origin(from, Some("10.70.0.5 51234 22")).unwrap();
        assert_eq!((o.addr.to_string(), o.port), ("10.1.1.1".into(), None));
    }
}
