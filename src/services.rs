//! `explain`'s `--service` argument: declared service names and inline
//! ports (`https,tcp/8443`) to one port set. Naming a port set for people
//! is the views' job (`zonec_views::flows`).

use zonec_model::ports::{ICMPV6_TYPES, ICMP_TYPES};
use zonec_model::{Model, PortSet, Proto};

/// `--service` values: declared service names or inline ports, separated by
/// commas (`https,tcp/8443`).
pub fn parse(model: &Model, text: &str) -> Result<PortSet, String> {
    let mut set = PortSet::empty();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let ports = match model.services.iter().find(|s| s.name == part) {
            Some(s) => s.ports.clone(),
            None => inline(part).ok_or_else(|| {
                format!("`{part}` is neither a declared service nor a port such as `tcp/443`")
            })?,
        };
        set = set.union(&ports);
    }
    if set.is_empty() {
        return Err("no service given".to_string());
    }
    Ok(set)
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
        assert_eq!(
            parse(&m, "tcp/443").unwrap(),
            PortSet::ports(Proto::Tcp, 443, 443)
        );
        assert_eq!(parse(&m, "udp/1-3,any").unwrap(), PortSet::any());
        assert_eq!(
            parse(&m, "icmp/echo-request").unwrap(),
            PortSet::ports(Proto::Icmp, 8, 8)
        );
        assert!(parse(&m, "tcp/70000").is_err());
        assert!(parse(&m, "https").is_err());
    }
}
