//! `explain`'s `--service` and `--port` arguments: declared service names
//! and inline ports (`https,tcp/8443`) to one port set. An unknown service
//! gets the resolver's "did you mean" (`AskedNames`). Naming a port set for
//! people is the views' job (`zonec_views::flows`).

use zonec_base::{Code, Diagnostic};
use zonec_model::ports::{ICMPV6_TYPES, ICMP_TYPES};
use zonec_model::{AskedNames, Model, PortSet, Proto};

const PORT_HELP: &str = "ports look like `tcp/443`, `udp/5000-5010`, `icmp/echo-request` or `any`";

/// `--service` values: declared service names or inline ports, separated by
/// commas (`https,tcp/8443`).
pub fn parse(model: &Model, names: &AskedNames, text: &str) -> Result<PortSet, Diagnostic> {
    union(text, |part| {
        match model.services.iter().find(|s| s.name == part) {
            Some(s) => Ok(s.ports.clone()),
            None => inline(part).ok_or_else(|| match looks_like_port(part) {
                true => bad_port(part),
                false => names.unknown_service(part),
            }),
        }
    })
}

/// `--port` values: inline ports only (`tcp/443,udp/53`).
pub fn parse_ports(text: &str) -> Result<PortSet, Diagnostic> {
    union(text, |part| {
        inline(part).ok_or_else(|| match looks_like_port(part) {
            true => bad_port(part),
            false => Diagnostic::error(Code::UnknownService, format!("`{part}` is not a port"))
                .with_help(format!(
                    "{PORT_HELP}; name a declared service with `--service {part}`"
                )),
        })
    })
}

/// The union of every comma-separated part, each read by `one`.
fn union(
    text: &str,
    one: impl Fn(&str) -> Result<PortSet, Diagnostic>,
) -> Result<PortSet, Diagnostic> {
    let mut set = PortSet::empty();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        set = set.union(&one(part)?);
    }
    if set.is_empty() {
        let d = Diagnostic::error(Code::UnknownService, "no service or port given");
        return Err(d.with_help(PORT_HELP));
    }
    Ok(set)
}

/// A protocol, with or without `/`: a port, not a service name.
fn looks_like_port(part: &str) -> bool {
    let proto = part.split_once('/').map_or(part, |(p, _)| p);
    part.contains('/') || matches!(proto, "tcp" | "udp" | "icmp" | "icmpv6" | "any")
}

fn bad_port(part: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnknownService,
        format!("`{part}` is not a valid port"),
    )
    .with_help(PORT_HELP)
}

/// `any`, `tcp/443`, `udp/5000-5010`, `icmp`, `icmpv6/echo-request`, ...
fn inline(text: &str) -> Option<PortSet> {
    let (proto, rest) = match text.split_once('/') {
        Some((p, r)) => (p, Some(r)),
        None => (text, None),
    };
    match (proto, rest) {
        ("any", None) => Some(PortSet::any()),
        ("tcp", Some(r)) => range(Proto::Tcp, r),
        ("udp", Some(r)) => range(Proto::Udp, r),
        ("icmp", None) => Some(PortSet::proto(Proto::Icmp)),
        ("icmpv6", None) => Some(PortSet::proto(Proto::Icmpv6)),
        ("icmp", Some(name)) => icmp(Proto::Icmp, ICMP_TYPES, name),
        ("icmpv6", Some(name)) => icmp(Proto::Icmpv6, ICMPV6_TYPES, name),
        _ => None,
    }
}

fn range(proto: Proto, text: &str) -> Option<PortSet> {
    let (lo, hi) = text.split_once('-').unwrap_or((text, text));
    let (lo, hi): (u32, u32) = (lo.parse().ok()?, hi.parse().ok()?);
    (lo <= hi && hi <= 65_535).then(|| PortSet::ports(proto, lo, hi))
}

fn icmp(proto: Proto, table: &[(&str, u8)], name: &str) -> Option<PortSet> {
    let (_, t) = table.iter().find(|(n, _)| *n == name)?;
    Some(PortSet::ports(proto, u32::from(*t), u32::from(*t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_ports() {
        let m = Model::default();
        let names = AskedNames::new(&m);
        let parse = |text| parse(&m, &names, text);
        assert_eq!(
            parse("tcp/443").unwrap(),
            PortSet::ports(Proto::Tcp, 443, 443)
        );
        assert_eq!(parse("udp/1-3,any").unwrap(), PortSet::any());
        assert_eq!(
            parse("icmp/echo-request").unwrap(),
            PortSet::ports(Proto::Icmp, 8, 8)
        );
        assert_eq!(
            parse("tcp/70000").unwrap_err().message,
            "`tcp/70000` is not a valid port"
        );
        assert_eq!(
            parse("https").unwrap_err().message,
            "unknown service `https`"
        );
        assert_eq!(
            parse_ports("https").unwrap_err().message,
            "`https` is not a port"
        );
        assert!(parse_ports(" , ").is_err());
        assert_eq!(
            parse_ports("icmpv6").unwrap(),
            PortSet::proto(Proto::Icmpv6)
        );
    }
}
